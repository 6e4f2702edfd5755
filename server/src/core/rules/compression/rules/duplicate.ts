/**
 * `duplicate-instruction`: the same instruction given twice in one message.
 *
 * Sentences equal after normalising case, punctuation and whitespace are duplicates; the fix
 * removes the later copy. Sentences merely similar by word shingles get a hint without a fix:
 * "Always answer in English" and "Never answer in English" share most shingles and opposite
 * meanings, so only a person can merge them.
 */
import type { Diagnostic, Severity } from '../../../types';
import { type Context, diagnosticWithFix, makeFix, quote, sentenceRemovalRange } from '../context';
import { atOffset, lastAtOrBefore } from '../../../text/sorted';
import { kindAt } from '../../../structure';
import { RESTATEMENT_STOPWORDS, restatementStem as stem } from '../restatement';
import type { Unit } from '../segment';

const CODE = 'duplicate-instruction' as const;

/** Similarity (Jaccard over word unigrams and bigrams) from which two sentences are near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;
/** Shorter repeats are labels or refrains ("Example usage:", "Build succeeds"), not instructions. */
const MIN_WORDS_EXACT = 2;
const MIN_CHARS_EXACT = 10;
/** A repeated paragraph sentence shorter than this is a refrain ("No keyword matched."), not an instruction. */
const MIN_WORDS_PARAGRAPH = 3;
/** A sentence given in this many sections or more is a per-section template, left alone. */
const TEMPLATE_COPIES = 3;

/** A label-shaped sentence: it names what follows ("**Guidance for Copilot:**"), it instructs nothing. */
function isLabelSentence(s: string): boolean {
  const t = s.trim();
  return /:\s*(?:\*\*|__)?$/.test(t) || /^(?:\*\*|__)[^*_]+(?:\*\*|__)[.:]?$/.test(t);
}
const MIN_WORDS_NEAR = 5;

/** Lower-case words with punctuation dropped: the key of exact duplicates. */
export function normalizeInstruction(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}\s']+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function shingles(words: string[]): Set<string> {
  const set = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) set.add(`${words[i]} ${words[i + 1]}`);
  return set;
}

export function shingleSimilarity(a: string, b: string): number {
  const sa = shingles(normalizeInstruction(a).split(' ').filter(Boolean));
  const sb = shingles(normalizeInstruction(b).split(' ').filter(Boolean));
  if (sa.size === 0 || sb.size === 0) return 0;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common++;
  return common / (sa.size + sb.size - common);
}

/** Template control tags between two copies make them alternatives, not repetitions. */
const CONTROL_TAG = /\{%-?\s*(?:if|elif|else|endif|for|endfor|macro|block|endblock)\b|\{\{[#^/]|\{\{\s*else\b/;

export function duplicateDiagnostics(ctx: Context, severity: Severity, nearSeverity: Severity = 'hint'): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  const byRegion = new Map<number, Unit[]>();
  for (const unit of ctx.english) {
    // Only instruction sentences are compared: headings, labels, checklists, data and examples
    // recur per section by design. List items are compared within their own section only.
    if (unit.block.kind !== 'paragraph' && unit.block.kind !== 'item') continue;
    const kind = kindAt(ctx.structure, unit.range.start);
    if (kind !== undefined && kind !== 'instruction' && kind !== 'list-item') continue;
    if (isLabelSentence(text.slice(unit.range.start, unit.range.end))) continue;
    const list = byRegion.get(unit.block.region) ?? [];
    list.push(unit);
    byRegion.set(unit.block.region, list);
  }
  // A label opens a section as a heading does: "Python:" and "JavaScript:" each head their own
  // rules, and a rule given under both is per-language content, not a repeat.
  const headings = ctx.structure.blocks.filter((b) => b.kind === 'heading' || b.kind === 'label').map((b) => b.range.start);
  const sectionOf = (offset: number): number => lastAtOrBefore(headings, atOffset, offset) + 1;
  for (const units of byRegion.values()) out.push(...recaps(ctx, units, severity), ...restatedInParagraph(ctx, units, severity));
  for (const units of byRegion.values()) {
    const copies = new Map<string, number>();
    for (const unit of units) {
      const key = normalizeInstruction(text.slice(unit.range.start, unit.range.end));
      copies.set(key, (copies.get(key) ?? 0) + 1);
    }
    const seen = new Map<string, Unit>();
    const index = new Map<string, number[]>();
    const keys: string[] = [];
    const words: string[][] = [];
    const sets: Array<Set<string>> = [];
    units.forEach((unit) => {
      const key = normalizeInstruction(text.slice(unit.range.start, unit.range.end));
      keys.push(key);
      const w = key.split(' ').filter(Boolean);
      words.push(w);
      sets.push(shingles(w));
    });
    units.forEach((unit, i) => {
      const key = keys[i];
      const first = seen.get(key);
      if (first && words[i].length >= MIN_WORDS_EXACT && key.length >= MIN_CHARS_EXACT) {
        if ((copies.get(key) ?? 0) >= TEMPLATE_COPIES) return;
        // Only like with like: a whole list item repeating a whole item of the same list, or a
        // paragraph sentence repeating a paragraph sentence. A sentence inside an item that recurs
        // in the next item ("Answer: Yes", "→ Good comment") is that item's own content.
        const itemCopy = unit.block.kind === 'item' || first.block.kind === 'item';
        if (itemCopy && !(unit.block.kind === 'item' && first.block.kind === 'item' && unit.block.units.length === 1 && first.block.units.length === 1)) return;
        if (!itemCopy && words[i].length < MIN_WORDS_PARAGRAPH) return;
        const body0 = text.slice(unit.range.start, unit.range.end);
        // Filled-in templates and question lists repeat by design.
        if (/\[[^\]\n]{2,60}\]|→|->|\?\s*$/.test(body0)) return;
        // A paragraph led by a bold label ("**Suggested action.** …") is one entry of a template.
        if (/^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)/.test(text.slice(unit.block.start, unit.block.end))) return;
        const body = text.slice(unit.range.start, unit.range.end);
        const between = text.slice(first.range.end, unit.range.start);
        const line = ctx.lineOf(first.range.start) + 1;
        const message = `Instruction repeated from line ${line}: ${quote(body)}`;
        // Across sections a repeat may be a deliberate reminder: say so, but let a person decide.
        if (sectionOf(first.range.start) !== sectionOf(unit.range.start)) {
          if (unit.block.kind === 'item' || first.block.kind === 'item') return;
          out.push({ code: CODE, severity: nearSeverity, message: `${message}, in another section; remove one copy if it says nothing new there`, range: unit.range });
          return;
        }
        // A list item is deleted only when its twin stands in the same list: lists recur per
        // phase or role by design, and an item of one list is not redundant with another list.
        const fix = CONTROL_TAG.test(between) || (unit.block.kind === 'item' && !sameList(text, first.block.start, unit.block.start))
          ? undefined
          : makeFix(ctx, CODE, 'Remove the repeated instruction', [{ range: sentenceRemovalRange(ctx, unit), newText: '' }]);
        if (fix) out.push(diagnosticWithFix(CODE, severity, unit.range, message, fix));
        else out.push({ code: CODE, severity, message: `${message}; remove one copy by hand`, range: unit.range });
        return;
      }
      if (!first && key) seen.set(key, unit);
      // Near-duplicates: compare with earlier sentences sharing a shingle.
      if (words[i].length >= MIN_WORDS_NEAR) {
        const candidates = new Set<number>();
        for (const s of sets[i]) if (s.includes(' ')) for (const j of index.get(s) ?? []) candidates.add(j);
        let best = -1;
        let bestScore = 0;
        for (const j of candidates) {
          if (keys[j] === key) continue;
          const lengthRatio = Math.min(words[i].length, words[j].length) / Math.max(words[i].length, words[j].length);
          if (lengthRatio < 0.6) continue;
          let common = 0;
          for (const s of sets[i]) if (sets[j].has(s)) common++;
          const score = common / (sets[i].size + sets[j].size - common);
          if (score > bestScore) {
            bestScore = score;
            best = j;
          }
        }
        if (best >= 0 && bestScore >= NEAR_DUPLICATE_THRESHOLD) {
          const other = units[best];
          out.push({
            code: CODE,
            severity: nearSeverity,
            message: `Similar to the instruction on line ${ctx.lineOf(other.range.start) + 1} (${Math.round(bestScore * 100)}% shared wording): ${quote(text.slice(other.range.start, other.range.end))}. Merge them if they say the same thing.`,
            range: unit.range,
          });
        }
        for (const s of sets[i]) {
          if (!s.includes(' ')) continue;
          const list = index.get(s) ?? [];
          list.push(i);
          index.set(s, list);
        }
      }
    });
  }
  return out;
}

/**
 * True when the items at `from` and `to` belong to one list: every non-blank line between them is
 * an item or its continuation, and none is an item less indented than they are (a parent item
 * opens another sub-list: "- PRD:" and "- AGENTS.md:" each have their own checklist).
 */
function sameList(text: string, from: number, to: number): boolean {
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const own = indentOf(text.slice(to, text.indexOf('\n', to) < 0 ? text.length : text.indexOf('\n', to)));
  if (indentOf(text.slice(from, text.indexOf('\n', from) < 0 ? text.length : text.indexOf('\n', from))) !== own) return false;
  for (const line of text.slice(from, to).split('\n')) {
    if (line.trim() === '') continue;
    const item = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]/.test(line);
    if (!item && !/^[ \t]{2,}\S/.test(line)) return false;
    if (item && indentOf(line) < own) return false;
  }
  return true;
}

/**
 * A sentence that announces itself as a repetition ("Just to reiterate, …", "Once again: …", "To
 * summarize and repeat the most important points: …") restates instructions given earlier. Its fix
 * removes it only when nearly every content word of it already stands in earlier instruction
 * sentences of the same message, so a "recap" that adds a rule keeps it.
 */
const RECAP_CUE =
  /^(?:(?:finally|and|so|but|again|lastly),?[ \t]+(?:and[ \t]+)?)?(?:once again|one more time|to (?:reiterate|repeat|recap|restate)|just to (?:reiterate|repeat|recap|restate|be clear)|to summari[sz]e and (?:repeat|reiterate)|as (?:i|we) (?:said|mentioned|stated) (?:above|before|earlier)|as (?:mentioned|stated|said) (?:above|before|earlier)|(?:let me|i will|i'll) (?:repeat|reiterate|say (?:it|this) again)|i (?:really )?(?:cannot|can't|can not) stress (?:this|it) enough)\b/i;
/** Words that carry no instruction of their own, and the words of the cue itself; "not" is weighed apart. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([...RESTATEMENT_STOPWORDS, 'not']);
/** The share of a recap's content words that earlier instructions must already hold. */
const RECAP_COVERAGE = 0.8;
const RECAP_MIN_WORDS = 3;

function contentWords(sentence: string): string[] {
  return normalizeInstruction(sentence)
    .split(' ')
    .map((w) => w.replace(/'.*$/, ''))
    .filter((w) => w.length > 1 && !FUNCTION_WORDS.has(w))
    .map(stem);
}

function recaps(ctx: Context, units: readonly Unit[], severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  const earlier = new Set<string>();
  for (const unit of units) {
    const body = text.slice(unit.range.start, unit.range.end);
    const words = contentWords(body);
    if (unit.block.kind === 'paragraph' && RECAP_CUE.test(body.trimStart()) && words.length >= RECAP_MIN_WORDS) {
      const known = words.filter((w) => earlier.has(w)).length;
      if (known / words.length >= RECAP_COVERAGE) {
        const fix = makeFix(ctx, CODE, 'Remove the restated instructions', [{ range: sentenceRemovalRange(ctx, unit), newText: '' }]);
        if (fix) out.push(diagnosticWithFix(CODE, severity, unit.range, `Restates earlier instructions: ${quote(body)}`, fix));
        continue;
      }
    }
    for (const w of words) earlier.add(w);
  }
  return out;
}

/** Words that only set the force or polarity of an instruction; polarity is compared apart. */
const FORCE_WORDS = new Set(['must', 'should', 'shall', 'need', 'needs', 'try', 'always', 'ensure', 'keep', 'never', 'no', 'avoid', 'without', 'don', 'doesn', 'didn', 'won', 'nothing', 'none']);
const NEGATION = /\b(?:not|no|never|avoid|without|nothing|none|neither|nor)\b|n['’]t\b/i;

/**
 * A sentence that says again what the sentence right before it said ("…, you must avoid using
 * technical jargon of any kind. Do not use technical jargon."): every content word of it stands in
 * that sentence, both forbid or both require, and it is no longer. Sentences with numbers, code,
 * quotes, arrows, a question or capitalised words add details a person must weigh, so they stay.
 */
function restatedInParagraph(ctx: Context, units: readonly Unit[], severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  // The last sentence kept; a removed restatement leaves it in place for the next comparison.
  let previous: { unit: Unit; words: Set<string>; size: number; negated: boolean; key: string } | undefined;
  for (const unit of units) {
    if (unit.block.kind !== 'paragraph') continue;
    const body = text.slice(unit.range.start, unit.range.end);
    const words = contentWords(body).filter((w) => !FORCE_WORDS.has(w));
    const negated = NEGATION.test(body);
    // Numbers, code, quotes, arrows, questions and capitalised words (names, "One Thing") carry their own weight.
    const plain = !/[\d`"“”'‘’?{}<>[\]*_→=:;]|->/.test(body.replace(/\b\p{L}+['’]t\b/gu, '')) && !/\s\p{Lu}/u.test(body.trim());
    const key = normalizeInstruction(body);
    // Only right after the sentence it repeats; verbatim copies are the exact-duplicate check's, with its own guards.
    const last = previous;
    const restates =
      plain && words.length >= 2 && words.length <= 8 && last !== undefined && last.unit.block === unit.block && last.key !== key && last.negated === negated && words.length <= last.size && words.every((w) => last.words.has(w));
    if (restates) {
      const fix = makeFix(ctx, CODE, 'Remove the restated instruction', [{ range: sentenceRemovalRange(ctx, unit), newText: '' }]);
      if (fix) {
        out.push(diagnosticWithFix(CODE, severity, unit.range, `Says again what the sentence before said: ${quote(body)}`, fix));
        continue;
      }
    }
    previous = { unit, words: new Set(words), size: words.length, negated, key };
  }
  return out;
}
