import { agentFileKind } from '../../agent/kinds';
import type { PromptFormat, TemplateVariable } from '../../types';

/**
 * What the harness that sends a prompt file fills in per call:
 * - `none`: instructions, chat modes, agents, skills, AGENTS.md / CLAUDE.md: sent as written.
 * - `vscode`: VS Code prompt files: `${input:…}`, `${selection}`, `${file}` and the other
 *   documented variables; any other `${…}` or `{{…}}` is text.
 * - `template`: Prompty and Dotprompt render `{{…}}` (and Jinja tags) from the call's inputs.
 * - `any`: text the author feeds through their own code: every template syntax and literal that
 *   looks per-call (today's date, ids, `[INSERT …]`) may change.
 */
export type Substitution = 'none' | 'vscode' | 'template' | 'any';

/** Variables VS Code substitutes in `.prompt.md` files besides `${input:…}`. */
const VSCODE_VARIABLES = new Set([
  'selection', 'selectedText', 'file', 'fileBasename', 'fileDirname', 'fileBasenameNoExtension', 'workspaceFolder', 'workspaceFolderBasename',
]);

/**
 * Agent files (custom agents, skills, AGENTS.md, CLAUDE.md, rules, instructions: `agentFileKind`,
 * the one list of them) are sent as written by a harness that substitutes nothing.
 */
export function substitutionOf(format: PromptFormat, path = ''): Substitution {
  if (agentFileKind(path, { anyPlace: true }) !== null) return 'none';
  switch (format) {
    case 'vscode-instructions':
    case 'vscode-chatmode':
      return 'none';
    case 'vscode-prompt':
      return 'vscode';
    case 'prompty':
    case 'dotprompt':
      return 'template';
    default:
      return 'any';
  }
}

/** True when the harness fills `variable` in per call. */
export function isSubstituted(variable: TemplateVariable, raw: string, substitution: Substitution): boolean {
  switch (substitution) {
    case 'none':
      return false;
    case 'vscode':
      return variable.syntax === 'vscode-input' || (variable.syntax === 'dollar' && VSCODE_VARIABLES.has(raw.slice(2, -1)));
    case 'template':
      return variable.syntax === 'mustache' || variable.syntax === 'jinja-block';
    default:
      return variable.syntax !== 'jinja-comment';
  }
}

/** Only Prompty, Dotprompt and the author's own code choose where an Anthropic `cache_control` breakpoint goes. */
export function authorControlsCall(substitution: Substitution): boolean {
  return substitution === 'template' || substitution === 'any';
}
