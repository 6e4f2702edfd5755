import type { Budget, FrontMatter, OffsetRange, ParseProblem, PromptDocument, PromptFormat, PromptRegion, PromptSection, TemplateVariable } from '../types';
import { isSingleMessageFormat } from './formats';
import { parseFrontMatter } from './frontMatter';
import { findTemplateVariables } from './variables';

/** Prompty role markers: a line that is only `system:` (optionally `# system:`), as Prompty's parser reads them. */
const PROMPTY_ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|developer|function|tool)[ \t]*:[ \t]*(?:\r?\n|$)/gim;
/** Dotprompt role helpers, `{{role "system"}}`, and the `{{history}}` insertion point. */
const DOTPROMPT_ROLE = /\{\{~?\s*(?:role\s+["'](\w+)["']|(history))\s*~?\}\}/g;

const SINGLE_MESSAGE_ROLES: Partial<Record<PromptFormat, { name: string; role: string }>> = {
  'vscode-prompt': { name: 'prompt', role: 'user' },
  'vscode-instructions': { name: 'instructions', role: 'system' },
  'vscode-chatmode': { name: 'chat mode', role: 'system' },
  markdown: { name: 'body', role: 'user' },
  text: { name: 'body', role: 'user' },
};

/**
 * Reads a prompt file into its parts. Never throws: problems come back in `problems` and the
 * rest of the document is still described.
 *
 * Region text is what would be sent: the body after the front matter for single-message formats
 * (verbatim), and for Prompty and Dotprompt each message between role markers with surrounding
 * whitespace trimmed, as their runtimes trim it.
 */
export function parsePromptDocument(text: string, format: PromptFormat): PromptDocument {
  const { frontMatter, problems } = parseFrontMatter(text);
  const bodyStart = frontMatter ? frontMatter.range.end : text.startsWith('\uFEFF') ? 1 : 0;
  const regions = isSingleMessageFormat(format)
    ? [{ ...(SINGLE_MESSAGE_ROLES[format] ?? { name: 'body', role: 'user' }), range: { start: bodyStart, end: text.length } }]
    : format === 'prompty'
      ? splitPromptyRegions(text, bodyStart)
      : splitDotpromptRegions(text, bodyStart);
  const declared = readDeclaredModel(frontMatter);
  const budget = readBudget(frontMatter, problems);
  // Sections and variables scan the whole body; live token counts need neither, so they are
  // found on first use and kept.
  let sections: PromptSection[] | undefined;
  let variables: TemplateVariable[] | undefined;
  return {
    format,
    frontMatter,
    declaredModel: declared?.model ?? null,
    declaredModelRange: declared?.range ?? null,
    budget: budget?.budget ?? null,
    maxOutputTokens: readMaxOutputTokens(frontMatter),
    regions,
    get sections() {
      return (sections ??= findSections(text, bodyStart, text.length));
    },
    get variables() {
      return (variables ??= findTemplateVariables(text, bodyStart, text.length));
    },
    problems,
  };
}

function trimRange(text: string, start: number, end: number): OffsetRange {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function splitByMarkers(
  text: string,
  bodyStart: number,
  markers: Array<{ role: string; range: OffsetRange }>,
  leadingRole: string,
): PromptRegion[] {
  const regions: PromptRegion[] = [];
  const firstMarker = markers.length > 0 ? markers[0].range.start : text.length;
  const leading = trimRange(text, bodyStart, firstMarker);
  if (leading.end > leading.start) regions.push({ name: leadingRole, role: leadingRole, range: leading });
  markers.forEach((marker, index) => {
    const end = index + 1 < markers.length ? markers[index + 1].range.start : text.length;
    const range = trimRange(text, marker.range.end, end);
    regions.push({ name: marker.role, role: marker.role, range, markerRange: marker.range });
  });
  return regions;
}

function splitPromptyRegions(text: string, bodyStart: number): PromptRegion[] {
  const markers: Array<{ role: string; range: OffsetRange }> = [];
  const regex = new RegExp(PROMPTY_ROLE_LINE.source, PROMPTY_ROLE_LINE.flags);
  regex.lastIndex = bodyStart;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) { regex.lastIndex++; continue; }
    markers.push({ role: match[1].toLowerCase(), range: { start: match.index, end: match.index + match[0].length } });
  }
  // Prompty sends text before the first role marker as the system message.
  return splitByMarkers(text, bodyStart, markers, 'system');
}

function splitDotpromptRegions(text: string, bodyStart: number): PromptRegion[] {
  const markers: Array<{ role: string; range: OffsetRange }> = [];
  const regex = new RegExp(DOTPROMPT_ROLE.source, DOTPROMPT_ROLE.flags);
  regex.lastIndex = bodyStart;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    let end = match.index + match[0].length;
    // A marker alone on its line takes its line break with it.
    if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
    else if (text[end] === '\n') end += 1;
    markers.push({ role: match[1] ? match[1].toLowerCase() : 'history', range: { start: match.index, end } });
  }
  // Dotprompt sends text outside any role block as the user message.
  return splitByMarkers(text, bodyStart, markers, 'user').filter((region) => region.role !== 'history' || region.range.end > region.range.start);
}

/** ATX headings outside fenced code, as markdown sections nested by level. */
export function findSections(text: string, start: number, end: number): PromptSection[] {
  const headings: Array<{ name: string; level: number; start: number; lineEnd: number }> = [];
  let fence: string | null = null;
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1];
      else if (fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
    } else if (fence === null) {
      const heading = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(line);
      if (heading) headings.push({ name: heading[2] || '(untitled)', level: heading[1].length, start: lineStart, lineEnd });
    }
    lineStart = lineEnd + 1;
  }
  return headings.map((heading, index) => {
    let sectionEnd = end;
    for (let next = index + 1; next < headings.length; next++) {
      if (headings[next].level <= heading.level) { sectionEnd = headings[next].start; break; }
    }
    return { name: heading.name, level: heading.level, range: { start: heading.start, end: sectionEnd }, headingRange: { start: heading.start, end: heading.lineEnd } };
  });
}

const MODEL_PATHS = ['model', 'model.id', 'model.name', 'model.configuration.name', 'model.configuration.model', 'model.configuration.azure_deployment', 'model.0'];

function readDeclaredModel(frontMatter: FrontMatter | null): { model: string; range: OffsetRange | null } | null {
  if (!frontMatter?.data) return null;
  for (const path of MODEL_PATHS) {
    const value = getPath(frontMatter.data, path);
    if (typeof value === 'string' && value.trim()) return { model: value.trim(), range: frontMatter.valueRanges[path] ?? null };
  }
  return null;
}

/**
 * Where a prompt may declare its budget: Tokenwise's own key, and a top-level `budget`, which no
 * prompt format we read (VS Code prompt files, Prompty, Dotprompt) uses for anything else.
 * `tokenwise.budget` wins when both are written.
 */
const BUDGET_PATHS = ['tokenwise.budget', 'budget'] as const;

function readBudget(frontMatter: FrontMatter | null, problems: ParseProblem[]): { budget: Budget } | null {
  if (!frontMatter?.data) return null;
  const path = BUDGET_PATHS.find((candidate) => {
    const value = getPath(frontMatter.data, candidate);
    return value !== undefined && value !== null;
  });
  if (!path) return null;
  const raw = getPath(frontMatter.data, path);
  const range = frontMatter.valueRanges[path] ?? frontMatter.valueRanges[`${path}.tokens`] ?? frontMatter.valueRanges[`${path}.usd`] ?? frontMatter.contentRange;
  const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (positive(raw)) return { budget: { tokens: raw as number, usd: null } };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const { tokens, usd } = raw as Record<string, unknown>;
    const budget: Budget = { tokens: positive(tokens) ? (tokens as number) : null, usd: positive(usd) ? (usd as number) : null };
    if ((tokens === undefined || budget.tokens !== null) && (usd === undefined || budget.usd !== null) && (budget.tokens !== null || budget.usd !== null)) {
      return { budget };
    }
  }
  problems.push({ message: `\`${path}\` must be a positive number of tokens, or \`{ tokens: N }\` / \`{ usd: N }\` per call; it is ignored.`, range });
  return null;
}

const MAX_OUTPUT_PATHS = ['model.parameters.max_tokens', 'model.parameters.max_completion_tokens', 'model.parameters.max_output_tokens', 'config.maxOutputTokens', 'max_tokens', 'maxOutputTokens', 'max_output_tokens'];

function readMaxOutputTokens(frontMatter: FrontMatter | null): number | null {
  if (!frontMatter?.data) return null;
  for (const path of MAX_OUTPUT_PATHS) {
    const value = getPath(frontMatter.data, path);
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.floor(value);
  }
  return null;
}

/** Reads `a.b.c` from plain YAML data; array indices are path segments too. */
export function getPath(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
