/**
 * Prose structure: paragraphs, list items and headings, each split into sentences ("units").
 *
 * The phrase rules need to know where a sentence starts (to keep its first letter capitalised),
 * the duplicate rule compares sentences, and language detection classifies them. Code blocks,
 * tables and lines holding only template tags are not prose and separate blocks.
 */
import type { OffsetRange } from '../../types';
import type { RangeSet } from './edits';
import { isBlank, linesOf } from './lines';

export type BlockKind = 'paragraph' | 'item' | 'heading' | 'quote';

export interface ProseBlock {
  kind: BlockKind;
  /** Index of the region holding the block. */
  region: number;
  /** Start of the block's first line (markers included). */
  start: number;
  /** Start of the text after list, heading or quote markers. */
  contentStart: number;
  /** End of the block's text, excluding the last line ending. */
  end: number;
  /** Start of the line after the block (or the end of its prose range). */
  next: number;
  units: Unit[];
}

export interface Unit {
  /** The sentence, trimmed of surrounding whitespace. */
  range: OffsetRange;
  block: ProseBlock;
  /** Position of the unit in its block. */
  index: number;
}

const HEADING = /^[ \t]{0,3}#{1,6}(?:[ \t]+|$)/;
const ITEM = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+/;
const QUOTE = /^[ \t]*(?:>[ \t]?)+/;
const RULE = /^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE = /^[ \t]*\|/;

const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'no', 'fig', 'approx', 'incl', 'cf', 'al', 'jr', 'sr', 'viz', 'resp', 'ca', 'nr', 'vol', 'pp', 'eg', 'ie',
]);
const FUNCTION_WORDS = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'for', 'with', 'your', 'by', 'on', 'at', 'from', 'as', 'is', 'are', 'that', 'this', 'be', 'not', 'but', 'if', 'than', 'into', 'our', 'their', 'its', 'each', 'every', 'any', 'all', 'use',
]);

/**
 * Splits the prose of each region into blocks and sentences. `prose` lists prose stretches with
 * their region index; `markup` holds template and markup tags (a line of them alone separates
 * blocks) and `inner` the inline protected spans (a sentence never ends inside them).
 */
export function segmentProse(
  text: string,
  prose: ReadonlyArray<OffsetRange & { region: number }>,
  markup: RangeSet,
  inner: RangeSet,
): ProseBlock[] {
  const blocks: ProseBlock[] = [];
  for (const range of prose) {
    let current: ProseBlock | undefined;
    const close = () => {
      if (current) blocks.push(current);
      current = undefined;
    };
    for (const line of linesOf(text, range)) {
      const lineText = text.slice(line.start, line.end);
      if (isBlank(text, line) || RULE.test(lineText) || TABLE.test(lineText) || onlyMarkup(text, line.start, line.end, markup)) {
        close();
        continue;
      }
      const heading = HEADING.exec(lineText);
      if (heading) {
        close();
        let end = line.end;
        while (end > line.start && /[\s#]/.test(text[end - 1])) end--;
        blocks.push(makeBlock('heading', range.region, line.start, line.start + heading[0].length, Math.max(end, line.start + heading[0].length), line.next));
        continue;
      }
      const quote = QUOTE.exec(lineText);
      if (quote) {
        close();
        blocks.push(makeBlock('quote', range.region, line.start, line.start + quote[0].length, line.end, line.next));
        continue;
      }
      const item = ITEM.exec(lineText);
      if (item) {
        close();
        current = makeBlock('item', range.region, line.start, line.start + item[0].length, line.end, line.next);
        continue;
      }
      if (current) {
        current.end = line.end;
        current.next = line.next;
      } else {
        const indent = lineText.length - lineText.trimStart().length;
        current = makeBlock('paragraph', range.region, line.start, line.start + indent, line.end, line.next);
      }
    }
    close();
  }
  for (const block of blocks) block.units = splitSentences(text, block, inner);
  return blocks;
}

function makeBlock(kind: BlockKind, region: number, start: number, contentStart: number, end: number, next: number): ProseBlock {
  return { kind, region, start, contentStart, end: Math.max(end, contentStart), next, units: [] };
}

/** True when every non-blank character of the line is a template or markup tag (`{% if x %}` alone). */
function onlyMarkup(text: string, start: number, end: number, markup: RangeSet): boolean {
  let any = false;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9 || c === 13) continue;
    if (!markup.covers(p)) return false;
    any = true;
  }
  return any;
}

const TERMINATOR = /[.!?…]/;
const CJK_TERMINATOR = /[。！？]/;
const CLOSER = /["')\]*_”’»」』]/;

/**
 * The sentences of a prose block, as the units compression edits. Core reads sentences in four
 * places on purpose: each answers another question, so each cuts where the others must not:
 * - here, a unit is what a fix may remove whole, so only a terminator before a space (not after an
 *   abbreviation or an initial), a CJK terminator, or a line break before a capitalised line cuts;
 * - `clausesOf` (tier/statement.ts) finds one head verb per clause, so a semicolon ends one too;
 * - `quotableSentenceAround` (tier/rule.ts) quotes the one sentence around a signal in the hover,
 *   reading outward at most 200 characters and across soft-wrapped lines;
 * - `instructionsOf` (agent/checks.ts) cuts each always-on instruction line at `.`, `!` or `?`
 *   only to find the same instruction in two files; nothing is edited or quoted.
 */
function splitSentences(text: string, block: ProseBlock, inner: RangeSet): Unit[] {
  const cuts: number[] = [];
  const { contentStart: start, end } = block;
  for (let p = start; p < end; p++) {
    const c = text[p];
    if (CJK_TERMINATOR.test(c)) {
      let q = p + 1;
      while (q < end && CLOSER.test(text[q])) q++;
      cuts.push(q);
      p = q - 1;
      continue;
    }
    if (TERMINATOR.test(c) && !inner.covers(p)) {
      let q = p;
      while (q < end && TERMINATOR.test(text[q])) q++;
      while (q < end && CLOSER.test(text[q])) q++;
      if (q < end && !/\s/.test(text[q])) continue;
      if (c === '.' && isAbbreviation(text, start, p)) continue;
      cuts.push(q);
      p = q - 1;
      continue;
    }
    if (c === '\n') {
      let prev = p - 1;
      while (prev >= start && /\s/.test(text[prev])) prev--;
      let next = p + 1;
      while (next < end && /[ \t]/.test(text[next])) next++;
      if (prev < start || next >= end) continue;
      const last = text[prev];
      const nextChar = text[next];
      if (last === ':' || last === ';') cuts.push(p);
      else if (/[\p{Lu}{<]/u.test(nextChar) && /[\p{L}\p{N})*`}>"'\]]/u.test(last) && !FUNCTION_WORDS.has(lastWord(text, start, prev + 1))) cuts.push(p);
    }
  }
  const units: Unit[] = [];
  let from = start;
  for (const cut of [...cuts, end]) {
    let s = from;
    let e = Math.min(cut, end);
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s && /[\p{L}\p{N}]/u.test(text.slice(s, e))) units.push({ range: { start: s, end: e }, block, index: units.length });
    from = cut;
  }
  return units;
}

function lastWord(text: string, start: number, end: number): string {
  let s = end;
  while (s > start && /\p{L}/u.test(text[s - 1])) s--;
  return text.slice(s, end).toLowerCase();
}

function isAbbreviation(text: string, start: number, dot: number): boolean {
  let s = dot;
  while (s > start && /[\p{L}.]/u.test(text[s - 1])) s--;
  const word = text.slice(s, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital letter is an initial ("J. Smith"); a digit before a dot is a list number.
  return /^\p{Lu}$/u.test(text.slice(s, dot));
}
