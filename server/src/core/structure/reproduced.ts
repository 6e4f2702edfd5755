/**
 * Reproduced documents: third-party text pasted whole into a prompt or rule as reference — a
 * repository dump (gitingest, repomix), a scraped web page (llms-full.txt, Firecrawl, Jina
 * Reader, a page saved with its "Source: <url>" header or "[Skip to main content]" remnant) or a
 * specification that declares RFC 2119 key words. Their words are the source's, not the author's
 * instructions, so the structure reads them as data and no rule rewrites them.
 *
 * Each document is recognised from the format its tool writes (a marker line or frame), never
 * from its wording, and runs from that marker to the end of the dumped part: the dump's own end
 * marker, the end of a specification's section, or the region's end. Text before the marker (the
 * file's own instructions) is not part of it. One pass over the lines, every pattern anchored and
 * without nested repetition, so the scan is linear on any input.
 */

/** A line of the region: document offsets, line ending excluded. */
export interface LineSpan {
  start: number;
  end: number;
}

/** A reproduced document: document offsets from its first line's start to its last line's end. */
export interface ReproducedDocument {
  start: number;
  end: number;
  /** Which format said so (`gitingest/repomix dump`, `llms-full.txt`, …): becomes the data span's cause. */
  cause: string;
}

type Family = 'repository' | 'page' | 'specification';

interface Open {
  line: number;
  family: Family;
  cause: string;
  /** A specification ends at the next heading of this level or higher (0: never). */
  level: number;
}

/** A separator rule of a repository dump: gitingest writes 48 `=`, repomix's plain style 16 and 64. */
const DUMP_RULE = /^={16,}[ \t]*$/;
/** The line a dump frame names: gitingest `FILE:` / `SYMLINK:` / `DIRECTORY:`, repomix `File:`. */
const DUMP_FRAME_NAME = /^(?:FILE|File|SYMLINK|DIRECTORY|Directory):[ \t]+\S/;
/** gitingest's header and footer lines. */
const GITINGEST_HEADER = /^#[ \t]+Generated[ \t]+using[ \t]+https?:\/\/(?:www\.)?gitingest\.com\b/i;
const GITINGEST_FOOTER = /^#[ \t]+End[ \t]+of[ \t]+gitingest[ \t]+context[ \t]*$/i;
/** repomix's generation header, the first line of every output style. */
const REPOMIX_HEADER = /^This[ \t]+file[ \t]+is[ \t]+a[ \t]+merged[ \t]+representation[ \t]+of[ \t]+(?:the[ \t]+entire|a[ \t]+subset[ \t]+of[ \t]+the)[ \t]+codebase\b/i;
/** Where repomix puts the user's own instruction after the files: the dump ends before it. */
const REPOMIX_INSTRUCTION = /^(?:#[ \t]+Instruction[ \t]*|<instruction>[ \t]*)$/;
/** The title line of an llms.txt / llms-full.txt file written by Firecrawl's generator: `# <site> llms-full.txt`. */
const LLMS_HEADER = /^#[ \t]+(\S+)[ \t]+llms(?:-full)?\.txt[ \t]*$/i;
/** Firecrawl's page separator inside llms-full.txt (`<|firecrawl-page-3-lllmstxt|>`, `<|page-3-llmstxt|>`). */
const LLMS_PAGE = /^<\|(?:firecrawl-)?page-\d{1,7}-l{2,3}mstxt\|>[ \t]*$/i;
/** Jina Reader's header: `Title: …`, `URL Source: <url>`, optional `Published Time: …`, then `Markdown Content:`. */
const JINA_SOURCE = /^URL[ \t]+Source:[ \t]*https?:\/\/\S/;
const JINA_CONTENT = /^Markdown[ \t]+Content:[ \t]*$/;
const JINA_TITLE = /^Title:[ \t]+\S/;
/** A skip link as a page converter writes it: a line opening with `[Skip Navigation](https://…)` or `[Skip to main content](https://…)`. */
const SKIP_LINK = /^\[(?:Skip|Jump)[ \t]+(?:to[ \t]+[^\]\n]{1,40}|navigation|nav)\]\(https?:\/\/[^\s)]+\)/i;
/** The same skip link copied from a browser as bare text, unindented: a page's first lines only. */
const SKIP_TEXT = /^(?:Skip|Jump)[ \t]+(?:to[ \t]+(?:main[ \t]+)?content|navigation|to[ \t]+navigation)[ \t]*$/i;
/** A source header that opens a saved page: `Source: <url>`, `Retrieved from "<url>"`, `# Source: <url>`, alone on its line. */
const SOURCE_HEADER =
  /^(?:#{1,6}[ \t]+)?(?:source(?:[ \t]+url)?|original(?:[ \t]+(?:url|source))?|retrieved[ \t]+from|scraped[ \t]+from)[ \t]*:?[ \t]*["“<]?https?:\/\/[^\s"”>]+["”>]?[ \t]*$/i;
/** A heading that is only a URL (`# https://developer.apple.com/documentation/testing`). */
const URL_HEADING = /^#{1,6}[ \t]+<?https?:\/\/[^\s>]+>?[ \t]*$/;
/** The boilerplate every specification using RFC 2119 key words carries. */
const RFC2119_LEAD = /\binterpreted[ \t]+as[ \t]+described[ \t]+in\b/i;
const RFC2119_REF = /\b(?:RFC[ \t]?2119|BCP[ \t]?14)\b/i;

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The text of line `k`. */
function lineAt(text: string, lines: readonly LineSpan[], k: number): string {
  return text.slice(lines[k].start, lines[k].end);
}

/**
 * The reproduced documents among `lines` (one region's lines, in order), sorted and never
 * overlapping. Fenced code is skipped: a dump format shown inside a fence is a sample, not a dump.
 */
export function findReproducedDocuments(text: string, lines: readonly LineSpan[]): ReproducedDocument[] {
  const found: ReproducedDocument[] = [];
  const close = (open: Open, endLine: number) => {
    if (endLine > open.line) found.push({ start: lines[open.line].start, end: lines[endLine - 1].end, cause: open.cause });
  };
  let open: Open | null = null;
  let fence: { char: string; length: number } | null = null;
  let headingLevel = 0;
  // The region's top: its first non-blank line, and the one after it when that first line is a title.
  let contentLines = 0;
  let titleFirst = false;
  let firstContent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lineAt(text, lines, i);
    if (fence) {
      const closing = FENCE.exec(line);
      if (closing && closing[1][0] === fence.char && closing[1].length >= fence.length && line.slice(closing[0].length).trim() === '') fence = null;
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen && !(fenceOpen[1][0] === '`' && line.slice(fenceOpen[0].length).includes('`'))) {
      fence = { char: fenceOpen[1][0], length: fenceOpen[1].length };
      contentLines++;
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    const trimmed = line.trim();
    const atTop = contentLines === 0 || (contentLines === 1 && titleFirst);
    if (trimmed !== '') {
      if (contentLines === 0) {
        titleFirst = heading !== null;
        firstContent = i;
      }
      contentLines++;
    }
    if (open) {
      const end = documentEnd(text, lines, i, open, heading);
      if (end === undefined) continue;
      close(open, end);
      if (end > i) {
        // The end marker belongs to the document; the line after it may open another one.
        open = null;
        i = end - 1;
        continue;
      }
    }
    if (heading) headingLevel = heading[1].length;
    open = openerAt(text, lines, i, line, { atTop, nearTop: trimmed !== '' && contentLines <= 3, first: firstContent }, headingLevel);
  }
  if (open) close(open, lines.length);
  return found;
}

/**
 * Where the open document ends when line `i` ends it (exclusive line index: `i` itself when the line
 * is already the author's, after it when the line is the dump's end marker), else undefined. A
 * repository dump ends at gitingest's footer, repomix's "End of Codebase" frame, or the user's
 * instruction repomix appends (`Instruction` frame, `# Instruction`, `<instruction>`); a
 * specification at the next heading of its section's level or higher; a page at the region's end.
 */
function documentEnd(text: string, lines: readonly LineSpan[], i: number, open: Open, heading: RegExpExecArray | null): number | undefined {
  const line = lineAt(text, lines, i);
  if (open.family === 'repository') {
    if (GITINGEST_FOOTER.test(line)) return i + 1;
    const frame = frameName(text, lines, i);
    if (frame === 'End of Codebase') return i + 3;
    if (frame === 'Instruction' || REPOMIX_INSTRUCTION.test(line)) return i;
    return undefined;
  }
  if (open.family === 'specification' && heading && open.level > 0 && heading[1].length <= open.level) return i;
  return undefined;
}

/** The name between two dump rules when line `i` opens a frame (`=====` / `FILE: x` / `=====`), else undefined. */
function frameName(text: string, lines: readonly LineSpan[], i: number): string | undefined {
  if (i + 2 >= lines.length) return undefined;
  const at = (k: number) => lineAt(text, lines, k);
  if (!DUMP_RULE.test(at(i)) || !DUMP_RULE.test(at(i + 2))) return undefined;
  return at(i + 1).trim();
}

/** The document line `i` opens, if it is one of the markers above. */
function openerAt(
  text: string,
  lines: readonly LineSpan[],
  i: number,
  line: string,
  top: { atTop: boolean; nearTop: boolean; first: number },
  headingLevel: number,
): Open | null {
  const at = (k: number) => lineAt(text, lines, k);
  const repository = (cause: string): Open => ({ line: i, family: 'repository', cause, level: 0 });
  const page = (start: number, cause: string): Open => ({ line: start, family: 'page', cause, level: 0 });
  const first = line.charCodeAt(0);
  // `=`: a dump frame.
  if (first === 61) {
    const name = frameName(text, lines, i);
    return name !== undefined && DUMP_FRAME_NAME.test(name) ? repository('repository dump (gitingest / repomix file frame)') : null;
  }
  if (GITINGEST_HEADER.test(line)) return repository('repository dump (gitingest header)');
  if (REPOMIX_HEADER.test(line)) return repository('repository dump (repomix header)');
  const llms = LLMS_HEADER.exec(line);
  if (llms && /[./]/.test(llms[1])) return page(i, 'scraped documentation (llms.txt header)');
  if (LLMS_PAGE.test(line)) return page(i, 'scraped documentation (llms-full.txt page separator)');
  if (JINA_SOURCE.test(line)) {
    for (let k = i + 1; k < lines.length && k <= i + 8; k++) {
      if (!JINA_CONTENT.test(at(k))) continue;
      const title = previousContentLine(text, lines, i, 2);
      return page(title >= 0 && JINA_TITLE.test(at(title)) ? title : i, 'scraped page (Jina Reader header)');
    }
    return null;
  }
  if (SKIP_LINK.test(line) || (top.nearTop && SKIP_TEXT.test(line))) {
    // The page's title heading, right above the skip link, belongs to the page.
    const title = previousContentLine(text, lines, i, 3);
    return page(title >= 0 && ATX_HEADING.test(at(title)) ? title : i, 'scraped page (skip-link remnant)');
  }
  // A page saved with its source starts at the region's first line (its title, when it has one).
  if (top.atTop && (SOURCE_HEADER.test(line) || URL_HEADING.test(line))) return page(top.first, 'saved page (source header)');
  if (RFC2119_LEAD.test(line) && (RFC2119_REF.test(line) || (i + 1 < lines.length && RFC2119_REF.test(at(i + 1))))) {
    return { line: i, family: 'specification', cause: 'specification (RFC 2119 key words)', level: headingLevel };
  }
  return null;
}

/** The nearest non-blank line before `i`, looking back at most `limit` lines; -1 when none. */
function previousContentLine(text: string, lines: readonly LineSpan[], i: number, limit: number): number {
  for (let k = i - 1; k >= 0 && k >= i - limit; k--) if (lineAt(text, lines, k).trim() !== '') return k;
  return -1;
}
