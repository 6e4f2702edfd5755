import type { Budget, FrontMatter, OffsetRange, ParseProblem, PromptDocument, PromptFormat, PromptRegion, PromptSection, TemplateVariable } from '../types';
import { isSingleMessageFormat } from './formats';
import { parseFrontMatter } from './frontMatter';
import { findTemplateVariables } from './variables';

/**
 * Prompty role boundaries as the Prompty runtimes read them (microsoft/prompty `PromptyChatParser`,
 * Python and TypeScript, 2026): a line that is only a role, optionally as a `#` heading and with
 * attributes, `user[name="Alice"]:`. `tool` is not a boundary there.
 */
// `(?:#[ \t]*)?` rather than `#?[ \t]*`: two adjacent `[ \t]*` split a long run of spaces in quadratically many ways.
const PROMPTY_ROLE_LINE = /^[ \t]*(?:#[ \t]*)?(system|user|assistant|developer)(\[\w+[ \t]*=[ \t]*[^\]\n]*\])?[ \t]*:[ \t]*(?:\r?\n|$)/gim;
/**
 * Dotprompt role helpers, `{{role "system"}}`, and the `{{history}}` insertion point. The runtime
 * only splits on lowercase role names (`<<<dotprompt:role:[a-z]+>>>`); `~` trims adjacent whitespace.
 */
const DOTPROMPT_ROLE = /\{\{(~?)\s*(?:role\s+(?:"([a-z]+)"|'([a-z]+)')|(history))\s*(~?)\}\}/g;
/** The same tags, to tell them apart from other tags (their `~` is applied where they split). */
const DOTPROMPT_ROLE_TAG = /^\{\{~?\s*(?:role\s|history\b)/;
/** The Dotprompt section helper, `{{section "name"}}`. */
const DOTPROMPT_SECTION = /\{\{~?\s*section\s+(?:"[^"\n]*"|'[^'\n]*')\s*~?\}\}/g;
/** Handlebars comments, `{{! … }}` and `{{!-- … --}}`; the renderer drops them. */
const HANDLEBARS_COMMENT = /\{\{(~?)!--[\s\S]*?--(~?)\}\}|\{\{(~?)![\s\S]*?(~?)\}\}/g;
/** Any other Handlebars tag with `~` whitespace control on either side. */
const HANDLEBARS_TILDE = /\{\{~[^}]*\}\}|\{\{[^}!]*~\}\}/g;
/**
 * What Dotprompt skips before the front matter: `#` lines and blank lines (google/dotprompt
 * `FRONTMATTER_AND_BODY_REGEX` since 2026-01, in the JS, Python, Go, Rust and Java runtimes).
 */
const DOTPROMPT_HEADER = /^(?:(?:#[^\n]*|[ \t]*)\n)*(?=---)/;

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
 * (verbatim); for Prompty and Dotprompt each message as their runtimes cut and trim it.
 */
export function parsePromptDocument(text: string, format: PromptFormat): PromptDocument {
  const { frontMatter, problems } = format === 'dotprompt' ? parseDotpromptFrontMatter(text) : parseFrontMatter(text);
  const bodyStart = frontMatter ? frontMatter.range.end : text.startsWith('\uFEFF') ? 1 : 0;
  const regions = isSingleMessageFormat(format)
    ? [{ ...(SINGLE_MESSAGE_ROLES[format] ?? { name: 'body', role: 'user' }), range: { start: bodyStart, end: text.length } }]
    : format === 'prompty'
      ? splitPromptyRegions(text, bodyStart)
      : splitDotpromptRegions(text, frontMatter);
  if (format === 'dotprompt' && !frontMatter) problems.push(...unreadDotpromptFrontMatter(text));
  const declared = readDeclaredModel(frontMatter);
  const budget = readBudget(frontMatter, problems);
  return new ParsedPromptDocument(text, bodyStart, {
    format,
    frontMatter,
    declaredModel: declared?.model ?? null,
    declaredModelRange: declared?.range ?? null,
    ...(declared?.choice ? { declaredModelChoice: declared.choice } : {}),
    budget: budget?.budget ?? null,
    maxOutputTokens: readMaxOutputTokens(frontMatter),
    regions,
    problems,
  });
}

/**
 * A parsed prompt file. Sections and variables scan the whole body and live token counts need
 * neither, so they are found on first use and kept. They are getters of this class rather than
 * of an object literal: V8 gives each object literal whose getter is a new closure a hidden
 * class of its own in the old generation, and that hidden class holds the closure and so this
 * version of the text until the next full collection. Every edit of a 2 MB prompt then kept its
 * 4 MB version alive through every young collection, to be promoted and collected late.
 */
// The interface gives the class the fields `Object.assign` copies in its constructor.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
interface ParsedPromptDocument extends Omit<PromptDocument, 'sections' | 'variables'> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class ParsedPromptDocument implements PromptDocument {
  readonly #text: string;
  readonly #bodyStart: number;
  #sections: PromptSection[] | undefined;
  #variables: TemplateVariable[] | undefined;

  constructor(text: string, bodyStart: number, fields: Omit<PromptDocument, 'sections' | 'variables'>) {
    Object.assign(this, fields);
    this.#text = text;
    this.#bodyStart = bodyStart;
  }

  get sections(): PromptSection[] {
    return (this.#sections ??= findSections(this.#text, this.#bodyStart, this.#text.length));
  }

  get variables(): TemplateVariable[] {
    return (this.#variables ??= findTemplateVariables(this.#text, this.#bodyStart, this.#text.length));
  }
}

/** The parts of a region that are sent, in order: its range without the omitted spans. */
export function regionPieces(region: { range: OffsetRange; omitted?: readonly OffsetRange[] }): OffsetRange[] {
  if (!region.omitted?.length) return [region.range];
  const pieces: OffsetRange[] = [];
  let position = region.range.start;
  for (const gap of region.omitted) {
    if (gap.start >= region.range.end) break;
    if (gap.start > position) pieces.push({ start: position, end: gap.start });
    position = Math.max(position, gap.end);
  }
  if (position < region.range.end) pieces.push({ start: position, end: region.range.end });
  return pieces;
}

function clipSpans(spans: readonly OffsetRange[], range: OffsetRange): OffsetRange[] {
  return spans
    .filter((span) => span.end > range.start && span.start < range.end)
    .map((span) => ({ start: Math.max(span.start, range.start), end: Math.min(span.end, range.end) }));
}

function mergeSpans(spans: readonly OffsetRange[]): OffsetRange[] {
  const merged: OffsetRange[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else if (span.end > span.start) merged.push({ ...span });
  }
  return merged;
}

/**
 * `{{section "name"}}` tags split a Dotprompt message into parts: the tags are not text, and the
 * runtime drops parts that are only whitespace (`splitByMediaAndSectionMarkers`).
 */
function sectionSpans(text: string, range: OffsetRange, omitted: readonly OffsetRange[]): OffsetRange[] {
  const regex = new RegExp(DOTPROMPT_SECTION.source, 'g');
  regex.lastIndex = range.start;
  const tags: OffsetRange[] = [];
  for (let match = regex.exec(text); match && match.index + match[0].length <= range.end; match = regex.exec(text)) {
    if (!omitted.some((span) => match!.index >= span.start && match!.index < span.end)) tags.push({ start: match.index, end: match.index + match[0].length });
  }
  if (tags.length === 0) return [];
  const spans: OffsetRange[] = [];
  let partStart = range.start;
  for (const tag of [...tags, { start: range.end, end: range.end }]) {
    const part = { start: partStart, end: tag.start };
    if (!/\S/.test(regionText(text, { range: part, omitted: clipSpans(omitted, part) }))) spans.push(part);
    spans.push(tag);
    partStart = tag.end;
  }
  return spans;
}

/** The text a region sends. */
export function regionText(text: string, region: { range: OffsetRange; omitted?: readonly OffsetRange[] }): string {
  return regionPieces(region).map((piece) => text.slice(piece.start, piece.end)).join('');
}

function trimRange(text: string, start: number, end: number): OffsetRange {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Strips line breaks only, as Prompty strips each message (`content.strip("\\n")`). */
function trimLineBreaks(text: string, start: number, end: number): OffsetRange {
  while (start < end && (text[start] === '\n' || (text[start] === '\r' && text[start + 1] === '\n'))) start += text[start] === '\r' ? 2 : 1;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start, end };
}

function splitPromptyRegions(text: string, bodyStart: number): PromptRegion[] {
  // Prompty trims the whole body, then strips line breaks around each message.
  const body = trimRange(text, bodyStart, text.length);
  const markers: Array<{ role: string; range: OffsetRange }> = [];
  const regex = new RegExp(PROMPTY_ROLE_LINE.source, PROMPTY_ROLE_LINE.flags);
  regex.lastIndex = body.start;
  for (let match = regex.exec(text); match && match.index < body.end; match = regex.exec(text)) {
    if (match[0].length === 0) { regex.lastIndex++; continue; }
    markers.push({ role: match[1].toLowerCase(), range: { start: match.index, end: Math.min(match.index + match[0].length, body.end) } });
  }
  const regions: PromptRegion[] = [];
  // Prompty sends text before the first role marker as the system message.
  const leadingEnd = markers.length > 0 ? markers[0].range.start : body.end;
  if (leadingEnd > body.start) regions.push({ name: 'system', role: 'system', range: trimLineBreaks(text, body.start, leadingEnd) });
  markers.forEach((marker, index) => {
    const end = index + 1 < markers.length ? markers[index + 1].range.start : body.end;
    regions.push({ name: marker.role, role: marker.role, range: trimLineBreaks(text, marker.range.end, end), markerRange: marker.range });
  });
  return regions;
}

/**
 * Front matter as Dotprompt finds it: after any `#` license lines and blank lines. Ranges stay
 * in document offsets; the skipped header is neither front matter nor prompt text.
 */
function parseDotpromptFrontMatter(text: string): ReturnType<typeof parseFrontMatter> {
  const header = DOTPROMPT_HEADER.exec(text)?.[0].length ?? 0;
  if (header === 0) return parseFrontMatter(text);
  const found = parseFrontMatter(text.slice(header));
  if (!found.frontMatter) return parseFrontMatter(text);
  const shift = (range: OffsetRange) => ({ start: range.start + header, end: range.end + header });
  const frontMatter = found.frontMatter;
  const valueRanges = Object.fromEntries(Object.entries(frontMatter.valueRanges).map(([path, range]) => [path, shift(range)]));
  const problems = found.problems.map((problem) => ({ ...problem, range: shift(problem.range) }));
  return {
    frontMatter: { ...frontMatter, range: shift(frontMatter.range), contentRange: shift(frontMatter.contentRange), valueRanges, problems },
    problems,
  };
}

/**
 * A `---` block after a header Dotprompt does not skip (a `{{! }}` comment, prose) is not front
 * matter to the runtime: it is sent as user text and its model is not used. Say so.
 */
function unreadDotpromptFrontMatter(text: string): ParseProblem[] {
  const block = /^---[ \t]*\r?\n[\s\S]*?^---[ \t]*$/m.exec(text);
  if (!block || block.index === 0) return [];
  const header = text.slice(0, block.index).replace(new RegExp(HANDLEBARS_COMMENT.source, 'g'), '');
  if (!/^(?:[ \t]*(?:#[^\n]*)?\r?\n)*$/.test(header)) return [];
  return [{
    message: 'Dotprompt reads front matter only when `---` is the first line after `#` comment lines or blank lines: here the runtime sends this block as user text and does not use its model. Write the header as `#` lines.',
    range: { start: block.index, end: block.index + 3 },
  }];
}

/**
 * Spans the Handlebars renderer removes for comments in `[start, end)`: the comment, and for a
 * comment alone on its line the whole line with its line break (Handlebars "standalone" rule);
 * `~` also removes the whitespace on that side.
 */
function handlebarsCommentSpans(text: string, start: number, end: number): OffsetRange[] {
  const spans: OffsetRange[] = [];
  const regex = new RegExp(HANDLEBARS_COMMENT.source, 'g');
  regex.lastIndex = start;
  for (let match = regex.exec(text); match && match.index + match[0].length <= end; match = regex.exec(text)) {
    let from = match.index;
    let to = from + match[0].length;
    const trimBefore = (match[1] ?? match[3]) === '~';
    const trimAfter = (match[2] ?? match[4]) === '~';
    let lineStart = from;
    while (lineStart > start && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    let lineEnd = to;
    while (lineEnd < end && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
    const alone = (lineStart === start || text[lineStart - 1] === '\n') && (lineEnd === end || text[lineEnd] === '\n' || text[lineEnd] === '\r');
    if (alone) {
      from = lineStart;
      to = text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? lineEnd + 2 : text[lineEnd] === '\n' ? lineEnd + 1 : lineEnd;
    }
    if (trimBefore) while (from > start && /\s/.test(text[from - 1])) from--;
    if (trimAfter) while (to < end && /\s/.test(text[to])) to++;
    spans.push({ start: from, end: to });
  }
  // `{{~name}}` and `{{name~}}` remove the whitespace on that side; the tag itself stays text.
  const tilde = new RegExp(HANDLEBARS_TILDE.source, 'g');
  tilde.lastIndex = start;
  for (let match = tilde.exec(text); match && match.index + match[0].length <= end; match = tilde.exec(text)) {
    const tagEnd = match.index + match[0].length;
    if (DOTPROMPT_ROLE_TAG.test(match[0]) || spans.some((span) => match!.index >= span.start && match!.index < span.end)) continue;
    if (match[0].startsWith('{{~')) {
      let from = match.index;
      while (from > start && /\s/.test(text[from - 1])) from--;
      if (from < match.index) spans.push({ start: from, end: match.index });
    }
    if (match[0].endsWith('~}}')) {
      let to = tagEnd;
      while (to < end && /\s/.test(text[to])) to++;
      if (to > tagEnd) spans.push({ start: tagEnd, end: to });
    }
  }
  return mergeSpans(spans);
}

/**
 * Dotprompt messages as the runtime builds them (google/dotprompt `toMessages`): the template
 * (the body, trimmed when there is front matter) is split at role and history markers; text
 * before any marker is `user`, text after `{{history}}` is `model`; each message keeps its
 * whitespace, and whitespace-only messages are dropped.
 */
function splitDotpromptRegions(text: string, frontMatter: FrontMatter | null): PromptRegion[] {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  // Front matter the YAML parser rejects makes the runtime send the whole file, trimmed.
  const template = !frontMatter ? { start: bom, end: text.length } : frontMatter.data ? trimRange(text, frontMatter.range.end, text.length) : trimRange(text, bom, text.length);
  const comments = handlebarsCommentSpans(text, template.start, template.end);
  const inComment = (offset: number) => comments.some((span) => offset >= span.start && offset < span.end);
  const regions: PromptRegion[] = [];
  let current: { role: string; start: number; markerRange?: OffsetRange } = { role: 'user', start: template.start };
  const close = (end: number): void => {
    const range = { start: current.start, end: Math.max(current.start, end) };
    const omitted = clipSpans(comments, range);
    // A message that renders to whitespace only is dropped.
    if (!/\S/.test(regionText(text, { range, omitted }))) return;
    omitted.push(...sectionSpans(text, range, omitted));
    const spans = mergeSpans(omitted);
    regions.push({ name: current.role, role: current.role, range, ...(current.markerRange ? { markerRange: current.markerRange } : {}), ...(spans.length ? { omitted: spans } : {}) });
  };
  const regex = new RegExp(DOTPROMPT_ROLE.source, DOTPROMPT_ROLE.flags);
  regex.lastIndex = template.start;
  for (let match = regex.exec(text); match && match.index < template.end; match = regex.exec(text)) {
    if (inComment(match.index)) continue;
    const markerRange = { start: match.index, end: match.index + match[0].length };
    let before = markerRange.start;
    if (match[1] === '~') while (before > current.start && /\s/.test(text[before - 1])) before--;
    let after = markerRange.end;
    if (match[5] === '~') while (after < template.end && /\s/.test(text[after])) after++;
    // An empty message is dropped, so a role marker after one only changes its role.
    close(before);
    current = { role: match[4] ? 'model' : (match[2] ?? match[3]), start: after, markerRange };
  }
  close(template.end);
  return regions;
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
      // The closing `#`s and spaces are trimmed by hand: `(.*?)[ \t#]*$` is quadratic on a long run of spaces.
      const heading = /^ {0,3}(#{1,6})[ \t]+(.*)$/.exec(line);
      if (heading) headings.push({ name: trimClosingHashes(heading[2]) || '(untitled)', level: heading[1].length, start: lineStart, lineEnd });
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

/** Separators people write between alternative models in one `model:` string. */
const MODEL_ALTERNATIVES = /\s*(?:\||,|\bor\b)\s*/i;

function readDeclaredModel(frontMatter: FrontMatter | null): { model: string; range: OffsetRange | null; choice?: PromptDocument['declaredModelChoice'] } | null {
  if (!frontMatter?.data) return null;
  const raw = getPath(frontMatter.data, 'model');
  if (Array.isArray(raw)) {
    // VS Code agent and prompt files take a prioritised list: the first available model is used.
    const names = raw.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
    if (names.length > 0) {
      const index = raw.findIndex((item) => typeof item === 'string' && item.trim() !== '');
      const choice = names.length > 1 ? { choice: { kind: 'list' as const, others: names.slice(1) } } : {};
      return { model: names[0], range: frontMatter.valueRanges[`model.${index}`] ?? null, ...choice };
    }
  }
  for (const path of MODEL_PATHS) {
    const value = getPath(frontMatter.data, path);
    if (typeof value === 'string' && value.trim()) {
      const model = value.trim();
      const alternatives = model.split(MODEL_ALTERNATIVES).map((name) => name.replace(/^['"]|['"]$/g, '').trim()).filter(Boolean);
      const choice = alternatives.length > 1 ? { choice: { kind: 'ambiguous' as const, others: alternatives } } : {};
      return { model, range: frontMatter.valueRanges[path] ?? null, ...choice };
    }
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

const MAX_OUTPUT_PATHS = ['model.parameters.max_tokens', 'model.parameters.max_completion_tokens', 'model.parameters.max_output_tokens', 'model.options.max_tokens', 'model.options.max_completion_tokens', 'model.options.maxOutputTokens', 'model.options.max_output_tokens', 'config.maxOutputTokens', 'max_tokens', 'maxOutputTokens', 'max_output_tokens'];

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

/** A heading's text without the trailing spaces, tabs and closing `#` sequence. */
function trimClosingHashes(title: string): string {
  let e = title.length;
  while (e > 0 && (title[e - 1] === ' ' || title[e - 1] === '\t' || title[e - 1] === '#')) e--;
  return title.slice(0, e);
}
