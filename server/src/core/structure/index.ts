/**
 * The structural reading of a prompt: what each span of a region is (instruction prose, a heading
 * or label, a list item, an example, pasted data, quoted speech, code, a file to reproduce, legal
 * boilerplate, a table, a template variable). Advisory rules ask this before they change or weigh
 * a word: compression edits instruction prose only, the tier rule reads the task statement only,
 * and the cache rule ignores what sits inside code.
 *
 * Markdown is read with markdown-it (a CommonMark parser with line positions); a prompt's own
 * kinds (tags such as `<example>` or `<tickets>`, `"""` delimiters, labels such as "Example:",
 * record-shaped lines, license text) are recognised on top of it. Pure, linear in the text, and
 * never throws on user input.
 */
import MarkdownIt from 'markdown-it';
import { watchedCheckpoint } from '../checkpoint';
import { atOffset, lastAtOrBefore } from '../text/sorted';
import type { OffsetRange, TemplateVariable } from '../types';
import { type ReproducedDocument, findReproducedDocuments } from './reproduced';

export type StructureKind =
  | 'instruction'
  | 'heading'
  | 'label'
  | 'list-item'
  | 'checklist'
  | 'example'
  | 'data'
  | 'quote'
  | 'code'
  | 'file-content'
  | 'legal'
  | 'table'
  | 'markup'
  | 'variable';

export interface StructureSpan {
  kind: StructureKind;
  /** Document offsets; a block span covers whole lines (line endings excluded). */
  range: OffsetRange;
  /** Code and file content: the fence's info word (`json`, `yaml`, …), lower-cased. */
  lang?: string;
  /** Why a span is example, data or file content: the label, tag or lead-in that said so. */
  cause?: string;
}

export interface PromptStructure {
  /** Block spans in document order, never overlapping; variables come after them, also sorted. */
  blocks: StructureSpan[];
  variables: StructureSpan[];
}

/** Kinds whose text no rewrite may touch and no duplicate check may compare. */
export const FROZEN_KINDS: ReadonlySet<StructureKind> = new Set(['example', 'data', 'quote', 'code', 'file-content', 'legal', 'table', 'markup']);

/** Kinds that hold words the prompt's author addresses to the model. */
export const TASK_KINDS: ReadonlySet<StructureKind> = new Set(['instruction', 'heading', 'label', 'list-item', 'checklist']);

let parser: MarkdownIt | undefined;

function markdown(): MarkdownIt {
  // HTML on, so `<example>` lines are HTML blocks and not paragraphs; links are irrelevant here.
  if (!parser) {
    parser = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
    // Only blocks are read, and an inline token's `content` (its raw text) is set by the block
    // parser: parsing inline markup into `children` took two thirds of the parser's time.
    parser.core.ruler.disable('inline');
  }
  return parser;
}

/** Words of a label or heading that announce examples to imitate. */
const EXAMPLE_WORDS = /\b(?:examples?|samples?|few[- ]shot|demonstrations?|expected\s+output|sample\s+output|output\s+example|e\.g\.)\b/i;
/** A label announcing words or phrases to use or avoid ("Cut these words:", "Banned phrases:"). */
const WORDING_LABEL = /\b(?:words?|phrases?|phrasings?|expressions?|wording|vocabulary|jargon|buzzwords?|clich[eé]s?|intensifiers?)\b/i;
/** A label that is only a verdict word ("BAD:", "Before:", "✅ Good:") announces a sample, good or bad. */
const SAMPLE_LABEL = /^\W*(?:before|after|bad|good|wrong|right|correct|incorrect|avoid|prefer(?:red)?|do|don'?t|do\s+not|yes|no|instead|usage)\W*$/i;
/** Words of a label or heading that announce material to work on rather than instructions. */
const DATA_WORDS =
  /\b(?:data|dataset|tickets?|records?|transcripts?|documents?|articles?|emails?|e-mails?|messages?|conversations?|chat\s+logs?|logs?|reviews?|feedback|comments?|input|inputs|context|source\s+text|passage|excerpt|user\s+query|query|question|snippet|rows?|entries|csv)\s*:?\s*$/i;
/** A lead-in that asks for the next block word for word ("End with this disclaimer, verbatim:"). */
const VERBATIM = /\b(?:verbatim|word\s+for\s+word|exactly\s+as\s+(?:written|follows|below))\b/i;
/** Tags whose content is instructions to read like any prose. */
const INSTRUCTION_TAGS =
  /^(?:instructions?|rules?|guidelines?|task|role|system|persona|constraints?|requirements?|format|output[_-]?format|response[_-]?format|style|tone|steps?|goal|objectives?|policy|policies|behaviou?r|important|notes?|reminders?|workflow|process|guidance|capabilities|limitations|principles|criteria|checklist|tools?|when[_-].*|do|dont|don[_-]?t|must|never|always|approach|methodology|identity|purpose|mission|responsibilities|expertise|focus|scope|context[_-]?rules|critical|thinking)$/i;
const EXAMPLE_TAGS = /^(?:examples?|samples?|demos?|demonstrations?|shots?|few[_-]?shot|good[_-]?examples?|bad[_-]?examples?|example[_-].*|.*[_-]examples?)$/i;

const LEGAL =
  /\b(?:licensed\s+under|copyright\s+(?:\(c\)|©|\d{4})|©\s*\d{4}|spdx-license-identifier|all\s+rights\s+reserved|without\s+warranties\s+or\s+conditions|in\s+compliance\s+with\s+the\s+license|permission\s+is\s+hereby\s+granted|the\s+software\s+is\s+provided\s+["“]?as\s+is|you\s+may\s+not\s+use\s+this\s+file\s+except|unless\s+required\s+by\s+applicable\s+law|apache\s+license,?\s+version|mit\s+license|gnu\s+(?:general|lesser)\s+public\s+license|limitations\s+under\s+the\s+license|liable\s+for\s+any\s+(?:claim|damages)|this\s+agreement|shall\s+(?:not\s+)?(?:be\s+liable|exceed|indemnify|survive|terminate)|governed\s+by\s+the\s+laws?\s+of|hereinafter|indemnif(?:y|ies|ication)|does\s+not\s+constitute\s+(?:legal|financial|medical|investment)\s+advice|for\s+informational?\s+purposes\s+only)\b/i;

/** A lead-in that tells the reader to write the block that follows to a file. */
const FILE_LEAD =
  /\b(?:create|add|save|write|put|place|copy|update|use|with|configure|set\s+up|replace|paste|modify|edit|contents?\s+of|example|sample)\b[^\n]{0,120}?(?:\b(?:file|config(?:uration)?|manifest|settings|workflow|dockerfile|makefile|package\.json|tsconfig)\b|[\w.-]+\.(?:json|jsonc|ya?ml|toml|ini|cfg|conf|xml|env|lock|config|props|csproj|gradle|properties|md|sh|ps1|js|ts|py)\b|`[^`\n]*[./][^`\n]*`)/i;
const FILE_NAME = /(?:^|[\s`"'(])[\w.-]*\.(?:json|jsonc|ya?ml|toml|ini|cfg|conf|xml|env|config|props|csproj)(?=$|[\s`"'):,])/i;

/**
 * A line that looks like a record: `key: value` (the key may carry a short parenthesis, as in
 * `R-001 (score 9): …`), a delimited row, a timestamped or id-led entry (`R-001`, `INC-42`).
 */
const RECORD_LINE =
  /^\s*(?:[-*]\s+)?(?:[#\w][\w .#/-]{0,30}(?:\s?\([^()\n]{1,30}\))?:\s+\S|\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\[\d|\d{1,2}:\d{2}\b|#?\d{2,}\b|[A-Z]{1,}-\d+\b|[^,\t|\n]{1,60}(?:[,\t|][^,\t|\n]{0,60}){3,}$)/;

interface Line {
  start: number;
  end: number;
}

function splitLines(text: string, region: OffsetRange): Line[] {
  const lines: Line[] = [];
  let p = region.start;
  while (p <= region.end) {
    let e = text.indexOf('\n', p);
    if (e < 0 || e > region.end) e = region.end;
    const contentEnd = e > p && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    lines.push({ start: p, end: contentEnd });
    if (e >= region.end) break;
    p = e + 1;
  }
  return lines;
}

const TAG_LINE = /^[ \t]*<([A-Za-z][\w.-]{0,40})(?:\s[^<>\n]{0,200})?>[ \t]*$/;
const DELIMITER_LINE = /^[ \t]*("""|'''|<<<+|-{3,}[ \t]*(?:BEGIN|START)\b[^\n]{0,80})[ \t]*$/i;

/**
 * Reads the structure of the regions of `text`. `variables` are the template variables the
 * document parser found; they come back as `variable` spans. The blocks are shared with the
 * caller before (see `readBlocks`): read them, never change them. `checkpoint` is called before
 * each region and after its markdown is parsed; what it throws is not caught (see
 * `CompressionInput.checkpoint`).
 */
export function readStructure(text: string, regions: readonly OffsetRange[], variables: readonly TemplateVariable[] = [], checkpoint?: () => void): PromptStructure {
  const vars = variables
    .filter((v) => v.range.end > v.range.start && regions.some((r) => v.range.start >= r.start && v.range.end <= r.end))
    .map((v) => ({ kind: 'variable' as const, range: { start: v.range.start, end: v.range.end } }))
    .sort((a, b) => a.range.start - b.range.start);
  return { blocks: readBlocks(text, regions, checkpoint), variables: vars };
}

/** The readings of the last text read, by regions: one advice pass reads it for compression, cache and tier rules. */
let lastReadings: { text: string; byRegions: Map<string, StructureSpan[]> } | undefined;

/**
 * The block spans of the regions, read once per text and regions: the compression, cache and
 * tier rules of one advice pass each need them, and reading a 100 KB prompt takes 8–13 ms once warm.
 */
function readBlocks(text: string, regions: readonly OffsetRange[], checkpoint?: () => void): StructureSpan[] {
  const key = regions.map((region) => `${region.start}-${region.end}`).join(',');
  if (lastReadings?.text !== text) lastReadings = { text, byRegions: new Map() };
  const known = lastReadings.byRegions.get(key);
  if (known) return known;
  const blocks: StructureSpan[] = [];
  const documents: ReproducedDocument[] = [];
  const watch = watchedCheckpoint(checkpoint);
  for (const region of regions) {
    if (!(region.end > region.start) || region.start < 0 || region.end > text.length) continue;
    watch.checkpoint?.();
    try {
      const lines = readRegion(text, region, blocks, watch.checkpoint);
      watch.checkpoint?.();
      for (const document of findReproducedDocuments(text, lines)) documents.push(document);
    } catch (error) {
      if (watch.stopped()) throw error;
      // A parser failure leaves the region unread: the rules then treat it as plain prose.
    }
  }
  freezeReproduced(blocks, documents.sort((a, b) => a.start - b.start));
  blocks.sort((a, b) => a.range.start - b.range.start);
  lastReadings.byRegions.set(key, blocks);
  return blocks;
}

const CLOSE_TAG_LINE = /^[ \t]*<\/([A-Za-z][\w.-]{0,40})>[ \t]*$/;

/** The first offset in sorted `list` greater than `after`, or -1. */
function nextAfter(list: readonly number[] | undefined, after: number): number {
  if (!list) return -1;
  const next = lastAtOrBefore(list, atOffset, after) + 1;
  return next < list.length ? list[next] : -1;
}

/**
 * A pasted third-party document (a repository dump, a scraped page, a specification) is data: every
 * block in it that a rule could read as the author's words (prose, headings, labels, list items)
 * becomes data, while code, tables and quotes in it keep their kind, which is frozen already.
 */
function freezeReproduced(blocks: StructureSpan[], documents: readonly ReproducedDocument[]): void {
  if (documents.length === 0) return;
  for (const block of blocks) {
    if (!TASK_KINDS.has(block.kind)) continue;
    // The last document starting at or before the block's end; a block the document's first line falls inside counts too.
    const found = lastAtOrBefore(documents, (document) => document.start, block.range.end);
    if (found < 0 || documents[found].end <= block.range.start) continue;
    block.kind = 'data';
    block.cause = documents[found].cause;
  }
}

/** Tagged and delimited stretches first: their content is example or data whatever markdown says. Returns the region's lines. */
function readRegion(text: string, region: OffsetRange, out: StructureSpan[], checkpoint?: () => void): Line[] {
  const lines = splitLines(text, region);
  // One pass collects where each closing tag and delimiter stands, so pairing stays linear.
  const closers = new Map<string, number[]>();
  const add = (key: string, index: number) => {
    const list = closers.get(key);
    if (list) list.push(index);
    else closers.set(key, [index]);
  };
  for (let i = 0; i < lines.length; i++) {
    const lineText = text.slice(lines[i].start, lines[i].end);
    const closeTag = CLOSE_TAG_LINE.exec(lineText);
    if (closeTag) add(`</${closeTag[1].toLowerCase()}`, i);
    const trimmed = lineText.trim();
    if (trimmed === '"""' || trimmed === "'''") add(trimmed, i);
    else if (/^-{3,}\s*(?:END|STOP)\b/i.test(trimmed)) add('END', i);
    else if (/^>>>+$/.test(trimmed)) add('>>>', i);
  }
  let from = 0;
  let i = 0;
  while (i < lines.length) {
    const lineText = text.slice(lines[i].start, lines[i].end);
    const tag = TAG_LINE.exec(lineText);
    const delimiter = tag ? null : DELIMITER_LINE.exec(lineText);
    let close = -1;
    let kind: StructureKind | null = null;
    let cause = '';
    if (tag && !INSTRUCTION_TAGS.test(tag[1])) {
      close = nextAfter(closers.get(`</${tag[1].toLowerCase()}`), i);
      kind = EXAMPLE_TAGS.test(tag[1]) ? 'example' : 'data';
      cause = `<${tag[1]}>`;
    } else if (delimiter) {
      const d = delimiter[1];
      const key = d === '"""' || d === "'''" ? d : /BEGIN|START/i.test(d) ? 'END' : d[0] === '<' ? '>>>' : '';
      if (key) {
        close = nextAfter(closers.get(key), i);
        kind = 'data';
        cause = d;
      }
    }
    if (kind && close > i) {
      if (i > from) readMarkdown(text, lines.slice(from, i), out, checkpoint);
      out.push({ kind: 'markup', range: { start: lines[i].start, end: lines[i].end } });
      if (close > i + 1) {
        const inner = { start: lines[i + 1].start, end: lines[close - 1].end };
        // Tagged content keeps legal text recognisable, but nothing in it is an instruction.
        out.push({ kind: kind === 'example' ? 'example' : legalOr(text, inner, 'data'), range: inner, cause });
      }
      out.push({ kind: 'markup', range: { start: lines[close].start, end: lines[close].end } });
      i = close + 1;
      from = i;
      continue;
    }
    i++;
  }
  if (from < lines.length) readMarkdown(text, lines.slice(from), out, checkpoint);
  return lines;
}

function legalOr(text: string, range: OffsetRange, kind: StructureKind): StructureKind {
  return LEGAL.test(text.slice(range.start, Math.min(range.end, range.start + 4000))) && range.end - range.start < 6000 ? 'legal' : kind;
}

interface Block {
  kind: StructureKind;
  /** Why the block has its kind, when markdown alone did not say (`unfenced code`, `aligned columns`). */
  cause?: string;
  start: number;
  end: number;
  lang?: string;
  level?: number;
  /** Plain text of the block (inline content for paragraphs and headings). */
  content: string;
}

/** The markdown blocks of a run of lines, classified, then re-read for examples, data and labels. */
function readMarkdown(text: string, lines: Line[], out: StructureSpan[], checkpoint?: () => void): void {
  if (lines.length === 0) return;
  const base = lines[0].start;
  const source = text.slice(base, lines[lines.length - 1].end);
  const tokens = markdown().parse(source, {});
  checkpoint?.();
  const lineRange = (map: [number, number]): { start: number; end: number } => {
    const first = lines[Math.min(map[0], lines.length - 1)];
    let lastIndex = Math.min(Math.max(map[1] - 1, map[0]), lines.length - 1);
    // markdown-it counts a trailing blank line into lists: a span ends at its last non-blank line.
    while (lastIndex > map[0] && text.slice(lines[lastIndex].start, lines[lastIndex].end).trim() === '') lastIndex--;
    return { start: first.start, end: lines[lastIndex].end };
  };
  const found: Block[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (!token.map) continue;
    const range = lineRange(token.map);
    if (token.level === 0) {
      switch (token.type) {
        case 'heading_open': {
          const inline = tokens[t + 1]?.content ?? '';
          found.push({ kind: 'heading', ...range, level: Number(token.tag.slice(1)) || 1, content: inline });
          break;
        }
        case 'paragraph_open': {
          // Code, diagrams and aligned tables written without a fence are read whole, before a
          // colon-ended line ("def f(x):", "Args:") could split them into labels and prose.
          const whole = lineRange(token.map as [number, number]);
          const shape = paragraphShape(text.slice(whole.start, whole.end));
          if (shape) found.push({ kind: shape.kind, ...whole, content: '', cause: shape.cause } as Block);
          else splitParagraph(text, lines, token.map as [number, number], lineRange, found);
          break;
        }
        case 'fence':
          found.push({ kind: 'code', ...range, lang: token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '', content: token.info });
          break;
        case 'code_block':
          found.push({ kind: 'code', ...range, content: '' });
          break;
        case 'table_open':
          found.push({ kind: 'table', ...range, content: '' });
          break;
        case 'blockquote_open':
          found.push({ kind: 'quote', ...range, content: '' });
          break;
        case 'html_block':
          found.push({ kind: LEGAL.test(token.content) ? 'legal' : 'markup', ...range, content: token.content });
          break;
        case 'hr':
          found.push({ kind: 'markup', ...range, content: '' });
          break;
        case 'bullet_list_open':
        case 'ordered_list_open':
          break;
        default:
          break;
      }
    }
    // List items are read at any depth; their own paragraphs are not separate blocks.
    if (token.type === 'list_item_open') {
      const inline = firstInline(tokens, t);
      found.push({ kind: /^\[[ xX]\]\s/.test(inline) ? 'checklist' : 'list-item', ...itemLines(tokens, t, lineRange), content: inline });
    }
  }
  markExchanges(text, found);
  classifyAround(text, found);
  for (const block of found) {
    const span: StructureSpan = { kind: block.kind, range: { start: block.start, end: block.end } };
    if (block.lang !== undefined) span.lang = block.lang;
    if (block.cause) span.cause = block.cause;
    out.push(span);
  }
  removeNested(out);
}

/**
 * A paragraph, split after every line that ends in a colon: "**Guidance:**", "Example:" or "End
 * with this disclaimer, verbatim:" on its own line opens the lines it names, which are then
 * classified on their own (a label, then data or an example).
 */
function splitParagraph(
  text: string,
  lines: Line[],
  map: [number, number],
  lineRange: (map: [number, number]) => { start: number; end: number },
  found: Block[],
): void {
  let from = map[0];
  const end = Math.min(map[1], lines.length);
  const lineText = (i: number) => text.slice(lines[i].start, lines[i].end).trim();
  let transcriptTried = false;
  for (let i = map[0]; i < end; i++) {
    // A line holding only a template tag (`{{#role "user"}}`, `{% if x %}`) stands apart: the
    // label after it ("Please review this code:") is still a label.
    if (TEMPLATE_TAG_LINE.test(lineText(i))) {
      if (i > from) pushParagraph(text, lineRange([from, i]), found);
      found.push({ kind: 'markup', ...lineRange([i, i + 1]), content: '' });
      from = i + 1;
      continue;
    }
    // "Example 1" on its own line opens a few-shot example that runs to the paragraph's end.
    if (NUMBERED_EXAMPLE_LINE.test(lineText(i)) && i < end - 1) {
      if (i > from) pushParagraph(text, lineRange([from, i]), found);
      found.push({ kind: 'label', ...lineRange([i, i + 1]), content: lineText(i) });
      found.push({ kind: 'instruction', ...lineRange([i + 1, end]), content: text.slice(lines[i + 1].start, lines[end - 1].end) });
      return;
    }
    // A label whose value is a quotation (`Review: "…"`, over one line or several) is quoted speech.
    const quoteEnd = quotedValueEnd(text, lines, i, end);
    if (quoteEnd >= 0) {
      if (i > from) pushParagraph(text, lineRange([from, i]), found);
      found.push({ kind: 'quote', ...lineRange([i, quoteEnd + 1]), content: '', cause: 'quoted speech' });
      from = quoteEnd + 1;
      i = quoteEnd;
      continue;
    }
    // Turns of a conversation (`[00:07] Participant: …`, `Agent: …`) run to the paragraph's end,
    // wrapped lines included. Tried once per paragraph, at the first turn-shaped line.
    if (!transcriptTried && speakerTurn(lineText(i))) {
      transcriptTried = true;
      if (isTranscript(text, lines, i, end)) {
        if (i > from) pushParagraph(text, lineRange([from, i]), found);
        found.push({ kind: 'data', ...lineRange([i, end]), content: '', cause: 'transcript' });
        return;
      }
    }
    if (i === map[1] - 1 || !/:\s*(?:\*\*|__)?$/.test(lineText(i))) continue;
    pushParagraph(text, lineRange([from, i + 1]), found);
    from = i + 1;
  }
  if (from < map[1]) pushParagraph(text, lineRange([from, map[1]]), found);
}

/** "Example 1", "**Sample #2**", "Example 3." alone on a line: a numbered few-shot example. */
const NUMBERED_EXAMPLE_LINE = /^(?:\*\*|__)?(?:example|sample|shot|demo)\s*#?\d{1,3}[.)]?(?:\*\*|__)?$/i;

/** A label of at most four words whose value opens with a double quote: `Review: "…`, `- **Customer:** “…`. */
const QUOTE_LABEL = /^[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(?:\*\*|__)?[\p{L}][\p{L}\p{N}'’-]*(?:[ \t]+[\p{L}\p{N}'’-]+){0,3}(?:\*\*|__)?:(?:\*\*|__)?[ \t]*["“]/u;
/** A closing double quote that ends its line (a full stop or comma may follow). */
const QUOTE_CLOSES_LINE = /["”][.,;:!?)]*[ \t]*$/;

/** How many double quotes (straight or curly) `line` holds. */
function quoteMarks(line: string): number {
  return (line.match(/["“”]/g) ?? []).length;
}

/** Whether `line` closes a quotation opened before it: an odd number of quotes, the last ending the line. */
function closesQuotation(line: string): boolean {
  return quoteMarks(line) % 2 === 1 && QUOTE_CLOSES_LINE.test(line);
}

/**
 * The last line of a quoted label value opening on line `i` (`Review: "Please fix it."`), or -1.
 * The quotation must close at the end of a line, on the same line or one of the next 40 within
 * the paragraph, so an instruction that merely quotes a word (`Answer: "yes" or "no" only.`) stays prose.
 */
function quotedValueEnd(text: string, lines: Line[], i: number, end: number): number {
  const first = text.slice(lines[i].start, lines[i].end);
  const open = QUOTE_LABEL.exec(first);
  if (!open) return -1;
  const rest = first.slice(open[0].length);
  if (quoteMarks(rest) > 0) return closesQuotation(rest) ? i : -1;
  for (let j = i + 1; j < end && j <= i + 40; j++) {
    const line = text.slice(lines[j].start, lines[j].end);
    if (quoteMarks(line) === 0) continue;
    return closesQuotation(line) ? j : -1;
  }
  return -1;
}

/** Whether `body` (a list item) is a label and a quotation that closes at its end, and nothing else. */
function isQuotedValue(body: string): boolean {
  const open = QUOTE_LABEL.exec(body);
  return open !== null && closesQuotation(body.slice(open[0].length));
}

/** A time stamp that opens a line of a transcript or log: `[00:07]`, `(1:02:33)`, `10:42`. */
const TURN_TIME = /^(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)|\d{1,2}:\d{2}(?::\d{2})?(?=\s))[ \t]*(?:[-–—|][ \t]*)?/;
/** A speaker label: one to three capitalised words ("Alice", "Speaker 2", "Support Agent") and a colon, then words. */
const TURN_SPEAKER = /^(?:\*\*|__)?([\p{Lu}][\p{L}\p{N}'’.-]*(?:[ \t][\p{Lu}\p{N}][\p{L}\p{N}'’.-]*){0,2})(?:\*\*|__)?:(?:\*\*|__)?[ \t]+\S/u;
/** Speakers of a conversation that need no second sign: the roles of a chat, an interview, a call. */
const CONVERSATION_ROLES = /^(?:user|assistant|human|ai|bot|agent|customer|client|caller|interviewer|interviewee|participant|moderator|host|guest|rep|support|operator|patient|doctor|speaker(?:\s\d+)?|p\d+)$/i;
/** Labels of instructions that look like speakers ("Note: …", "Task: …"): never a turn. */
const NOT_A_SPEAKER = /^(?:q|a|notes?|important|warning|caution|tip|hint|remember|reminder|example|examples|step(?:\s\d+)?|rules?|goal|task|objective|role|context|constraints?|requirements?|format|output|input|instructions?|guidelines?|nb|ps|todo|fixme|summary|description|title|name|type|status|priority|date|time|id|subject|tone|label|category|result|reason|answer|question|source|language|audience|style|length|scope)$/i;

/** The turn a line opens: its time stamp and speaker (either may be missing, not both), or undefined. */
function speakerTurn(line: string): { time: boolean; speaker?: string } | undefined {
  let t = line.replace(/^(?:[-*+]|\d{1,3}[.)])[ \t]+/, '');
  const time = TURN_TIME.exec(t);
  if (time) t = t.slice(time[0].length);
  const speaker = TURN_SPEAKER.exec(t);
  // A bold name ("**Guidance:**", "**Problem**:") titles documentation unless it is a chat role ("**User:**").
  const bold = speaker !== null && /^(?:\*\*|__)/.test(t) && !CONVERSATION_ROLES.test(speaker[1]);
  const name = speaker && !bold && !NOT_A_SPEAKER.test(speaker[1]) ? speaker[1].toLowerCase() : undefined;
  if (!time && !name) return undefined;
  // A time stamp alone ("10:30 standup") counts only with words after it.
  if (time && !name && !/\p{L}/u.test(t)) return undefined;
  return { time: time !== null, speaker: name };
}

/**
 * Lines `i`…`end` are a transcript when they are mostly turns (wrapped lines follow a turn) and
 * either two turns carry a time stamp, or two speakers alternate: two conversation roles
 * ("User:", "Agent:"), or any two names with one of them speaking again.
 */
function isTranscript(text: string, lines: Line[], i: number, end: number): boolean {
  const turns: Array<ReturnType<typeof speakerTurn>> = [];
  for (let j = i; j < end; j++) {
    const turn = speakerTurn(text.slice(lines[j].start, lines[j].end).trim());
    if (turn) turns.push(turn);
  }
  return turns.length * 3 >= end - i && isConversation(turns);
}

/** Turns that make a conversation: two time stamps, two conversation roles, or two names with one speaking again. */
function isConversation(turns: ReadonlyArray<ReturnType<typeof speakerTurn>>): boolean {
  let count = 0;
  let timed = 0;
  let roles = 0;
  const speakers = new Set<string>();
  for (const turn of turns) {
    if (!turn) return false;
    count++;
    if (turn.time) timed++;
    if (turn.speaker) {
      if (!speakers.has(turn.speaker) && CONVERSATION_ROLES.test(turn.speaker)) roles++;
      speakers.add(turn.speaker);
    }
  }
  if (count < 2) return false;
  if (timed >= 2) return true;
  // "Human: <the request>" then "Assistant: …" is a prompt in a chat layout, not pasted talk:
  // turns of the model's own roles alone count only as a real exchange, three turns or more.
  if ([...speakers].every((s) => PROMPT_ROLES.test(s)) && count < 3) return false;
  return roles >= 2 || (speakers.size >= 2 && count > speakers.size);
}

/** The roles of a chat prompt itself: the author writes as one of them. */
const PROMPT_ROLES = /^(?:user|human|assistant|ai|bot|system|model)$/i;

const TEMPLATE_TAG_LINE = /^(?:\{\{[#/^!>]?[^{}\n]*\}\}|\{%-?[^%\n]*-?%\}|\{#[^#\n]*#\})$/;

function pushParagraph(text: string, range: { start: number; end: number }, found: Block[]): void {
  const raw = text.slice(range.start, range.end);
  const content = raw.replace(/^[ \t]+/gm, '');
  // The part after a lead-in ("Create interfaces for component props:") may be code on its own.
  const shape = isLabel(content) ? undefined : paragraphShape(raw);
  if (shape) found.push({ kind: shape.kind, ...range, content: '', cause: shape.cause });
  else found.push({ kind: isLabel(content) || NUMBERED_EXAMPLE_LINE.test(content.trim()) ? 'label' : 'instruction', ...range, content });
}

/** The inline text of a list item's first paragraph. */
function firstInline(tokens: ReturnType<MarkdownIt['parse']>, open: number): string {
  for (let t = open + 1; t < tokens.length && t < open + 6; t++) if (tokens[t].type === 'inline') return tokens[t].content;
  return '';
}

/** A list item's own lines: up to its first nested list, so a nested item is its own block. */
function itemLines(
  tokens: ReturnType<MarkdownIt['parse']>,
  open: number,
  lineRange: (map: [number, number]) => { start: number; end: number },
): { start: number; end: number } {
  const map = tokens[open].map as [number, number];
  let end = map[1];
  let level = 0;
  for (let t = open + 1; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.type === 'list_item_close' && level === 0) break;
    if ((token.type === 'bullet_list_open' || token.type === 'ordered_list_open') && token.map) {
      end = Math.min(end, token.map[0]);
      break;
    }
    if (token.nesting === 1) level++;
    else if (token.nesting === -1) level--;
  }
  return lineRange([map[0], Math.max(map[0] + 1, end)]);
}

/** Only the outermost kind counts for a line: nested list items inside a quote stay quote. */
function removeNested(out: StructureSpan[]): void {
  out.sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
  const kept: StructureSpan[] = [];
  for (const span of out) {
    const last = kept[kept.length - 1];
    if (last && span.range.start < last.range.end) {
      // Items inside items are kept (they are separate lines); anything inside a frozen block is not.
      if (FROZEN_KINDS.has(last.kind) || last.kind === 'heading') continue;
      if ((last.kind === 'list-item' || last.kind === 'checklist') && (span.kind === 'list-item' || span.kind === 'checklist')) {
        kept.push(span);
        continue;
      }
      if (span.range.end <= last.range.end && last.kind !== 'list-item' && last.kind !== 'checklist') continue;
    }
    kept.push(span);
  }
  out.length = 0;
  out.push(...kept);
}

/** A short line that names what follows: "**Guidance for Copilot:**", "Example usage:", "Output". */
export function isLabel(inline: string): boolean {
  const t = inline.trim();
  if (t.includes('\n') || t.length > 100 || t.length === 0) return false;
  if (/^(?:\*\*|__)[^*_]+:?(?:\*\*|__):?$/.test(t)) return true;
  // A whole sentence ending in a colon ("Please take into account the following points:") instructs.
  return /:\s*(?:\*\*|__)?$/.test(t) && t.split(/\s+/).length <= 8;
}

/**
 * The prompt's own kinds on top of markdown: blocks after an "Example:" label or under an
 * "Examples" heading are examples; after a "Tickets:" label or under a "## Transcript" heading
 * they are data; record-shaped paragraphs are data; license paragraphs are legal; a fence the
 * lead-in tells the reader to save is file content.
 */
function classifyAround(text: string, blocks: Block[]): void {
  let sectionKind: StructureKind | null = null;
  let sectionLevel = 0;
  let labelKind: StructureKind | null = null;
  let labelCause = '';
  let sectionCause = '';
  let legalRun = false;
  // After "Here are some examples:", the examples run on as field labels ("Question:", "Answer:",
  // "statements in json:") each followed by its value: every value is part of an example, not only
  // the first block after the announcing label.
  let exampleRun = false;
  // After "Cut these words:", each list item names wording ("- In order to (use "to")"); it
  // mentions the phrase rather than using it, so the whole list is an example.
  let wordingList: string | null = null;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    const body = text.slice(block.start, block.end);
    if (wordingList !== null && block.kind === 'list-item') {
      block.kind = 'example';
      block.cause = wordingList;
      labelKind = null;
      continue;
    }
    wordingList = null;
    if (block.kind === 'heading') {
      labelKind = null;
      exampleRun = false;
      if (sectionKind && (block.level ?? 1) > sectionLevel) continue;
      sectionKind = EXAMPLE_WORDS.test(block.content) ? 'example' : dataSectionHeading(block.content) ? 'data' : null;
      sectionLevel = block.level ?? 1;
      sectionCause = block.content.trim();
      legalRun = false;
      continue;
    }
    const announcing = block.kind === 'label' || (block.kind === 'instruction' && /:\s*(?:\*\*|__)?$/.test(block.content.trim()));
    if (announcing && exampleRun && labelKind !== null && block.kind === 'instruction' && block.content.includes('\n')) {
      // Inside the examples, a value and the next field label share a paragraph ("alcohol" then
      // "statements in json:"): the value is example text and the label announces the next value.
      const lastLine = block.content.trim().split('\n').pop() ?? '';
      if (isFieldLabel(lastLine)) {
        block.kind = 'example';
        block.cause = labelCause;
        labelKind = 'example';
        labelCause = lastLine.trim();
        continue;
      }
    }
    if (announcing) {
      // A label announces the one block after it ("Example:", "Here is an example of the output:").
      labelKind = EXAMPLE_WORDS.test(block.content) || SAMPLE_LABEL.test(block.content.replace(/[*_`]/g, ''))
        ? 'example'
        : dataLabel(block.content) || VERBATIM.test(block.content)
          ? 'data'
          : null;
      if (labelKind === 'example') exampleRun = true;
      else if (exampleRun && isFieldLabel(block.content)) labelKind ??= 'example';
      else exampleRun = false;
      labelCause = block.content.trim();
      if (WORDING_LABEL.test(block.content) && labelCause.split(/\s+/).length <= 8) wordingList = labelCause;
      legalRun = false;
      continue;
    }
    const announcedByLabel = labelKind;
    labelKind = null;
    // A block no label announced ("Now provide your analysis …") or a template tag ends the examples.
    if (!announcedByLabel || block.kind === 'markup') exampleRun = false;
    if ((block.kind === 'instruction' || block.kind === 'markup' || block.kind === 'quote') && LEGAL.test(body)) {
      block.kind = 'legal';
      legalRun = true;
      continue;
    }
    // License headers run over several paragraphs; the later ones ("You may obtain a copy…") follow the first.
    if (legalRun && block.kind === 'instruction' && /\b(?:license|warrant|liabilit|permission|copyright|notice|provided\s+"?as\s+is)/i.test(body)) {
      block.kind = 'legal';
      continue;
    }
    legalRun = false;
    if (block.kind === 'code') {
      if (isFileContent(text, blocks, i)) block.kind = 'file-content';
      else if (announcedByLabel === 'data' || sectionKind === 'data') block.kind = 'data';
      else if (announcedByLabel === 'example' || sectionKind === 'example') block.kind = 'example';
      if (block.kind !== 'code') block.cause = announcedByLabel ? labelCause : sectionCause;
      continue;
    }
    const announced = announcedByLabel ?? sectionKind;
    if (announced && block.kind !== 'markup' && block.kind !== 'table') {
      block.kind = announced;
      block.cause = announcedByLabel ? labelCause : sectionCause;
      continue;
    }
    if ((block.kind === 'instruction' || block.kind === 'list-item') && isRecordBlock(body)) {
      block.kind = 'data';
      block.cause = 'record-shaped lines';
    }
  }
}

/**
 * A field line of a few-shot pair: one to three words and a colon, then its value (`Review: …`,
 * `Q: …`). Bold field names ("**Action**: …", "**Tools**: …") title the parts of a documented
 * step, repeated per step, and are not read as sample fields.
 */
const FIELD_LINE = /^[ \t]*([\p{L}][\p{L}\p{N}'’-]*(?:[ \t][\p{L}\p{N}'’-]+){0,2}):(?:[ \t]+\S|[ \t]*$)/u;

/**
 * The field names of a paragraph made of `Field: value` lines ("Review: …" then "Tone: …"),
 * wrapped lines allowed after a field line, joined in order; undefined for any other paragraph.
 */
function fieldSignature(body: string): string | undefined {
  const names: string[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    const field = FIELD_LINE.exec(line);
    if (field) names.push(field[1].toLowerCase());
    else if (names.length === 0) return undefined;
  }
  if (names.length < 2 || new Set(names).size < 2 || names.some((n) => INSTRUCTION_FIELDS.test(n))) return undefined;
  return names.join('|');
}

/** Field names that head instructions, not a sample's parts: a paragraph using one is never a few-shot pair. */
const INSTRUCTION_FIELDS = /^(?:notes?|important|warning|caution|tip|hint|remember|reminder|nb|ps|todo|rules?|steps?(?:\s\d+)?|goal|task|role|persona|constraints?|requirements?|instructions?|guidelines?)$/i;

/** The first line of a block, without its line break. */
function firstLineOf(text: string, block: Block): string {
  const lineEnd = text.indexOf('\n', block.start);
  return text.slice(block.start, lineEnd === -1 || lineEnd > block.end ? block.end : lineEnd);
}

/** Whether `names` repeats one pair or group of distinct fields at least twice ("q|a|q|a", "input|output|input|output"). */
function repeatsGroup(names: readonly string[]): boolean {
  for (let period = 2; period * 2 <= names.length; period++) {
    if (new Set(names.slice(0, period)).size !== period) break;
    if (names.every((n, k) => n === names[k % period])) return true;
  }
  return false;
}

/**
 * Few-shot pairs and conversations written as plain paragraphs: paragraphs with the same field
 * lines ("Review: …" / "Tone: …" twice, "Input:" / "Output:") are examples, whatever the field
 * names; one paragraph whose field pair repeats ("Q: … A: … Q: … A: …") is one too; and a run of
 * paragraphs that each open with a turn (`[00:07] Participant: …`, "User: …" then "Agent: …") is a
 * transcript. A field set used once ("Role: …" / "Task: …") stays instructions.
 */
function markExchanges(text: string, blocks: Block[]): void {
  const bySignature = new Map<string, Block[]>();
  for (const block of blocks) {
    // A list item that is a quoted label value ("- Customer: "…"") is quoted speech too.
    if (block.kind === 'list-item' && isQuotedValue(text.slice(block.start, block.end))) {
      block.kind = 'quote';
      block.cause = 'quoted speech';
      continue;
    }
    if (block.kind !== 'instruction') continue;
    const signature = fieldSignature(text.slice(block.start, block.end));
    if (!signature) continue;
    if (repeatsGroup(signature.split('|'))) {
      block.kind = 'example';
      block.cause = 'few-shot pairs';
      continue;
    }
    const same = bySignature.get(signature);
    if (same) same.push(block);
    else bySignature.set(signature, [block]);
  }
  for (const same of bySignature.values()) {
    if (same.length < 2) continue;
    for (const block of same) {
      block.kind = 'example';
      block.cause = 'few-shot pairs';
    }
  }
  let run: Array<{ block: Block; turn: NonNullable<ReturnType<typeof speakerTurn>> }> = [];
  const closeRun = () => {
    if (run.length >= 2 && isConversation(run.map((entry) => entry.turn))) {
      for (const { block } of run) {
        block.kind = 'data';
        block.cause = 'transcript';
      }
    }
    run = [];
  };
  for (const block of blocks) {
    // List items are read as turns only with a time stamp: "- **Prefer:** …" / "- **Avoid:** …" are rules.
    const turn = block.kind === 'instruction' || block.kind === 'list-item' ? speakerTurn(firstLineOf(text, block).trim()) : undefined;
    if (turn && (block.kind === 'instruction' || turn.time)) run.push({ block, turn });
    else closeRun();
  }
  closeRun();
}

/**
 * A field label of a few-shot example: a few words and a colon on a line of their own
 * ("Question:", "Output:", "statements in json:"), not a new instruction ("Now classify this:").
 */
function isFieldLabel(content: string): boolean {
  const words = content.replace(/[*_`]/g, '').trim().replace(/:$/, '').trim();
  return /:\s*(?:\*\*|__)?$/.test(content.trim()) && words !== '' && words.split(/\s+/).length <= 4 && !/^(?:now|please|then|next|finally|your|you|do|don'?t|return|respond|answer\s+the|use|write|give|provide)\b/i.test(words);
}

function dataHeading(content: string): boolean {
  const words = content.replace(/[*_`#:]/g, ' ').trim();
  // The data noun must head the title ("## Customer tickets", "Transcript:"), not qualify it ("Customer support reply").
  return words.split(/\s+/).length <= 4 && DATA_WORDS.test(words) && !/\b(?:rules?|guidelines?|instructions?|format|requirements?|how|when|handling|guidance|steps?|process)\b/i.test(words);
}

function dataLabel(content: string): boolean {
  return dataHeading(content);
}

/**
 * A section heading: as a label, but a lone "Review" titles the reviewing task ("## Review"),
 * while "Review:" before a block announces the review to read; and a heading that closes pasted
 * material ("# End of gitingest context", "## End of documents") opens nothing.
 */
function dataSectionHeading(content: string): boolean {
  return dataHeading(content) && !/^\W*review\W*$/i.test(content) && !/^\W*end\s+of\b/i.test(content);
}

function isRecordBlock(body: string): boolean {
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 3) return false;
  let records = 0;
  for (const line of lines) if (RECORD_LINE.test(line) && !/^\s*(?:[-*]\s+)?(?:note|important|warning|tip|example|remember|always|never|do|don't|must)\s*:/i.test(line)) records++;
  return records / lines.length >= 0.8;
}

/** A fence the reader is told to save, or whose info string or first line names a file. */
function isFileContent(text: string, blocks: Block[], index: number): boolean {
  const block = blocks[index];
  if (FILE_NAME.test(block.content) || /\b(?:title|file(?:name)?)=/.test(block.content)) return true;
  if (CONFIG_KEYS.test(text.slice(block.start, Math.min(block.end, block.start + 3000)))) return true;
  const firstLine = text.slice(block.start, block.end).split('\n')[1] ?? '';
  if (/^\s*(?:\/\/|#|<!--|\/\*)\s*[\w./-]+\.\w{1,6}\s*(?:-->|\*\/)?\s*$/.test(firstLine)) return true;
  for (let j = index - 1; j >= 0 && j >= index - 2; j--) {
    const prev = blocks[j];
    if (prev.kind === 'code' || prev.kind === 'file-content') break;
    const lead = text.slice(prev.start, prev.end);
    if (FILE_LEAD.test(lead) || FILE_NAME.test(lead)) return true;
    if (prev.kind !== 'label' && prev.kind !== 'heading') break;
  }
  return false;
}

/**
 * Keys that only configuration files have at their top level (package.json, tsconfig, MCP and
 * editor settings, vercel.json, hooks): a JSON block holding one is a file to reproduce, whatever
 * its lead-in says.
 */
const CONFIG_KEYS =
  /(?:^|\n)[ \t]{0,4}(?:[{[][ \t]*)?"(?:mcpServers|servers|scripts|dependencies|devDependencies|peerDependencies|compilerOptions|\$schema|extends|rewrites|redirects|headers|crons|recommendations|hooks|workspaces|engines|buildCommand|outputDirectory|installCommand|editor\.[\w.]+|files\.[\w.]+|github\.copilot[\w.]*)"[ \t]*:/;

/** Box-drawing and tree glyphs: a directory tree or a drawn table. */
const DIAGRAM = /[│├└┌┐┘┬┴┼═║╔╗╚╝╠╣]|(?:^|\s)(?:\|--|\+--|`--)/;

/**
 * One line of source code, judged alone (trimmed; case matters: prose starts with a capital,
 * SQL keywords are written in capitals, code keywords in lower case).
 */
const CODE_LINE: readonly RegExp[] = [
  /^(?:\/\/|\/\*|\*\/|#!|<\?php|#include\b|#define\b|#region\b)/,
  /^(?:async\s+)?def\s+\w+\s*\(|^class\s+\w+\s*[(:{<]|^import\s+[\w{*"'@]|^from\s+[\w.]+\s+import\b|^return\b(?!\s+(?:a|an|the|only|just|it|its|them|this|that|these|those|to|and|or|with|in|as|when|if)\b)/,
  /^(?:const|let|var)\s+[\w{[]+.*=|^function\s*\*?\s*\w*\s*\(|^export\s+(?:default|const|function|class|interface|type|async)\b|^(?:public|private|protected|internal)\s+(?:static\s+)?\w|^@\w+(?:\(.*\))?$|^package\s+[\w.]+;?$|^using\s+[\w.]+;$|^(?:if|for|while|switch|catch)\s*\(.*\)\s*\{?$/,
  /^(?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|INDEX|PROCEDURE|FUNCTION|SCHEMA|DATABASE|STAGE|TASK|STREAM)|ALTER\s+(?:TABLE|SESSION|USER|WAREHOUSE)|DROP\s+(?:TABLE|VIEW|INDEX)|MERGE\s+INTO|WITH\s+\w+\s+AS\b|FROM\s+\w|WHERE\s+\w|(?:LEFT\s+|RIGHT\s+|INNER\s+|OUTER\s+)?JOIN\s+\w|GROUP\s+BY|ORDER\s+BY|WHEN\s+(?:NOT\s+)?MATCHED|BEGIN$|END;?$)/,
  // Assignments and calls: `HTTP = httpx.AsyncClient()`, `df.show()`.
  /^[A-Za-z_$][\w$.]*(?:\[[^\]\n]*\])?\s*[-+*/|&]?=\s*[^=\s]|^[A-Za-z_$][\w$.]*\([^()\n]*\)\s*;?$/,
  // Structure that only code has: closing brackets alone, or a line ending in `;`, `{`, `=>` or `f(x):`.
  /^[}\])]+[;,)]*$|(?:;|[^{$]\{|=>|\w\([^()]*\)\s*(?:->\s*[\w[\], .]+)?:)$/,
  // JSON written without a fence: `"name": "value",` and bracket lines.
  /^"[^"\n]{1,80}"\s*:\s*\S|^[{[]\s*$/,
];

function isCodeLine(line: string): boolean {
  const t = line.trim();
  return t !== '' && CODE_LINE.some((re) => re.test(t));
}

/**
 * What a markdown paragraph really is when it is not prose: source code written without a fence
 * (most lines code-shaped, or a code line opening an indented body such as a Python docstring),
 * a directory tree or box drawing, or columns aligned with runs of spaces. `undefined` for prose.
 */
export function paragraphShape(body: string): { kind: StructureKind; cause: string } | undefined {
  const lines = body.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  if (lines.length === 0) return undefined;
  let diagram = 0;
  let code = 0;
  let bodyIndent = -1;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (DIAGRAM.test(line)) diagram++;
    // The lines of an opened body (more indented than its `def …:` or `… {` line) are code too.
    if (bodyIndent >= 0 && indent > bodyIndent) {
      code++;
      continue;
    }
    bodyIndent = -1;
    if (isCodeLine(line)) {
      code++;
      if (/(?::|\{)\s*$/.test(line.trim())) bodyIndent = indent;
    }
  }
  if (diagram * 2 >= lines.length) return { kind: 'code', cause: 'diagram' };
  if (code / lines.length >= 0.6) return { kind: 'code', cause: 'unfenced code' };
  if (isAligned(lines)) return { kind: 'table', cause: 'aligned columns' };
  return undefined;
}

/** Two or more lines whose gaps of two or more spaces end in the same column: a table laid out with spaces. */
function isAligned(lines: readonly string[]): boolean {
  if (lines.length < 2) return false;
  const columns = new Map<number, number>();
  let gapped = 0;
  for (const line of lines) {
    const seen = new Set<number>();
    for (const m of line.matchAll(/(?<=\S)[ \t]{2,}(?=\S)/g)) seen.add((m.index ?? 0) + m[0].length);
    if (seen.size > 0) gapped++;
    for (const c of seen) columns.set(c, (columns.get(c) ?? 0) + 1);
  }
  return gapped * 2 >= lines.length && [...columns.values()].some((n) => n >= 2);
}

/** The spans of `structure` of the given kinds, as ranges. */
export function rangesOf(structure: PromptStructure, kinds: ReadonlySet<StructureKind>): OffsetRange[] {
  return structure.blocks.filter((b) => kinds.has(b.kind)).map((b) => ({ start: b.range.start, end: b.range.end }));
}

/** The kind of the block covering `offset`, or `undefined` outside every block. */
export function kindAt(structure: PromptStructure, offset: number): StructureKind | undefined {
  const blocks = structure.blocks;
  const index = lastAtOrBefore(blocks, (block) => block.range.start, offset);
  const found: StructureSpan | undefined = blocks[index];
  // Nested list items start after their parent: walk back while the found span does not reach.
  for (let k = index; k >= 0 && k >= index - 7; k--) {
    if (blocks[k].range.start <= offset && offset <= blocks[k].range.end) return blocks[k].kind;
  }
  return found && offset <= found.range.end ? found.kind : undefined;
}
