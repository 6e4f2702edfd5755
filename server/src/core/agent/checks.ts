import { formatCount } from '../../shared/format';
import type { Diagnostic, OffsetRange } from '../types';
import type { AgentContext, AgentFile, ContextCounter } from './context';
import { readAgentHeader, type AgentFileHeader } from './frontMatter';
import { OWN_FILE_KINDS, type Harness } from './harness';
import { agentFileKind, type AgentFileKind } from './kinds';

/**
 * Diagnostics about agent files: checks of one file (skills, legacy chat modes, the old `mode:`
 * key) and checks across the files a harness sends together (always-on size, duplicates).
 */

/** The Agent Skills spec: 1–64 characters, lowercase letters, digits and single hyphens inside. */
const SKILL_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SKILL_NAME_MAX = 64;
export const SKILL_DESCRIPTION_MAX = 1024;

function headOf(text: string): OffsetRange {
  const newline = text.indexOf('\n');
  return { start: 0, end: newline < 0 ? text.length : newline };
}

/** Checks of one agent or prompt file that need nothing but its own text. */
export function agentFileDiagnostics(path: string, text: string, header?: AgentFileHeader): Diagnostic[] {
  const kind = agentFileKind(path);
  const diagnostics: Diagnostic[] = [];
  if (kind === 'skill') diagnostics.push(...skillDiagnostics(path, text, header ?? readAgentHeader(text, 'skill')));
  if (kind === 'chat-mode') {
    diagnostics.push({
      code: 'deprecated-chatmode',
      severity: 'warning',
      message: 'Chat modes are custom agents since VS Code 1.106: rename this file to `.agent.md` (and move it to `.github/agents/` if it lives in `.github/chatmodes/`).',
      range: headOf(text),
      tags: ['deprecated'],
    });
  }
  if (/\.prompt\.md$/i.test(path)) {
    const header = readAgentHeader(text, 'custom-agent');
    const match = header.hasFrontMatter ? /^mode[ \t]*:/m.exec(text.slice(0, header.bodyStart)) : null;
    if (match) {
      const range = { start: match.index, end: match.index + 4 };
      diagnostics.push({
        code: 'deprecated-mode-key',
        severity: 'warning',
        message: '`mode:` in prompt files is now `agent:` (VS Code 1.106 renamed chat modes to custom agents).',
        range,
        tags: ['deprecated'],
        fixes: [{ title: 'Rename `mode:` to `agent:`', edits: [{ range, newText: 'agent' }], isPreferred: true }],
      });
    }
  }
  return diagnostics;
}

/** Kinds whose front matter decides when they are sent, so a broken header changes the request. */
const HEADER_MATTERS = new Set<AgentFileKind>(['cursor-rule', 'scoped-instructions', 'claude-rule', 'custom-agent', 'chat-mode']);

/**
 * What the command line reports about one agent file: the checks above plus a broken header
 * where the header decides when the file is sent (the editor shows those as front matter errors).
 */
export function agentFileProblems(path: string, text: string, header?: AgentFileHeader): Diagnostic[] {
  const kind = agentFileKind(path);
  const problems = agentFileDiagnostics(path, text, header);
  if (kind && HEADER_MATTERS.has(kind)) {
    for (const problem of (header ?? readAgentHeader(text, kind)).problems) problems.push({ code: 'front-matter-invalid', severity: 'warning', message: problem.message, range: problem.range });
  }
  return problems.sort((a, b) => a.range.start - b.range.start);
}

function skillDiagnostics(path: string, text: string, header: AgentFileHeader): Diagnostic[] {
  const folder = path.split('/').slice(-2, -1)[0] ?? '';
  if (!header.hasFrontMatter) {
    return [{
      code: 'skill-front-matter-missing',
      severity: 'warning',
      message: `SKILL.md has no front matter: agents list a skill by its \`name\` and \`description\` (between \`---\` lines), so this one cannot be found. Add:\n---\nname: ${SKILL_NAME.test(folder) ? folder : 'my-skill'}\ndescription: What it does and when to use it.\n---`,
      range: headOf(text),
    }];
  }
  const diagnostics: Diagnostic[] = [];
  const ranges = header.ranges;
  const nameRange = ranges.name ?? headOf(text);
  const name = header.data.name;
  if (typeof name !== 'string' || !name.trim()) {
    diagnostics.push({ code: 'skill-name-invalid', severity: 'warning', message: 'The skill has no `name`: give it one of up to 64 lowercase letters, digits and hyphens, matching its folder.', range: nameRange });
  } else if (name.length > SKILL_NAME_MAX || !SKILL_NAME.test(name)) {
    const why = name.length > SKILL_NAME_MAX ? `is ${name.length} characters long (at most ${SKILL_NAME_MAX})` : 'may only hold lowercase letters, digits and single hyphens, not at the start or end';
    diagnostics.push({ code: 'skill-name-invalid', severity: 'warning', message: `The skill name "${name}" ${why}.`, range: nameRange });
  } else if (folder && folder !== name) {
    diagnostics.push({ code: 'skill-name-invalid', severity: 'warning', message: `The skill name "${name}" differs from its folder "${folder}"; the Agent Skills spec asks them to match.`, range: nameRange });
  }
  const description = header.data.description;
  if (typeof description === 'string' && description.length > SKILL_DESCRIPTION_MAX) {
    diagnostics.push({
      code: 'skill-description-too-long',
      severity: 'warning',
      message: `The skill description is ${formatCount(description.length)} characters (at most ${formatCount(SKILL_DESCRIPTION_MAX)}); it is sent with every request, so keep it to what tells the agent when to use the skill.`,
      range: ranges.description ?? nameRange,
    });
  }
  return diagnostics;
}

/** One instruction: a list item or a sentence of at least eight words. */
export interface Instruction {
  normalized: string;
  range: OffsetRange;
  text: string;
}

const MIN_WORDS = 8;

/** The instructions of a markdown body, outside fenced code. */
export function instructionsOf(text: string, bodyStart: number): Instruction[] {
  const out: Instruction[] = [];
  let offset = bodyStart;
  let fenced = false;
  for (const rawLine of text.slice(bodyStart).split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || !line.trim() || /^\s*#/.test(line) || /^\s*\|/.test(line)) continue;
    const item = /^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$/.exec(line);
    if (item) {
      push(out, item[2], { start: lineStart, end: Math.min(offset, text.length) });
      continue;
    }
    const sentence = /[^.!?]+(?:[.!?]+|$)\s*/g;
    for (let match = sentence.exec(line); match && match[0].length > 0; match = sentence.exec(line)) {
      push(out, match[0], { start: lineStart + match.index, end: lineStart + match.index + match[0].length });
    }
  }
  return out;
}

function push(out: Instruction[], text: string, range: OffsetRange): void {
  const normalized = text.toLowerCase().replace(/[*_`]/g, '').replace(/\s+/g, ' ').replace(/[\s.!?;:,]+$/, '').trim();
  if (normalized.split(' ').length >= MIN_WORDS) out.push({ normalized, range, text: text.trim() });
}

export interface ContextCheckInput {
  files: readonly AgentFile[];
  /** The request of each harness with no file in particular. */
  contexts: readonly AgentContext[];
  alwaysOnBudget: number;
  counter: ContextCounter;
}

/** Diagnostics across files, by path: always-on context over budget, instructions sent twice. */
export function contextDiagnostics(input: ContextCheckInput): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const add = (path: string, diagnostic: Diagnostic) => out.set(path, [...(out.get(path) ?? []), diagnostic]);
  const texts = new Map(input.files.map((file) => [file.path, file.text]));
  for (const context of input.contexts) {
    if (context.totals.perRequest <= input.alwaysOnBudget) continue;
    const always = context.items.filter((item) => item.kind === 'always' || item.kind === 'tools');
    const biggestFile = always.find((item) => item.fileKind !== 'mcp-tool');
    if (!biggestFile) continue;
    const estimate = context.estimate;
    const top = always.slice(0, 3).map((item) => `${item.path} ${formatCount(item.tokens, { estimate })}`).join(', ');
    add(biggestFile.path, {
      code: 'always-on-context-large',
      severity: 'warning',
      message: `${context.harness} sends ${formatCount(context.totals.perRequest, { estimate })} tokens with every request before the user types (alwaysOnBudget ${formatCount(input.alwaysOnBudget)}). Largest: ${top}. Move rarely needed parts into path-scoped instructions or skills.`,
      range: headOf(texts.get(biggestFile.path) ?? ''),
    });
  }
  // One diagnostic per copy, naming every harness that sends both files.
  const copies = new Map<string, { diagnostic: Diagnostic; harnesses: Harness[]; keep: string; tokens: number; estimate: boolean }>();
  for (const context of input.contexts) {
    const sent = [...new Set(context.items.filter((item) => (item.kind === 'always' || item.kind === 'conditional') && item.fileKind !== 'mcp-tool' && item.reason !== 'skill name and description').map((item) => item.path))];
    const byText = new Map<string, Array<{ path: string; instruction: Instruction }>>();
    for (const path of sent) {
      const text = texts.get(path);
      const kind = agentFileKind(path);
      if (text === undefined || !kind) continue;
      for (const instruction of instructionsOf(text, readAgentHeader(text, kind).bodyStart)) {
        byText.set(instruction.normalized, [...(byText.get(instruction.normalized) ?? []), { path, instruction }]);
      }
    }
    const own = (path: string) => OWN_FILE_KINDS[context.harness].includes(agentFileKind(path) as AgentFileKind);
    for (const occurrences of byText.values()) {
      const paths = [...new Set(occurrences.map((occurrence) => occurrence.path))];
      if (paths.length < 2) continue;
      // Keep the text in the harness's own file; among equals, in the first by path.
      const keep = paths.find(own) ?? paths[0];
      for (const { path, instruction } of occurrences) {
        if (path === keep) continue;
        const key = `${path}\u0000${instruction.range.start}`;
        const existing = copies.get(key);
        if (existing) {
          if (!existing.harnesses.includes(context.harness)) existing.harnesses.push(context.harness);
          continue;
        }
        const tokens = input.counter.count(instruction.text, 'text');
        const diagnostic: Diagnostic = {
          code: 'duplicate-across-context',
          severity: 'warning',
          message: '',
          range: instruction.range,
          tags: ['unnecessary'],
          fixes: [{ title: `Remove the copy from ${path} (kept in ${keep})`, edits: [{ range: instruction.range, newText: '' }], savedTokens: tokens, isPreferred: true }],
        };
        copies.set(key, { diagnostic, harnesses: [context.harness], keep, tokens, estimate: context.estimate });
        add(path, diagnostic);
      }
    }
  }
  for (const { diagnostic, harnesses, keep, tokens, estimate } of copies.values()) {
    diagnostic.message = `The same instruction is in ${keep}, which ${harnesses.join(', ')} ${harnesses.length > 1 ? 'send' : 'sends'} with this file: ${formatCount(tokens, { estimate })} tokens wasted on every request.`;
  }
  return out;
}
