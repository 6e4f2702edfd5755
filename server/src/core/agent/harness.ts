import { EVERY_FILE_GLOBS } from '../config/context';
import { matchesAny } from '../config/resolve';
import { frontMatterList } from '../documents/frontMatter';
import type { AgentFileHeader } from './frontMatter';
import { isInside, scopeFolderOf, folderOf, type AgentFileKind } from './kinds';

/**
 * Which files each agent harness sends, and when. The rules follow the vendors' documentation
 * (sources in docs/agent-context.md); the table there and this file change together.
 */

export const HARNESSES = ['copilot', 'claude-code', 'codex', 'gemini-cli', 'cursor'] as const;
export type Harness = (typeof HARNESSES)[number];
export const DEFAULT_HARNESS: Harness = 'copilot';

export function isHarness(value: string): value is Harness {
  return (HARNESSES as readonly string[]).includes(value);
}

export type ContextItemKind = 'always' | 'conditional' | 'on-demand' | 'tools';

/** One place a file takes in a harness's request: its body, or only a skill's `name: description`. */
export interface Placement {
  kind: Exclude<ContextItemKind, 'tools'>;
  reason: string;
  /** `body`: the text after the front matter; `skill-metadata`: `<name>: <description>`. */
  text: 'body' | 'skill-metadata';
}

/** The MCP config each harness reads from the project (Codex reads only its own TOML config). */
export const MCP_CONFIG_OF: Readonly<Record<Harness, string | null>> = {
  copilot: '.vscode/mcp.json',
  'claude-code': '.mcp.json',
  codex: null,
  'gemini-cli': '.gemini/settings.json',
  cursor: '.cursor/mcp.json',
};

/** Skill folders each harness scans in the project. */
const SKILL_ROOTS: Readonly<Record<Harness, readonly string[]>> = {
  copilot: ['.github/skills/', '.claude/skills/', '.agents/skills/'],
  'claude-code': ['.claude/skills/'],
  codex: ['.agents/skills/'],
  'gemini-cli': ['.gemini/skills/', '.agents/skills/'],
  cursor: ['.cursor/skills/'],
};

/** The instruction files a harness calls its own, for the duplicate quick fix: keep the text there. */
export const OWN_FILE_KINDS: Readonly<Record<Harness, readonly AgentFileKind[]>> = {
  copilot: ['copilot-instructions', 'scoped-instructions'],
  'claude-code': ['claude-md', 'claude-local-md', 'claude-rule'],
  codex: ['agents-md', 'agents-override-md'],
  'gemini-cli': ['gemini-md'],
  cursor: ['cursor-rule', 'cursorrules'],
};

/**
 * `applyTo` values that mean every file: the budget's always-on context's, plus `*`, which the
 * agent context has always read as every file while the budget does not (still to settle
 * against VS Code's documentation).
 */
const EVERYTHING = new Set([...EVERY_FILE_GLOBS, '*']);

/** Globs with a slash are anchored at the workspace root; a bare `*.ts` matches at any depth. */
function scopeMatches(globs: readonly string[], forPath: string | null): boolean {
  return forPath !== null && matchesAny(forPath, globs);
}

/**
 * A nested instruction file (AGENTS.md, CLAUDE.md, GEMINI.md below the root): sent when the
 * file being edited lies in its folder, never otherwise.
 */
function nested(path: string, forPath: string | null, reason: string): Placement[] {
  const folder = scopeFolderOf(path);
  if (forPath !== null && isInside(forPath, folder)) return [{ kind: 'conditional', reason: `${reason} (${folder}/)`, text: 'body' }];
  return [];
}

function skill(path: string, harness: Harness): Placement[] {
  if (!SKILL_ROOTS[harness].some((root) => path.startsWith(root))) return [];
  return [
    { kind: 'always', reason: 'skill name and description', text: 'skill-metadata' },
    { kind: 'on-demand', reason: 'skill body, when the skill is used', text: 'body' },
  ];
}

/**
 * Where one agent file goes in `harness`'s request while `forPath` is edited (`null`: no file in
 * particular, so path-scoped files are not sent). Empty when that harness never reads it.
 */
export function placementsOf(path: string, kind: AgentFileKind, header: AgentFileHeader, harness: Harness, forPath: string | null, siblings: ReadonlySet<string>): Placement[] {
  const atRoot = scopeFolderOf(path) === '';
  if (kind === 'skill') return skill(path, harness);
  if (kind === 'mcp-config') return [];
  switch (harness) {
    case 'copilot':
      if (kind === 'copilot-instructions') return [{ kind: 'always', reason: 'repository instructions', text: 'body' }];
      if (kind === 'agents-md') return atRoot ? [{ kind: 'always', reason: 'AGENTS.md at the root', text: 'body' }] : nested(path, forPath, 'nested AGENTS.md');
      if (kind === 'scoped-instructions') {
        if (!path.startsWith('.github/instructions/')) return [];
        const applyTo = frontMatterList(header.data.applyTo);
        if (applyTo.some((glob) => EVERYTHING.has(glob))) return [{ kind: 'always', reason: `applyTo: ${applyTo.join(', ')}`, text: 'body' }];
        if (applyTo.length === 0) return [{ kind: 'on-demand', reason: 'no applyTo: attached by hand or picked by description', text: 'body' }];
        return scopeMatches(applyTo, forPath) ? [{ kind: 'conditional', reason: `applyTo: ${applyTo.join(', ')}`, text: 'body' }] : [];
      }
      if (kind === 'custom-agent') return [{ kind: 'on-demand', reason: 'custom agent, when selected', text: 'body' }];
      if (kind === 'chat-mode') return [{ kind: 'on-demand', reason: 'chat mode (legacy), when selected', text: 'body' }];
      return [];
    case 'claude-code':
      if (kind === 'claude-md' || kind === 'claude-local-md') {
        const label = kind === 'claude-md' ? 'CLAUDE.md' : 'CLAUDE.local.md';
        return atRoot ? [{ kind: 'always', reason: `${label} of the project`, text: 'body' }] : nested(path, forPath, `nested ${label}, read with files there`);
      }
      if (kind === 'claude-rule') {
        if (!path.startsWith('.claude/rules/')) return [];
        const paths = frontMatterList(header.data.paths);
        if (paths.length === 0) return [{ kind: 'always', reason: 'rule without paths', text: 'body' }];
        return scopeMatches(paths, forPath) ? [{ kind: 'conditional', reason: `paths: ${paths.join(', ')}`, text: 'body' }] : [];
      }
      return [];
    case 'codex': {
      if (kind !== 'agents-md' && kind !== 'agents-override-md') return [];
      // One file per folder: AGENTS.override.md wins over AGENTS.md beside it.
      if (kind === 'agents-md' && siblings.has(`${folderOf(path) ? `${folderOf(path)}/` : ''}AGENTS.override.md`)) return [];
      const label = kind === 'agents-md' ? 'AGENTS.md' : 'AGENTS.override.md';
      return atRoot ? [{ kind: 'always', reason: `${label} at the project root`, text: 'body' }] : nested(path, forPath, `${label} on the path to the working folder`);
    }
    case 'gemini-cli':
      if (kind !== 'gemini-md') return [];
      return atRoot ? [{ kind: 'always', reason: 'GEMINI.md of the workspace', text: 'body' }] : nested(path, forPath, 'GEMINI.md loaded when a tool reads files there');
    case 'cursor':
      if (kind === 'cursorrules') return [{ kind: 'always', reason: '.cursorrules (legacy)', text: 'body' }];
      if (kind === 'agents-md') return atRoot ? [{ kind: 'always', reason: 'AGENTS.md at the root', text: 'body' }] : nested(path, forPath, 'nested AGENTS.md');
      if (kind === 'cursor-rule') {
        if (!path.startsWith('.cursor/rules/')) return [];
        if (header.data.alwaysApply === true) return [{ kind: 'always', reason: 'alwaysApply: true', text: 'body' }];
        const globs = frontMatterList(header.data.globs);
        if (globs.length > 0) return scopeMatches(globs, forPath) ? [{ kind: 'conditional', reason: `globs: ${globs.join(', ')}`, text: 'body' }] : [];
        const description = typeof header.data.description === 'string' && header.data.description.trim() !== '';
        return [{ kind: 'on-demand', reason: description ? 'agent requested, by description' : 'manual, when @-mentioned', text: 'body' }];
      }
      return [];
  }
}
