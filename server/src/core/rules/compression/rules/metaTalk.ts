/**
 * `meta-talk`: sentences and clauses in which the author talks about themselves or the exchange,
 * not about the task. Social sentences ("Thanks a lot, I really do appreciate the help with this
 * one!") are removed whole; lead-ins that only announce a statement ("Let me start off by saying
 * that …", "(as already mentioned above, …") are removed and the statement kept; so is a relative
 * clause telling the author's history with the task; a sentence that declares itself a repetition
 * ("Just to say it one more time: …") is removed when every word of what it restates was said
 * earlier in the same message, otherwise only its lead-in goes.
 *
 * Instruction prose only: headings, labels, examples, data, quotes and code never reach this rule
 * (they are not English units or are protected), and list items are never removed whole.
 */
import type { Diagnostic, Severity, TextEdit } from '../../../types';
import { kindAt } from '../../../structure';
import { type Context, capitalise, diagnosticWithFix, makeFix, quote, sentenceRemovalRange, sentenceStart } from '../context';
import { FILLER_SENTENCES, GREETING_SENTENCE } from '../fillers';
import { AUTHOR_HISTORY, CONSTRAINT_WORDS, EXCHANGE_PURPOSE, LEAD_INS, PAREN_BACK_REFERENCE, READER_ASIDES, RECAP_LEAD_END, RECAP_MARKER, SOCIAL_OPENER, SOCIAL_WORDS } from '../metaTalk';
import { RESTATEMENT_STOPWORDS, restatementStem as stem } from '../restatement';
import type { Unit } from '../segment';

const CODE = 'meta-talk' as const;

/**
 * The data's patterns are written with single spaces; a sentence may wrap onto the next line
 * anywhere. A space between words becomes a whitespace run; a space inside a character class
 * (`[ \t]`) stays one character of that class, now any whitespace.
 */
export function acrossLines(re: RegExp): RegExp {
  let source = '';
  let inClass = false;
  for (let i = 0; i < re.source.length; i++) {
    const c = re.source[i];
    if (c === '\\') {
      source += c + (re.source[i + 1] ?? '');
      i++;
    } else if (c === ' ') {
      source += inClass ? '\\s' : '\\s+';
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      source += c;
    }
  }
  return new RegExp(source, re.flags);
}
const LEADS = LEAD_INS.map(acrossLines);
const RECAP = acrossLines(RECAP_MARKER);
const RECAP_END = acrossLines(RECAP_LEAD_END);
const TAGS: Diagnostic['tags'] = ['unnecessary'];

/** A leading connective or topic before a lead-in ("Also, ", "Regarding formatting, "): kept as written. */
const CONNECTIVE = /^(?:also|additionally|in addition(?: to that| to this)?|besides(?: that| this)?|now|finally|first(?: of all)?|secondly|lastly|basically|so|(?:regarding|as for|when it comes to|in terms of|with regard to) [^,.;:!?\n`"]{1,40}),\s+/i;

const acrossConnective = acrossLines(CONNECTIVE);

/** Where a clause may start after a removed lead-in: a letter, a digit, code or a quote. */
const CLAUSE_START = /[\p{L}\p{N}`"'“‘{(<*_$]/u;

export function metaTalkDiagnostics(ctx: Context, severity: Severity): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<number, string[]>();
  for (const unit of ctx.english) {
    if (unit.block.kind === 'heading' || unit.block.kind === 'quote') continue;
    const kind = kindAt(ctx.structure, unit.range.start);
    if (kind !== undefined && kind !== 'instruction' && kind !== 'list-item') continue;
    const earlier = seen.get(unit.block.region) ?? [];
    const found = social(ctx, unit, severity) ?? recap(ctx, unit, severity, earlier) ?? leadIn(ctx, unit, severity);
    if (found) out.push(found);
    out.push(...backReferences(ctx, unit, severity), ...tails(ctx, unit, severity), ...asides(ctx, unit, severity));
    earlier.push(ctx.text.slice(unit.range.start, unit.range.end));
    seen.set(unit.block.region, earlier);
  }
  return out;
}

/** The sentence as one line of plain words, apostrophes straightened. */
function flat(ctx: Context, unit: Unit): string {
  return ctx.text.slice(sentenceStart(ctx.text, unit), unit.range.end).replace(/\s+/g, ' ').replace(/’/g, "'");
}

/** Lower-case words of `s` (apostrophes kept inside words). */
function wordsOf(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}][\p{L}']*/gu) ?? [];
}

/** A clause opening with a bare verb after a comma or conjunction. */
const COORDINATED_IMPERATIVE =
  /(?:[,;]|\band\b|\bso\b|\bbut\b|\bthen\b|\bjust\b)\s+(?:please\s+)?(?:make|give|take|get|do|help|be|work|enjoy|ask|know|understand|need|want|look|read|answer|reply|feel|let|have|keep|use|write|send)\b/i;

/** True when `body` (one flat sentence) is social padding by its opener and every one of its words. */
function isSocialSentence(body: string): boolean {
  if (!SOCIAL_OPENER.test(body)) return false;
  if (/[\d`"“”:;?()[\]{}<>|/\\@#$%*=+]/.test(body) || CONSTRAINT_WORDS.test(body)) return false;
  // A coordinated imperative ("Thanks, and make it good", "Sorry, but be brief") is an order.
  if (COORDINATED_IMPERATIVE.test(body)) return false;
  // "in order to" is the one place "order" is a social word ("… to do a good job").
  return wordsOf(body.replace(/\bin order to\b/gi, 'to')).every((w) => SOCIAL_WORDS.has(w));
}

/** A whole sentence of social padding, removed with its spacing; paragraphs only (a list item is structure). */
function social(ctx: Context, unit: Unit, severity: Severity): Diagnostic | undefined {
  if (unit.block.kind !== 'paragraph') return undefined;
  const body = flat(ctx, unit);
  // filler-phrase already removes its own politeness sentences and greetings.
  if (FILLER_SENTENCES.some((re) => re.test(body)) || GREETING_SENTENCE.test(body)) return undefined;
  if (!isSocialSentence(body)) return undefined;
  // "Thank you in advance for your collaboration. We really appreciate your time!": when a thank-you
  // next to it says more than social words, the paragraph is a message to someone; half of it stays odd.
  const saysMore = (other: Unit) => {
    const sentence = flat(ctx, other);
    return SOCIAL_OPENER.test(sentence) && !isSocialSentence(sentence) && !FILLER_SENTENCES.some((re) => re.test(sentence));
  };
  if (unit.block.units.some((other) => other !== unit && saysMore(other))) return undefined;
  // A block's only sentence may be the whole message ("Thanks!" as a prompt): keep it.
  if (unit.block.units.length === 1 && ctx.blocks.filter((b) => b.region === unit.block.region).length === 1) return undefined;
  // A sentence between template tags is text the template outputs ("{{#> thanks}}Thank you for your order!").
  if (nextToMarkup(ctx, unit)) return undefined;
  const range = sentenceRemovalRange(ctx, unit);
  const fix = makeFix(ctx, CODE, `Remove ${quote(body)}`, [{ range, newText: '' }]);
  if (!fix) return undefined;
  return diagnosticWithFix(CODE, severity, unit.range, `The author talking about the exchange, no instruction: ${quote(body)}`, fix, TAGS);
}

/** True when the line right before or after the unit's block holds a template or markup tag. */
function nextToMarkup(ctx: Context, unit: Unit): boolean {
  const { text } = ctx;
  const lineBefore = text.slice(text.lastIndexOf('\n', Math.max(0, unit.block.start - 2)) + 1, Math.max(0, unit.block.start - 1));
  const afterStart = unit.block.next;
  const afterEnd = text.indexOf('\n', afterStart);
  const lineAfter = text.slice(afterStart, afterEnd === -1 ? text.length : afterEnd);
  return /\{\{|\{%|<\/?[A-Za-z]/.test(lineBefore) || /\{\{|\{%|<\/?[A-Za-z]/.test(lineAfter);
}


/** A declared repetition: removed whole when it restates only what came before, else its lead-in. */
function recap(ctx: Context, unit: Unit, severity: Severity, earlier: readonly string[]): Diagnostic | undefined {
  const { text } = ctx;
  if (unit.block.kind !== 'paragraph') return undefined;
  const s0 = sentenceStart(text, unit);
  const sentence = text.slice(s0, unit.range.end);
  const marker = RECAP.exec(sentence.replace(/’/g, "'"));
  if (!marker) return undefined;
  const end = RECAP_END.exec(sentence.slice(marker[0].length));
  if (!end) return undefined;
  const leadLength = marker[0].length + end.index + end[0].length;
  const lead = sentence.slice(0, leadLength);
  // The lead-in only talks about repeating: no number, code or quote in it.
  if (/[\d`"“{[<]/.test(lead) || wordsOf(lead).length > 30) return undefined;
  const rest = sentence.slice(leadLength);
  if (rest.trim() === '' || !CLAUSE_START.test(rest[0])) return undefined;
  const before = new Set(earlier.flatMap((s) => wordsOf(s)).map(stem));
  const content = wordsOf(rest).filter((w) => !RESTATEMENT_STOPWORDS.has(w));
  // A persona or goal statement ("your role is to …") is what the model needs to hear; it stays.
  const persona = /\b(?:you are|you're|your (?:role|goal|job|task|purpose|mission))\b/i.test(rest);
  if (!persona && before.size > 0 && content.length > 0 && content.every((w) => before.has(stem(w)))) {
    const range = sentenceRemovalRange(ctx, unit);
    const fix = makeFix(ctx, CODE, `Remove the restatement ${quote(sentence)}`, [{ range, newText: '' }]);
    if (fix) return diagnosticWithFix(CODE, severity, unit.range, `Restates earlier instructions, adding nothing: ${quote(sentence)}`, fix, TAGS);
  }
  return removeLead(ctx, s0, s0 + leadLength, severity, `Announces a repetition: ${quote(lead)}`);
}

/** A lead-in that only announces the clause after it, at the sentence start or after a connective. */
function leadIn(ctx: Context, unit: Unit, severity: Severity): Diagnostic | undefined {
  const { text } = ctx;
  const s0 = sentenceStart(text, unit);
  const sentence = text.slice(s0, unit.range.end).replace(/’/g, "'");
  const connective = acrossConnective.exec(sentence);
  for (const offset of connective ? [0, connective[0].length] : [0]) {
    for (const re of LEADS) {
      const m = re.exec(sentence.slice(offset));
      if (!m) continue;
      const start = s0 + offset;
      return removeLead(ctx, start, start + m[0].length, severity, `Only announces what follows: ${quote(m[0])}`, offset > 0);
    }
  }
  return undefined;
}

const PAREN_BACK = acrossLines(PAREN_BACK_REFERENCE);

/** Each match of the global `patterns`, in order, inside `unit`, with where it starts in the text. */
function* matchesIn(text: string, unit: Unit, patterns: readonly RegExp[]): Generator<{ match: RegExpExecArray; at: number }> {
  const body = text.slice(unit.range.start, unit.range.end);
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let match = re.exec(body); match; match = re.exec(body)) yield { match, at: unit.range.start + match.index };
  }
}

/** "(as already mentioned above, use X instead)" → "(use X instead)". */
function backReferences(ctx: Context, unit: Unit, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  for (const { match, at } of matchesIn(text, unit, [PAREN_BACK])) {
    const start = at + 1;
    const end = start + match[1].length;
    if (!CLAUSE_START.test(text[end] ?? '')) continue;
    const original = text.slice(start, end).trimEnd();
    const fix = makeFix(ctx, CODE, `Remove ${quote(original)}`, [{ range: { start, end }, newText: '' }]);
    if (fix) out.push(diagnosticWithFix(CODE, severity, { start, end: start + original.length }, `Points back at what was said: ${quote(original)}`, fix, TAGS));
  }
  return out;
}

const TAILS = [AUTHOR_HISTORY, EXCHANGE_PURPOSE].map(acrossLines);

/**
 * Clauses at the end of a clause that talk about the author or the exchange: "a task that I have
 * been putting off for a while now." → "a task.", ", just so that you have an idea of what I am
 * looking for:" → ":".
 */
function tails(ctx: Context, unit: Unit, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  for (const { match, at: start } of matchesIn(text, unit, TAILS)) {
    const end = start + match[0].length;
    const original = text.slice(start, end).trim();
    const fix = makeFix(ctx, CODE, `Remove ${quote(original)}`, [{ range: { start, end }, newText: '' }]);
    if (fix) out.push(diagnosticWithFix(CODE, severity, { start: end - match[0].trimStart().length, end }, `Talks about the author or the exchange, no instruction: ${quote(original)}`, fix, TAGS));
  }
  return out;
}

const ASIDES = READER_ASIDES.map(acrossLines);

/**
 * An aside to the reader inside a sentence, removed with the commas that set it off: "the team,
 * as I am sure you can imagine, is busy" → "the team is busy"; "and to be honest with you, we" →
 * "and we"; "the areas below, if that is alright:" → "the areas below:". After a single opening
 * word ("Unfortunately, as you can imagine, delays") that word keeps its comma.
 */
function asides(ctx: Context, unit: Unit, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  const s0 = sentenceStart(text, unit);
  for (const { match, at: start } of matchesIn(text, unit, ASIDES)) {
    const end = start + match[0].length;
    if (/[\p{L}\p{N}]/u.test(text[start - 1] ?? '') || /[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
    const lead = text.slice(s0, start);
    const commaBefore = /,[ \t]*(?:\r?\n[ \t]*)?$/.exec(lead);
    const closing = /^,[ \t]*(?:\r?\n[ \t]*)?/.exec(text.slice(end, unit.range.end));
    let range: { start: number; end: number } | undefined;
    if (commaBefore && closing) {
      const opener = lead.slice(0, commaBefore.index).trim();
      range = /^[\p{L}'’-]+$/u.test(opener) ? { start, end: end + closing[0].length } : { start: s0 + commaBefore.index, end: end + 1 };
    } else if (closing && /\b(?:and|but|so|because|since|which|or)[ \t]+$/i.test(lead)) {
      range = { start, end: end + closing[0].length };
    } else if (commaBefore && /^[.;:!?)]/.test(text[end] ?? '')) {
      range = { start: s0 + commaBefore.index, end };
    }
    if (!range) continue;
    const original = text.slice(start, end);
    const fix = makeFix(ctx, CODE, `Remove ${quote(original)}`, [{ range, newText: '' }]);
    if (fix) out.push(diagnosticWithFix(CODE, severity, { start, end }, `An aside to the reader, no instruction: ${quote(original)}`, fix, TAGS));
  }
  return out;
}

/** Removes `start..restStart`, capitalising the next letter where the sentence starts. */
function removeLead(ctx: Context, start: number, restStart: number, severity: Severity, message: string, afterConnective = false): Diagnostic | undefined {
  const { text } = ctx;
  const next = text[restStart];
  if (next === undefined || !CLAUSE_START.test(next)) return undefined;
  // What is left must stand as a sentence: not an infinitive or a conjunction's second half.
  if (/^(?:to|and|or|but|nor)\b/i.test(text.slice(restStart, restStart + 4))) return undefined;
  const original = text.slice(start, restStart).trimEnd();
  const edits: TextEdit[] = [];
  const upper = !afterConnective && /\p{Lu}/u.test(text[start]);
  if (upper && /\p{Ll}/u.test(next)) {
    // A word that is code or a name keeps its case; then the lead-in stays rather than leave a lower-case start.
    let e = restStart;
    while (e < text.length && /[\p{L}\p{N}_]/u.test(text[e])) e++;
    if (!ctx.protection.isFree({ start: restStart, end: e })) return undefined;
    edits.push({ range: { start, end: restStart + 1 }, newText: capitalise(next) });
  } else {
    edits.push({ range: { start, end: restStart }, newText: '' });
  }
  const fix = makeFix(ctx, CODE, `Remove ${quote(original)}`, edits);
  if (!fix) return undefined;
  return diagnosticWithFix(CODE, severity, { start, end: start + original.length }, message, fix, TAGS);
}
