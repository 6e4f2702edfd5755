/**
 * `filler-phrase`: politeness and throat-clearing ("Please note that", "I would like you to",
 * "As an AI language model", "Thank you!") removed, with the sentence's first letter kept upper-case.
 */
import type { Diagnostic, Severity, TextEdit } from '../../../types';
import {
  type Context,
  capitalise,
  diagnosticWithFix,
  makeFix,
  quote,
  sentenceRemovalRange,
  sentenceStart,
  wordBefore,
} from '../context';
import { FILLER_ADVERBS, FILLER_OPENERS, FILLER_SENTENCES, FILLER_TAILS, GREETING_SENTENCE, PLEASE_AFTER } from '../fillers';
import type { Unit } from '../segment';

const CODE = 'filler-phrase' as const;
const TAGS: Diagnostic['tags'] = ['unnecessary'];

function phrasePattern(phrase: string): string {
  return phrase
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"))
    .join('[ \\t]+');
}

const OPENERS = [...FILLER_OPENERS]
  .sort((a, b) => b.phrase.length - a.phrase.length)
  .map((o) => ({ ...o, re: new RegExp(`${phrasePattern(o.phrase)}(,?)[ \\t]+`, 'iy') }));

const ADVERBS = new RegExp(`(?<![\\p{L}\\p{N}_'’-])(?:${[...FILLER_ADVERBS, 'please'].join('|')})(?![\\p{L}\\p{N}_'’-])`, 'giu');

/**
 * Mid-sentence "actually" is mostly contrastive ("what the user actually asked", "MUST actually run
 * the tests"), "literally" and "honestly" are often the instruction itself ("follow instructions
 * literally", "say honestly when unsure"): only the sentence opener ("Actually, …") is filler.
 */
const MEANINGFUL_MID_SENTENCE = new Set(['actually', 'literally', 'honestly']);
/** Adverbs that are emphasis the author chose when a modal or auxiliary precedes them ("must literally copy"). */
const EMPHASIZING = new Set(['literally', 'honestly']);
/** The modals and auxiliaries after which those adverbs carry emphasis. */
const EMPHASIS_AFTER = new Set([
  'must', 'should', 'shall', 'will', 'would', 'can', 'could', 'may', 'might', 'need', 'needs', 'have', 'has', 'had', 'do', 'does', 'did', 'is', 'are', 'was', 'were', 'be', 'not', "don't", "doesn't", "didn't", "isn't", "aren't", 'never', 'always', 'to',
]);

/** Words after "please" that make it the verb with an object ("please the customer", "please them"). */
const PLEASE_OBJECT = /^[ \t]+(?:the|a|an|this|that|these|those|your|our|their|my|his|her|its|them|him|us|me|everyone|everybody|people|customers?|users?|readers?|clients?)\b/i;

/** What may begin the rest of a sentence after a removed opener. */
const REST_START = /[\p{L}\p{N}`"'“‘{(<[*_$]/u;

export function fillerDiagnostics(ctx: Context, severity: Severity): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const unit of ctx.english) {
    if (unit.block.kind === 'heading') continue;
    const whole = wholeSentence(ctx, unit, severity);
    if (whole) {
      out.push(whole);
      continue;
    }
    const opener = openerAt(ctx, unit, severity);
    if (opener) out.push(opener);
    out.push(...adverbs(ctx, unit, severity, opener ? opener.range.end : -1));
    const tail = tailOf(ctx, unit, severity);
    if (tail) out.push(tail);
  }
  return out;
}

function wholeSentence(ctx: Context, unit: Unit, severity: Severity): Diagnostic | undefined {
  const body = ctx.text.slice(unit.range.start, unit.range.end).replace(/\s+/g, ' ').replace(/’/g, "'");
  const greeting = GREETING_SENTENCE.test(body) && unit.block.units.indexOf(unit) < unit.block.units.length - 1;
  if (!greeting && !FILLER_SENTENCES.some((re) => re.test(body))) return undefined;
  const range = sentenceRemovalRange(ctx, unit);
  const fix = makeFix(ctx, CODE, `Remove ${quote(body)}`, [{ range, newText: '' }]);
  if (!fix) return undefined;
  return diagnosticWithFix(CODE, severity, unit.range, `Politeness adds no instruction: ${quote(body)}`, fix, TAGS);
}

function openerAt(ctx: Context, unit: Unit, severity: Severity): Diagnostic | undefined {
  const { text } = ctx;
  const sentence = sentenceStart(text, unit);
  // An opener may also follow a leading connective: "First, please note that …" keeps "First, ".
  const lead = /^[^,.;:!?\n]{1,50}?[,:][ \t]+/u.exec(text.slice(sentence, Math.min(unit.range.end, sentence + 60)));
  const starts = lead ? [sentence, sentence + lead[0].length] : [sentence];
  for (const s0 of starts) {
    const found = openerFrom(ctx, unit, severity, s0, s0 !== sentence);
    if (found) return found;
  }
  return undefined;
}

function openerFrom(ctx: Context, unit: Unit, severity: Severity, s0: number, afterLead: boolean): Diagnostic | undefined {
  const { text } = ctx;
  for (const opener of OPENERS) {
    opener.re.lastIndex = s0;
    const m = opener.re.exec(text);
    if (!m || m.index !== s0) continue;
    // After "First, " only the openers that are pure throat-clearing fit; "Could you" does not.
    if (afterLead && (opener.question || (opener.replacement !== undefined && !opener.afterLead))) continue;
    // "Actually" is filler only as "Actually, …"; "If you say you'll call a tool, actually call it" contrasts.
    if (opener.phrase === 'actually' && (afterLead || m[1] !== ',')) continue;
    // A bare "Please" in a block of questions the model relays ("Is there an agenda? If yes,
    // please provide it.") is part of the wording the user will read.
    if (opener.phrase === 'please' && text.slice(unit.block.start, unit.block.end).includes('?')) continue;
    const restStart = s0 + m[0].length;
    if (restStart >= unit.range.end || !REST_START.test(text[restStart])) continue;
    const phraseEnd = s0 + m[0].replace(/,?[ \t]+$/, '').length;
    const original = text.slice(s0, phraseEnd);
    // After a leading clause ("If so, I want you to …") the rest continues the sentence in lower case.
    const upper = !afterLead && /\p{Lu}/u.test(original[0]);
    const edits: TextEdit[] = [];
    if (opener.replacement !== undefined) {
      const replacement = upper ? capitalise(opener.replacement) : opener.replacement;
      edits.push({ range: { start: s0, end: phraseEnd }, newText: replacement });
    } else if (afterLead && m[1] === ',' && leadComma(text, s0) >= 0) {
      // "This is, basically, a test": drop the phrase with the comma that opened it.
      edits.push({ range: { start: leadComma(text, s0), end: phraseEnd + 1 }, newText: '' });
    } else {
      const next = text[restStart];
      const canCapitalise = upper && /\p{Ll}/u.test(next) && ctx.protection.isFree({ start: restStart, end: restStart + 1 }) && !isProtectedWord(ctx, restStart);
      if (canCapitalise) edits.push({ range: { start: s0, end: restStart + 1 }, newText: next.toUpperCase() });
      else edits.push({ range: { start: s0, end: restStart }, newText: '' });
      if (opener.question) {
        const last = unit.range.end - 1;
        if (text[last] === '?') edits.push({ range: { start: last, end: last + 1 }, newText: '.' });
      }
    }
    const title = opener.replacement !== undefined ? `Replace ${quote(original)} with ${quote(edits[0].newText)}` : `Remove ${quote(original)}`;
    const fix = makeFix(ctx, CODE, title, edits);
    if (!fix) return undefined;
    return diagnosticWithFix(CODE, severity, { start: s0, end: phraseEnd }, `Filler phrase ${quote(original)} adds nothing`, fix, TAGS);
  }
  return undefined;
}

/** The offset of the comma ending a leading clause right before `s0`, or -1. */
function leadComma(text: string, s0: number): number {
  let p = s0;
  while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
  return text[p - 1] === ',' ? p - 1 : -1;
}

/** True when the word at `offset` would change meaning if re-cased (an identifier, a name like "iOS"). */
function isProtectedWord(ctx: Context, offset: number): boolean {
  let e = offset;
  while (e < ctx.text.length && /[\p{L}\p{N}_]/u.test(ctx.text[e])) e++;
  return !ctx.protection.isFree({ start: offset, end: e });
}

function adverbs(ctx: Context, unit: Unit, severity: Severity, openerEnd: number): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  const s0 = sentenceStart(text, unit);
  const slice = text.slice(unit.range.start, unit.range.end);
  ADVERBS.lastIndex = 0;
  for (let m = ADVERBS.exec(slice); m; m = ADVERBS.exec(slice)) {
    const ws = unit.range.start + m.index;
    const we = ws + m[0].length;
    // The sentence's first word is the opener rule's business.
    if (ws === s0 || ws <= openerEnd + 1) continue;
    const word = m[0].toLowerCase();
    const before = wordBefore(text, ws, unit.range.start);
    if (MEANINGFUL_MID_SENTENCE.has(word)) continue;
    if (EMPHASIZING.has(word) && EMPHASIS_AFTER.has(before)) continue;
    // "kindly" is politeness before a verb ("kindly provide"); "nudge it kindly, not as a threat" is manner.
    if (word === 'kindly' && !/^[ \t]+\p{Ll}/u.test(text.slice(we, we + 3))) continue;
    if (word === 'please') {
      const prevChar = text.slice(unit.range.start, ws).trimEnd().slice(-1);
      // "I want you to please follow": after "you to", "please" is politeness unless an object follows ("you to please the customer").
      const wish = before === 'to' && /\byou[ \t]+to[ \t]*$/i.test(text.slice(unit.range.start, ws)) && !PLEASE_OBJECT.test(text.slice(we, we + 20));
      if (!PLEASE_AFTER.has(before) && prevChar !== ',' && !wish) continue;
      if (!/^[ \t]+\p{Ll}/u.test(text.slice(we, we + 3))) continue;
      // In a block of questions the model relays to the user ("Is there an agenda? If yes,
      // please provide."), the politeness is part of the wording the user will read.
      if (text.slice(unit.block.start, unit.block.end).includes('?')) continue;
    }
    const next = text[we];
    let range: { start: number; end: number } | undefined;
    if (text.slice(ws - 2, ws) === ', ' && next === ',') range = { start: ws - 2, end: we + 1 };
    else if (next === ',' && text[we + 1] === ' ') range = { start: ws, end: we + 2 };
    else if (next === ' ' || next === '\t') range = { start: ws, end: we + 1 };
    else if (next !== undefined && /[.!?;:]/.test(next)) {
      let p = ws;
      if (text[p - 1] === ' ') p--;
      if (text[p - 1] === ',') p--;
      range = { start: p, end: we };
    }
    if (!range || range.start < unit.range.start || range.end > unit.range.end) continue;
    const fix = makeFix(ctx, CODE, `Remove ${quote(m[0])}`, [{ range, newText: '' }]);
    if (fix) out.push(diagnosticWithFix(CODE, severity, { start: ws, end: we }, `Filler word ${quote(m[0])} adds nothing`, fix, TAGS));
  }
  return out;
}

function tailOf(ctx: Context, unit: Unit, severity: Severity): Diagnostic | undefined {
  const { text } = ctx;
  let end = unit.range.end;
  while (end > unit.range.start && /[.!?]/.test(text[end - 1])) end--;
  if (end === unit.range.end) return undefined;
  const body = text.slice(unit.range.start, end).toLowerCase();
  for (const tail of FILLER_TAILS) {
    if (!body.endsWith(tail)) continue;
    const start = end - tail.length;
    if (start <= sentenceStart(text, unit)) return undefined;
    const fix = makeFix(ctx, CODE, `Remove ${quote(tail.replace(/^,/, ''))}`, [{ range: { start, end }, newText: '' }]);
    if (!fix) return undefined;
    const shown = { start: text[start] === ',' ? start + 2 : start + 1, end };
    return diagnosticWithFix(CODE, severity, shown, `Filler ${quote(text.slice(shown.start, end))} adds nothing`, fix, TAGS);
  }
  return undefined;
}
