/**
 * `verbose-phrase`: wordy phrases replaced by concise ones from the curated dictionary and the
 * user's own list; whole words only, case kept, and only where the result stays grammatical.
 */
import type { Diagnostic, Severity, TextEdit } from '../../../types';
import { type Context, capitalise, diagnosticWithFix, makeFix, quote, sentenceStart, wordAfter, wordBefore } from '../context';
import { type PhraseEntry, VERBOSE_PHRASES } from '../phrases';
import type { Unit } from '../segment';
import type { PhraseSetting } from '../types';
import { type PhraseMatch, PhraseTrie } from '../phraseTrie';

const CODE = 'verbose-phrase' as const;

/** Words after which a modal verb cannot stand ("to can", "will must", "don't can"). */
const NO_MODAL_AFTER = new Set([
  'to', 'will', 'would', 'must', 'should', 'shall', 'may', 'might', 'could', 'can', 'cannot', 'do', 'does', 'did', 'not', 'no', 'never', 'the', 'a', 'an',
]);
const MODAL_START = /^(?:can|cannot|could|must|should|will|may|might)\b/i;
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'as']);
const CLAUSE = new Set(['of', 'when', 'that', 'where', 'which']);
/** Words that show the next verb is not bare ("that you are", "that you will"). */
const NOT_BARE = new Set([
  'are', 'is', 'was', 'were', 'will', 'would', 'can', 'could', 'should', 'must', 'shall', 'may', 'might', 'do', 'does', 'did', "don't", "doesn't", "didn't", "won't", "can't", 'cannot', 'has', 'had', "aren't", "isn't", "wouldn't", "shouldn't", 'not',
]);
/** Words after which "that" is a conjunction, not a relative pronoun ("note that", "so that"). */
const THAT_AFTER_VERB = new Set([
  'note', 'ensure', 'say', 'know', 'remember', 'mean', 'think', 'believe', 'understand', 'realize', 'realise', 'assume', 'confirm', 'check', 'verify', 'show', 'state', 'explain', 'sure', 'so', 'is', 'was', 'are', 'be', 'aware', 'mind', 'hope', 'wish', 'expect', 'given', 'such', 'now', 'clear', 'noted', 'means', 'says', 'knows', 'tell', 'told', 'than', 'except', 'but', 'and', 'or', 'also',
]);
/**
 * Words before "a number of" that make it a value, not "several": "must be a number of calls
 * per day", "given a number of minutes, return the hours".
 */
const NUMBER_AS_VALUE = new Set(['is', 'be', 'was', "'s", 'given', 'returns', 'return', 'takes', 'take', 'accepts', 'accept', 'expects', 'expect', 'enter', 'enters', 'pass', 'passes', 'specify', 'specifies', 'provide', 'provides', 'receive', 'receives', 'input', 'inputs']);
/** Words before "a large number of" (and its kin) that need the article: "such a large number of" cannot be "such many". */
const ARTICLE_BOUND = new Set(['such', 'so', 'how', 'quite', 'rather', 'what']);
/** Words after "a number of" that show it is literal, not "several" ("a number of at least 5"). */
const LITERAL_NUMBER = new Set(['at', 'between', 'from', 'that', 'which', 'to', 'up', 'in', 'greater', 'less', 'more', 'fewer', 'smaller', 'larger', 'bigger', 'higher', 'lower', 'with', 'without', 'or', 'and', 'is', '']);
/**
 * A light-verb construction ("write a summary of", "give an explanation for") becomes a verb whose
 * object is what followed "of". That holds only when a plain noun phrase follows: "a summary of at
 * most 200 words that:" describes the summary itself, and "summarize at most 200 words that:"
 * would leave a broken clause.
 */
const LIGHT_VERB = /^(?:provide|give|write|write out|make|create|produce|perform|do|conduct|carry out|take|offer|prepare|generate|deliver)\s+(?:a|an|the|some)?\s*(?:brief|short|detailed|clear)?\s*[\p{L}-]+\s+(?:of|for|on|about|to)$/iu;
const QUANTITY_AFTER = /^(?:at|no|not|up|about|around|approximately|roughly|exactly|less|more|fewer|under|over|between|within|max|maximum|min|minimum|one|two|three|four|five|six|seven|eight|nine|ten|a|an)$/;
const DETERMINERS = new Set(['the', 'these', 'those', 'this', 'that', 'your', 'our', 'their', 'its', 'my', 'his', 'her', 'them', 'us', 'you', 'it']);

/**
 * A leading subordinate clause and its comma ("If a value cannot be found, "): the main clause,
 * an imperative, starts after it.
 */
const LEADING_CLAUSE = /^(?:if|when|whenever|once|before|after|because|since|while|unless|until|wherever|to|for|during|as soon as|every time|each time|in the (?:case|event) that)\b[^,;:.!?\n]{1,160},[ \t]+$/i;
/**
 * Leading connectives and their commas ("Besides that, ", "Finally, ", "So, essentially, "): the
 * main clause after them may be an imperative as well ("Finally, you should run the tests" →
 * "Finally, run the tests").
 */
const LEADING_CONNECTIVE = /^(?:(?:besides(?: that| this)?|finally|next|then|after that|afterwards|first|second|secondly|third|thirdly|lastly|additionally|otherwise|instead|in general|generally|by default|in that case|in this case|as a rule|however|moreover|furthermore|so|essentially|basically|also|in particular),[ \t]+)+$/i;

const COORDINATORS = new Set(['then', 'and', 'but', 'so', 'also']);
/** Words that keep "of the" after "any" ("any of the above", "any of the following", "any of the two"). */
const OF_THE_AFTER = new Set(['above', 'below', 'following', 'other', 'others', 'former', 'latter', 'rest', 'same', 'previous', 'preceding', 'aforementioned', 'first', 'last', 'next', 'ones', 'one', 'listed', 'mentioned']);
/** Number words: "any of the six" is one of a known six, "any six" any six at all. */
const NUMBER_WORDS =
  /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|many|few|several|both)$/;
const PREPOSITIONS = new Set(['in', 'on', 'of', 'by', 'to', 'for', 'with', 'from', 'at', 'about', 'into', 'like', 'under', 'over', 'through', 'within', 'without', 'upon']);
/** Nouns ending in "-ed"; any other "-ed" word before "that" is a verb ("if a PR merged that was discussed"). */
const NOUNS_IN_ED = new Set(['need', 'needs', 'speed', 'feed', 'seed', 'bed', 'embed', 'shed', 'creed', 'breed', 'deed', 'weed', 'greed']);
/** Words before "that" that are no noun: conjunctions, prepositions, pronouns, question words. */
const NOT_A_NOUN = new Set([
  'because', 'since', 'if', 'when', 'as', 'how', 'what', 'all', 'of', 'with', 'for', 'from', 'about', 'on', 'in', 'to', 'by', 'once', 'while', 'unless', 'until', 'why', 'where', 'whether', 'at', 'into', 'like', 'than', 'after', 'before', 'it', 'this', 'which', 'who', 'i', 'you', 'we', 'they', 'he', 'she', 'do', 'does', 'did', 'make', 'makes', 'see', 'find', 'prove', 'proves', 'suggest', 'suggests', 'indicate', 'indicates', 'means', 'mean', 'said', 'stated', 'such', 'way', 'fact', 'idea',
]);
/**
 * Verbs that do not make an order on their own: "you should see the component" is an expected
 * result, "make sure that you have installed" is a perfect tense, "ensure you know X" a state.
 */
const NOT_AN_ORDER = new Set(['have', 'know', 'see', 'get', 'notice', 'receive', 'hear', 'observe', 'obtain', 'feel', 'end', 'now', 'already', 'probably', 'likely']);

let defaultMatcher: PhraseTrie<PhraseEntry> | undefined;
const userMatchers = new Map<string, PhraseTrie<PhraseEntry>>();

function buildMatcher(entries: readonly PhraseEntry[]): PhraseTrie<PhraseEntry> {
  return new PhraseTrie(entries.map((entry) => [entry.from, entry] as const));
}

/** The matcher for the dictionary plus user phrases (user phrases win on the same words). */
function matcherFor(phrases: readonly PhraseSetting[] | undefined): PhraseTrie<PhraseEntry> {
  const valid = (phrases ?? []).filter((p) => p && typeof p.from === 'string' && typeof p.to === 'string' && p.from.trim() !== '');
  if (valid.length === 0) return (defaultMatcher ??= buildMatcher(VERBOSE_PHRASES));
  const key = JSON.stringify(valid.map((p) => [p.from, p.to]));
  let m = userMatchers.get(key);
  if (!m) {
    m = buildMatcher([...valid.map((p) => ({ from: p.from, to: p.to })), ...VERBOSE_PHRASES]);
    if (userMatchers.size > 16) userMatchers.clear();
    userMatchers.set(key, m);
  }
  return m;
}

/** Keeps the case pattern of `original` on `replacement`: UPPER, Title Case, or a capital first letter. */
export function preserveCase(original: string, replacement: string): string {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return replacement.toUpperCase();
  const words = original.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length > 1 && words.every((w) => /^\p{Lu}/u.test(w))) return replacement.split(' ').map(capitalise).join(' ');
  if (/^\p{Lu}/u.test(original)) return capitalise(replacement);
  return replacement;
}

/** "a" or "an" before `word`, by its first sound as far as spelling tells. */
export function articleFor(word: string): 'a' | 'an' {
  const w = word.toLowerCase();
  if (/^(?:hour|honest|honou?r|heir)/.test(w)) return 'an';
  if (/^(?:uni|use|usu|ute|uti|eu|one|once|ur[aeiou])/.test(w)) return 'a';
  return /^[aeiou]/.test(w) ? 'an' : 'a';
}

export function verboseDiagnostics(ctx: Context, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const matcher = matcherFor(ctx.input.settings?.phrases);
  const out: Diagnostic[] = [];
  for (const unit of ctx.english) {
    const s0 = sentenceStart(text, unit);
    const retry: { from?: number } = {};
    for (const { start, end, value: entry } of rescanning(matcher, text, unit.range.start, unit.range.end, retry)) {
      // A reduced relative ("who are …") that does not apply must not hide a phrase inside it ("are going to be").
      // Likewise an opener away from an opening ("but you should really make sure to" → "should really make sure to").
      retry.from = entry.reduced || entry.opener !== undefined ? nextWordStart(text, start, unit.range.end) : undefined;
      const matched = text.slice(start, end);
      const atStart = start === s0;
      const before = wordBefore(text, start, unit.range.start);
      const after = wordAfter(text, end, unit.range.end);
      // "It is important that you explain X, and that you avoid Y": the second "that" clause hangs on
      // the wrapper too, so "You must explain X, and that you avoid Y" would break.
      // "Ensure X, and that Y" still reads: only a wrapper that goes or becomes "you must" breaks it.
      const coordinatedThat = / that( you)?$/.test(entry.from) && /\band that\b/i.test(text.slice(end, unit.range.end));
      // "what we need you to do is to read it and to fill in …": the wrapper's "to" governs a second
      // infinitive too, so "Read it and to fill in …" would break.
      const coordinatedTo = / to$/.test(entry.from) && /\b(?:and|or)\s+to\s+\p{Ll}/u.test(text.slice(end, unit.range.end));
      // Where a sentence or main clause starts, meta-talk around an imperative goes entirely.
      if (entry.opener !== undefined && !coordinatedThat && !coordinatedTo) {
        // "…, then ensure you explain" and "but you should still verify" open a coordinated imperative too.
        // "Your task is to …" is removed only where a sentence starts: "You are a translator, and your job is to translate" keeps it.
        const sentenceOnly = entry.from.startsWith('your ');
        // "Your job is to flag, not to argue" needs its subject: "Flag, not to argue" breaks.
        if (sentenceOnly && /\bnot\s+(?:just\s+|only\s+)?to\b|\brather\s+than\s+to\b/i.test(text.slice(end, unit.range.end))) continue;
        const opening = atStart || (!sentenceOnly && (LEADING_CLAUSE.test(text.slice(s0, start)) || LEADING_CONNECTIVE.test(text.slice(s0, start)))) || ((entry.opener === '' || entry.opener === 'do not') && !sentenceOnly && !entry.from.startsWith('you ') && COORDINATORS.has(before));
        const verb = after.replace(/’/g, "'");
        // "You should be able to figure this out" states an expectation, not an order.
        const expectation = /^[ \t]+be[ \t]+able\b/i.test(text.slice(end, end + 12));
        if (opening && !expectation && !NOT_BARE.has(verb) && !NOT_AN_ORDER.has(verb) && !DETERMINERS.has(verb) && /^\p{Ll}/u.test(after) && !/^\p{L}+ing$/u.test(after)) {
          const edits = rewrite(ctx, start, end, matched, entry.opener, atStart, before, unit.range.start);
          const fix = edits && makeFix(ctx, CODE, entry.opener === '' ? `Remove ${quote(matched)}` : `Replace ${quote(matched)} with ${quote(entry.opener)}`, edits);
          if (fix) {
            out.push(diagnosticWithFix(CODE, severity, { start, end }, `Wordy: ${quote(matched)} only wraps the instruction`, fix));
            retry.from = undefined;
            continue;
          }
        }
      }
      // An opener-only entry has no meaning away from an opening, nor where a coordinated clause hangs on it.
      if (entry.openerOnly) continue;
      if (entry.nostart && atStart) continue;
      if (entry.nobe && BE.has(before)) continue;
      if (MODAL_START.test(entry.to) && (NO_MODAL_AFTER.has(before) || /(?:n't|'ll|'d)$/.test(before))) continue;
      if (entry.relative && THAT_AFTER_VERB.has(before)) continue;
      if (entry.noabove && (OF_THE_AFTER.has(after) || NUMBER_WORDS.test(after) || /^\d/.test(after) || after === '')) continue;
      if (entry.plural && !pluralNounFollows(text.slice(end, Math.min(unit.range.end, end + 120)))) continue;
      if (entry.final && !/^[ \t]*(?:[:.;!?)]|\r?\n|$)/.test(text.slice(end, unit.range.end))) continue;
      // "A monitor just needs to be created" says what suffices; "must" would make it an order.
      if (entry.subject && (SUFFICIENCY_ADVERBS.has(before) || !plainSubjectBefore(text.slice(s0, start)))) continue;
      if (dropsThat(entry) && thatIsSubject(text.slice(end, Math.min(unit.range.end, end + 80)))) continue;
      if (coordinatedThat && !/\b(?:ensure|that)$/.test(entry.to)) continue;
      if (entry.noprep && (PREPOSITIONS.has(before) || before === '')) continue;
      if (entry.verb && !bareVerb(/^[ \t]*([\p{L}'’-]*)/u.exec(text.slice(end, unit.range.end))?.[1] ?? '')) continue;
      if (entry.approx && !approximated(text.slice(s0, start))) continue;
      if (entry.unit && !UNITS.has(before)) continue;
      if (entry.adjective && !(ADJECTIVE_SUFFIX.test(before) && !ADJECTIVE_LOOKALIKES.has(before))) continue;
      // A reduced relative needs a noun right before "that" ("the data that is used by" → "the
      // data used by"); after a verb, conjunction, pronoun or comma "that" is no relative pronoun.
      if (entry.reduced && (THAT_AFTER_VERB.has(before) || NOT_A_NOUN.has(before) || !/^\p{L}+$/u.test(before) || /\p{L}ly$/u.test(before) || (/\p{L}ed$/u.test(before) && !NOUNS_IN_ED.has(before)) || !/[ \t]/.test(text[start - 1] ?? ''))) continue;
      if (entry.reduced && !reducedRelativeFits(text, start, entry.from, before)) continue;
      if (entry.complement && !COMPLEMENT_STARTS.has(after)) continue;
      if (entry.hedge && (before === 'that' || before === 'which' || before === 'who')) continue;
      if (entry.entire && !/\b(?:entire|whole|all)\b(?:\s+\S+){0,4}\s*$/i.test(text.slice(Math.max(s0, start - 60), start))) continue;
      if (entry.of && (LITERAL_NUMBER.has(after) || /^[\d(]/.test(text.slice(end).trimStart()))) continue;
      if (entry.of && entry.from.startsWith('a ') && (ARTICLE_BOUND.has(before) || (entry.from === 'a number of' && NUMBER_AS_VALUE.has(before)))) continue;
      if (entry.noclause && CLAUSE.has(after)) continue;
      if (entry.ing && !/^\p{L}{2,}ing$/u.test(after)) continue;
      // "the code that is failing." or "a topic that is interesting" describe a state: the clause stays.
      if (entry.ing && entry.to === '' && (ING_ADJECTIVES.has(after.toLowerCase()) || !/^[ \t]+\p{L}+ing[ \t]+[\p{L}\p{N}`"'“]/u.test(text.slice(end, unit.range.end)))) continue;
      if (entry.bare && (NOT_BARE.has(after.replace(/’/g, "'")) || after === '')) continue;
      if (entry.frequency && !(AUXILIARIES.has(before) || BE.has(before) || (atStart && /^[ \t]/.test(text[end] ?? '') && bareVerb(after)))) {
        const moved = entry.to === 'always' ? alwaysBeforeVerb(ctx, s0, start, end, matched, unit.range.start) : undefined;
        const fix = moved && makeFix(ctx, CODE, `Replace ${quote(matched)} with "always" before the verb`, moved);
        if (fix) {
          out.push(diagnosticWithFix(CODE, severity, { start, end }, `Wordy: ${quote(matched)} can be "always", before the verb`, fix));
          retry.from = undefined;
        }
        continue;
      }
      if (entry.number && !NUMBER_AHEAD.test(text.slice(end, Math.min(unit.range.end, end + 24)))) continue;
      if (entry.object && !DETERMINERS.has(after) && !NP_DETERMINERS.has(after)) continue;
      if (entry.noto && (after === 'to' || after === 'for')) continue;
      if (entry.negated && (before === 'not' || before === 'if' || !/^[ \t]*(?:[,.;:!?)]|\r?\n|$)/.test(text.slice(end, unit.range.end)) || !NEGATION_BEFORE.test(text.slice(Math.max(s0, start - 80), start)))) continue;
      // "List the people who spoke" reads as "a list of the people who spoke" does; other light verbs
      // keep the relative-clause guard ("a summary of at most 200 words that:").
      if (LIGHT_VERB.test(entry.from) && !plainObjectFollows(text, end, unit.range.end, after, entry.to === 'list')) continue;
      const to = entry.of && DETERMINERS.has(after) ? `${entry.to} of` : entry.to;
      const edits = rewrite(ctx, start, end, matched, to, atStart, before, unit.range.start);
      if (!edits) continue;
      const shown = to.trim() === '' ? 'nothing' : quote(preserveCase(matched, to));
      const fix = makeFix(ctx, CODE, `Replace ${quote(matched)} with ${shown}`, edits);
      if (!fix) continue;
      out.push(diagnosticWithFix(CODE, severity, { start, end }, `Wordy: ${quote(matched)} can be ${shown === 'nothing' ? 'removed' : shown}`, fix));
      retry.from = undefined;
    }
    out.push(...importantThat(ctx, unit, s0, severity));
  }
  return out;
}

/**
 * "It is (very) important that the output is valid JSON" → "The output must be valid JSON": the
 * wrapper says "must" with more words. Only a plain subject (a determiner and at most three more
 * lower-case words, or "it" / "they") followed by "is/are (not)" or "does/do not", where a
 * sentence, a leading clause or a coordinated clause (", and …") starts.
 */
const IMPORTANT_THAT =
  /(?<![\p{L}\p{N}_'’-])(it is|it's)[ \t]+(?:(very|really|absolutely|extremely|so|also|particularly|especially|really very|quite|really quite)[ \t]+)?(?:important|essential|crucial|critical|vital|imperative|necessary)[ \t]+that[ \t]+((?:the|your|our|all|each|every|this|these|those|its|their)(?:[ \t]+[\p{Ll}-]+){1,3}|it|they)[ \t]+(is[ \t]+not|are[ \t]+not|is|are|does[ \t]+not|do[ \t]+not)[ \t]+(?:(actually|really|always|still|only|clearly|never)[ \t]+)?(?=[\p{L}])/giu;
const SUBJECT_STOP = new Set(['that', 'which', 'who', 'you', 'we', 'is', 'are', 'was', 'were', 'be', 'not', 'does', 'do', 'will', 'can', 'should', 'must', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with']);

function importantThat(ctx: Context, unit: Unit, s0: number, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  const body = text.slice(unit.range.start, unit.range.end);
  IMPORTANT_THAT.lastIndex = 0;
  for (let m = IMPORTANT_THAT.exec(body); m; m = IMPORTANT_THAT.exec(body)) {
    const start = unit.range.start + m.index;
    const end = start + m[0].length;
    const lead = text.slice(s0, start);
    const opening = start === s0 || LEADING_CLAUSE.test(lead) || LEADING_CONNECTIVE.test(lead) || /,[ \t]+(?:and|so|but)[ \t]+$/.test(lead);
    if (!opening) continue;
    const subject = m[3];
    if (subject.split(/[ \t]+/).slice(1).some((w) => SUBJECT_STOP.has(w.toLowerCase()))) continue;
    // "that you explain X, and that you avoid Y" hangs a second clause on the wrapper.
    if (/\band that\b/i.test(text.slice(end, unit.range.end))) continue;
    const verb = m[4].toLowerCase().replace(/[ \t]+/g, ' ');
    const also = m[2]?.toLowerCase() === 'also' ? 'also ' : '';
    // An adverb after "is" goes before "be": "is actually useful" → "must actually be useful".
    const adverb = m[5] ? `${m[5]} ` : '';
    const modal = verb === 'is' || verb === 'are' ? `must ${also}${adverb}be` : /^(?:is|are) not$/.test(verb) ? `must ${also}not ${adverb}be` : `must ${also}not ${adverb}`.trimEnd();
    const opensSentence = start === s0;
    const replacement = `${opensSentence ? capitalise(subject) : subject} ${modal} `;
    const fix = makeFix(ctx, CODE, `Replace ${quote(m[0].trim())} with ${quote(replacement.trim())}`, [{ range: { start, end }, newText: replacement }]);
    if (fix) out.push(diagnosticWithFix(CODE, severity, { start, end: end - 1 }, `Wordy: ${quote(m[0].trim())} says "${replacement.trim()}"`, fix));
  }
  return out;
}

/**
 * The trie's matches, except that after a match the caller rejected and marked in `retry.from`,
 * matching starts again from that offset (a word start), so phrases inside the rejected one count.
 */
function* rescanning(matcher: PhraseTrie<PhraseEntry>, text: string, from: number, to: number, retry: { from?: number }): Generator<PhraseMatch<PhraseEntry>> {
  let cursor = from;
  while (cursor < to) {
    let restarted = false;
    for (const match of matcher.matches(text, cursor, to)) {
      retry.from = undefined;
      yield match;
      if (retry.from !== undefined && retry.from > match.start) {
        cursor = retry.from;
        restarted = true;
        break;
      }
    }
    if (!restarted) return;
  }
}

/** The offset where the word after the one at `offset` starts (or `limit`). */
function nextWordStart(text: string, offset: number, limit: number): number {
  let p = offset;
  while (p < limit && /[\p{L}\p{N}_'’-]/u.test(text[p])) p++;
  while (p < limit && !/[\p{L}\p{N}]/u.test(text[p])) p++;
  return p;
}

/** Words in -ing that are adjectives ("that is interesting", "that is missing"), not a verb in progress. */
const ING_ADJECTIVES = new Set([
  'interesting', 'confusing', 'misleading', 'surprising', 'amazing', 'boring', 'exciting', 'outstanding', 'missing', 'existing', 'challenging', 'demanding', 'compelling',
  'engaging', 'appealing', 'annoying', 'concerning', 'promising', 'pleasing', 'disappointing', 'frustrating', 'overwhelming', 'pending', 'remaining', 'following', 'matching',
  'corresponding', 'underlying', 'leading', 'trailing', 'willing', 'lacking', 'thinking', 'something', 'nothing', 'anything', 'everything', 'during', 'according', 'including',
  // "the people who are going to be reading" is a future, not a clause to reduce.
  'going',
]);

/** Words that open a reduced relative's complement ("available for use", "displayed to the user"). */
const COMPLEMENT_STARTS = new Set([...PREPOSITIONS, 'as', 'during', 'before', 'after', 'since', 'across', 'against', 'between', 'inside', 'outside', 'via', 'per']);
/** Nouns for people, after which "who" opens a relative clause. */
const PERSONS = new Set(['people', 'person', 'persons', 'someone', 'somebody', 'anyone', 'anybody', 'everyone', 'everybody', 'user', 'users', 'customer', 'customers', 'member', 'members', 'team', 'teams', 'colleague', 'colleagues', 'staff', 'human', 'humans', 'individual', 'individuals', 'child', 'children', 'men', 'women', 'man', 'woman', 'developer', 'reader', 'author', 'reviewer', 'engineer', 'agent', 'assistant', 'expert', 'student', 'employee', 'manager', 'stakeholder', 'stakeholders', 'intelligences']);
/** Verbs spelt like agent nouns ("consider who is", "remember who was"). */
const VERBS_LIKE_AGENTS = new Set(['consider', 'remember', 'answer', 'discover', 'wonder', 'gather', 'register', 'render', 'enter', 'offer', 'deliver', 'cover', 'recover', 'filter', 'monitor', 'order', 'transfer', 'prefer', 'refer', 'infer', 'invent', 'present', 'prevent', 'represent', 'implement', 'document', 'comment', 'want', 'grant', 'plant']);
/** Plural nouns without a plural "-s". */
const IRREGULAR_PLURALS = new Set(['people', 'children', 'data', 'criteria', 'media', 'men', 'women', 'staff', 'personnel', 'feet', 'teeth', 'mice', 'indices', 'phenomena']);

/**
 * A reduced relative clause keeps its meaning only when "that" plainly attaches to the noun right
 * before it: not after a name ("deploy a component into Dataverse that has been built" describes
 * the component) and not when the verb does not agree with that noun ("resources contained in
 * source code that are displayed": "are" belongs to "resources").
 */
function reducedRelativeFits(text: string, start: number, from: string, before: string): boolean {
  let e = start;
  while (e > 0 && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  const wordStart = e - before.length;
  // A name in Title case mid-sentence ("into Dataverse that has been built"); acronyms ("APIs", "UI")
  // and a capital that only opens the sentence or line ("Items that were removed") are nouns like any other.
  let p = wordStart;
  while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
  const opensClause = p === 0 || /[\n.!?:;—–*-]/.test(text[p - 1]);
  if (/^\p{Lu}\p{Ll}/u.test(text.slice(wordStart, wordStart + 2)) && !opensClause) return false;
  // "who" after a verb opens a question ("include who is responsible"): only after a person noun is it a relative.
  if (from.startsWith('who ') && !PERSONS.has(before) && !(/^\p{L}{3,}(?:ers?|ors?|ists?|ants?|ents?|ees?|ians?)$/u.test(before) && !VERBS_LIKE_AGENTS.has(before))) return false;
  const verb = from.split(' ')[1];
  const raw = text.slice(wordStart, e);
  const plural = IRREGULAR_PLURALS.has(before) || /^\p{Lu}{2,}s$/u.test(raw) || (/^\p{L}{2,}s$/u.test(before) && !/(?:ss|us|is|ics)$/.test(before));
  if (verb === 'are' || verb === 'were' || (verb === 'have' && from.includes(' have been'))) return plural;
  if (verb === 'is' || verb === 'was' || verb === 'has') return !plural || IRREGULAR_PLURALS.has(before);
  return true;
}

/** Units a length is given in: after them "in length" repeats what the unit says. */
const UNITS = new Set([
  'word', 'words', 'character', 'characters', 'chars', 'sentence', 'sentences', 'line', 'lines', 'paragraph', 'paragraphs', 'page', 'pages', 'token', 'tokens', 'bullet', 'bullets', 'points', 'items', 'minute', 'minutes',
]);
/** Adjective endings, as far as spelling tells ("formal", "sensitive", "technical", "temporary"). */
const ADJECTIVE_SUFFIX = /^\p{L}{2,}(?:al|ive|ic|ous|ary|ful|ent|ant|ble|ory)$/u;
/** Nouns with those endings ("an animal in nature", "an agent in nature"). */
const ADJECTIVE_LOOKALIKES = new Set(['animal', 'animals', 'signal', 'metal', 'moment', 'agent', 'parent', 'event', 'content', 'element', 'plant', 'giant', 'story', 'library', 'dictionary', 'summary', 'glossary', 'table', 'cable', 'variable', 'fable']);
const APPROXIMATORS = new Set(['about', 'approximately', 'around', 'roughly', 'some']);
/** A negation or "any" a few words before ("not … anywhere", "without any warnings"). */
const NEGATION_BEFORE = /(?:\b(?:no|not|any|never|nothing|none|without)|n['’]t)\b(?:[ \t\r\n]+[^ \t\r\n]+){0,5}[ \t\r\n]*$/i;
/** A number right after the phrase ("somewhere around 120", "somewhere between sixty and ninety"). */
const NUMBER_AHEAD = /^[ \t]+(?:about[ \t]+|around[ \t]+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|a few|a dozen)\b)/i;
const NUMBERS = /^(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|few|dozen|half)$/;

/** True when `word` can be a bare verb: lower case, not a determiner, pronoun, preposition, auxiliary or -ing form. */
function bareVerb(word: string): boolean {
  const w = word.replace(/’/g, "'");
  if (!/^\p{Ll}[\p{L}'-]*$/u.test(w) || /^\p{L}+ing$/u.test(w)) return false;
  return !DETERMINERS.has(w) && !NP_DETERMINERS.has(w) && !PREPOSITIONS.has(w) && !NOT_BARE.has(w) && !CLAUSE_OPENERS.has(w) && !SUBJECT_PRONOUNS.has(w);
}

/** True when the clause before "or so" ends in an approximated number ("about twenty words"). */
function approximated(clauseBefore: string): boolean {
  const words = clauseBefore.toLowerCase().split(/[^\p{L}\p{N}.,-]+/u).filter((w) => w !== '').slice(-5);
  return words.some((w) => APPROXIMATORS.has(w)) && words.some((w) => NUMBERS.test(w.replace(/[.,]$/, '')));
}

/** Mass nouns ending in "s" and other words that look plural but are not count nouns. */
const NOT_PLURAL = /(?:ss|us|is|ics|ness|ous|ews|ds?ness)$/;

/**
 * True when a plural count noun heads what follows, within three words of one noun phrase ("tools",
 * "Azure resources", "browser-related tasks", "property types"), as far as spelling tells.
 */
function pluralNounFollows(rest: string): boolean {
  const words = /^[ \t]+((?:[\p{L}-]+[ \t]+){0,2}[\p{L}-]+)/u.exec(rest)?.[1].split(/[ \t]+/) ?? [];
  for (const raw of words) {
    const word = raw.toLowerCase();
    if (DETERMINERS.has(word) || PREPOSITIONS.has(word) || CLAUSE_OPENERS.has(word)) return false;
    if (/^[\p{L}][\p{L}-]{2,}s$/u.test(raw) && !NOT_PLURAL.test(word)) return true;
  }
  return false;
}

/** Words that open a clause, after which a noun phrase is the clause's subject. */
const CLAUSE_OPENERS = new Set(['if', 'when', 'whenever', 'whether', 'because', 'since', 'and', 'but', 'or', 'so', 'then', 'until', 'unless', 'while', 'where', 'once', 'as', 'that', 'why', 'how', 'before', 'after', 'also', 'which', 'what']);
const SUBJECT_PRONOUNS = new Set(['it', 'this', 'that', 'which', 'who', 'he', 'she', 'everything', 'something', 'anything', 'nothing', 'each', 'one', 'what', 'you', 'we', 'they', 'i', 'there']);
const NP_DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'each', 'every', 'your', 'our', 'their', 'its', 'my', 'his', 'her', 'any', 'no', 'some', 'all']);

/** Adverbs that make "needs to be" say what suffices ("just needs to be created"), not what is required. */
const SUFFICIENCY_ADVERBS = new Set(['just', 'only', 'simply', 'merely']);

/**
 * True when the words before "needs to be" are plainly its subject: a pronoun, a noun phrase that
 * opens the clause ("The output needs to be", "if the code needs to be"), or one after a
 * preposition ("each field of the record"). Two noun phrases in a row ("the properties the system
 * needs to be tunable") are a relative clause whose object is missing: no offer.
 */
function plainSubjectBefore(clauseStart: string): boolean {
  const piece = clauseStart.split(/[,;:()—–]/).pop() ?? '';
  const words = piece.toLowerCase().split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w !== '');
  if (words.length === 0) return false;
  if (SUBJECT_PRONOUNS.has(words[words.length - 1])) return true;
  let d = -1;
  for (let k = words.length - 1; k >= 0 && k >= words.length - 5; k--) if (NP_DETERMINERS.has(words[k])) { d = k; break; }
  if (d >= 0) return d === 0 || CLAUSE_OPENERS.has(words[d - 1]) || PREPOSITIONS.has(words[d - 1]);
  return words.length === 1 || (words.length === 2 && CLAUSE_OPENERS.has(words[0]));
}

const AUXILIARIES = new Set(['is', 'was', 'are', 'were', 'has', 'have', 'had', 'does', 'do', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'must', 'may', 'might']);
/** Words that cannot follow a subject as its verb: after "that happens" comes one of these or nothing. */
const AFTER_A_VERB = new Set(['a', 'an', 'to', 'up', 'out', 'again', 'when', 'if', 'so', 'and', 'or', 'but', 'then', 'now', 'first', 'once', 'before', 'after']);

/**
 * Entries such as "the first time that" → "the first time", "ensure that" → "ensure": "that" is
 * dropped. Not "what it is that" → "what", whose "what" takes over as subject ("what has changed").
 */
function dropsThat(entry: PhraseEntry): boolean {
  return / that$/.test(entry.from) && !/\bthat\b/.test(entry.to) && !/\bafter that$/.test(entry.from) && !/^(?:what|who|which)$/.test(entry.to);
}

/**
 * True when the word after "that" is a verb with "that" as its subject ("the first time that
 * happens, …", "ensure that works"): an auxiliary, or a word in -s/-ed followed by no verb.
 */
function thatIsSubject(rest: string): boolean {
  const m = /^[ \t]*([\p{L}'’]+)(?:[ \t]+([\p{L}'’]+))?/u.exec(rest);
  if (!m) return false;
  const first = m[1].toLowerCase();
  const second = (m[2] ?? '').toLowerCase();
  if (AUXILIARIES.has(first)) return true;
  return /^\p{L}{2,}(?:s|ed)$/u.test(first) && (second === '' || NP_DETERMINERS.has(second) || PREPOSITIONS.has(second) || AFTER_A_VERB.has(second));
}

/** True when a plain noun phrase follows `end` up to the clause's end: no quantity, no relative clause. */
function plainObjectFollows(text: string, end: number, limit: number, after: string, relativeAllowed = false): boolean {
  if (after === '' || QUANTITY_AFTER.test(after) || /^\s*[\d(*_`]/.test(text.slice(end, end + 4))) return false;
  const clause = /^[^.;:!?\n]*/.exec(text.slice(end, Math.min(limit, end + 300)))?.[0] ?? '';
  const stop = text[end + clause.length];
  if (stop === ':') return false;
  return relativeAllowed || !/\b(?:that|which|who|whose|where|in\s+which)\b/i.test(clause);
}

const MODALS = /\b(?:must|should|will|can|could|may|might|would|shall)[ \t]+(?=\p{Ll})/giu;

/**
 * "Follow these rules at all times." → "Always follow these rules.", "you must stay within its
 * area at all times" → "you must always stay within its area": "always" stands before the verb,
 * so the phrase moves there. Only inside one clause (no comma, semicolon or colon between the
 * verb and the phrase), after the modal verb nearest the phrase or before the imperative that
 * opens the sentence (a bare verb, not one in -s); anywhere else nothing is offered.
 */
function alwaysBeforeVerb(ctx: Context, s0: number, start: number, end: number, original: string, unitStart: number): TextEdit[] | undefined {
  const { text } = ctx;
  // "Output at all times is JSON": a subject, not an imperative, when a verb follows the phrase.
  if (AUXILIARIES.has(wordAfter(text, end, text.length).toLowerCase())) return undefined;
  const lead = text.slice(s0, start);
  const clauseStart = s0 + Math.max(lead.lastIndexOf(','), lead.lastIndexOf(';'), lead.lastIndexOf(':')) + 1;
  const clause = text.slice(clauseStart, start);
  const modals = [...clause.matchAll(MODALS)];
  let insertion: TextEdit;
  if (modals.length > 0) {
    // The modal nearest the phrase governs its verb ("I would like it if you could keep X at all times").
    const modal = modals[modals.length - 1];
    const at = clauseStart + modal.index + modal[0].length;
    if (/^not\b/.test(text.slice(at, at + 4))) return undefined;
    insertion = { range: { start: at, end: at }, newText: 'always ' };
  } else {
    // The imperative and at least one word of its object before the phrase ("Follow these rules at all times").
    const m = clauseStart === s0 ? /^(\p{Lu}\p{Ll}+)[ \t]+\S/u.exec(clause) : null;
    const verb = m?.[1] ?? '';
    // "Please keep …" waits for filler-phrase to take "Please" first.
    if (!m || /s$/.test(verb) || verb === 'Please' || !bareVerb(verb.toLowerCase())) return undefined;
    if (!ctx.protection.isFree({ start: s0, end: s0 + verb.length })) return undefined;
    insertion = { range: { start: s0, end: s0 + 1 }, newText: `Always ${verb[0].toLowerCase()}` };
  }
  const removed = removal(ctx, start, end, original, false, unitStart);
  return removed && [insertion, ...removed];
}

function rewrite(ctx: Context, start: number, end: number, original: string, to: string, atStart: boolean, before: string, unitStart: number): TextEdit[] | undefined {
  const { text } = ctx;
  if (to.trim() === '') return removal(ctx, start, end, original, atStart, unitStart);
  const replacement = preserveCase(original, to);
  if ((before === 'a' || before === 'an') && !/^(?:a|an)\s/i.test(original)) {
    const need = articleFor(replacement.split(/\s+/)[0]);
    if (need !== before) {
      let aEnd = start;
      while (aEnd > unitStart && /\s/.test(text[aEnd - 1])) aEnd--;
      const aStart = aEnd - before.length;
      const article = /^\p{Lu}/u.test(text[aStart]) ? capitalise(need) : need;
      return [{ range: { start: aStart, end }, newText: article + text.slice(aEnd, start) + replacement }];
    }
  }
  return [{ range: { start, end }, newText: replacement }];
}

/**
 * Removing a phrase takes the spacing on one side with it, walked once:
 * - a space or tab follows: it goes, and a capital at a sentence start passes to the next word;
 * - punctuation or a line end follows: the spacing before goes instead, and when that spacing is a
 *   soft line break inside the sentence ("two weeks\nor so, and"), the line break and indentation
 *   go too, so no line starts with the punctuation ("two weeks, and"); a comma left right before
 *   other punctuation goes as well ("carefully, from start to finish, and" → "carefully, and");
 * - the phrase opens a sentence that goes on at the next line: the line break stays and the next
 *   line's first letter is capitalised.
 */
function removal(ctx: Context, start: number, end: number, original: string, atStart: boolean, unitStart: number): TextEdit[] | undefined {
  const { text } = ctx;
  const blank = (ch: string | undefined) => ch === ' ' || ch === '\t';
  const capitalStart = atStart && /\p{Lu}/u.test(original[0]);
  let e = end;
  while (blank(text[e])) e++;
  if (e > end) {
    const next = text[e];
    if (capitalStart && next && /\p{Ll}/u.test(next) && ctx.protection.isFree({ start: e, end: e + 1 })) {
      return [{ range: { start, end: e + 1 }, newText: next.toUpperCase() }];
    }
    return [{ range: { start, end: e }, newText: '' }];
  }
  let s = start;
  while (s > 0 && blank(text[s - 1])) s--;
  const lineStart = s === 0 || text[s - 1] === '\n';
  // "… tests. You should\n   focus on …": the sentence goes on at the next line, whose first
  // letter now starts it; the line break stays where it was.
  let p = end;
  while (p < text.length && /\s/.test(text[p])) p++;
  const first = text[p];
  if (capitalStart && first && /\p{Ll}/u.test(first)) {
    if (!ctx.protection.isFree({ start: p, end: p + 1 })) return undefined;
    // Alone on its line, the phrase would leave a blank line that splits the paragraph or item.
    if (lineStart) return undefined;
    return [
      { range: { start: s, end }, newText: '' },
      { range: { start: p, end: p + 1 }, newText: first.toUpperCase() },
    ];
  }
  const punctuationAfter = /[,;:.!?)]/.test(text[end] ?? '');
  if (lineStart) {
    // A soft line break inside the sentence: the punctuation after the phrase joins the previous
    // line ("two weeks\nor so, and" → "two weeks, and"). Anywhere else the indentation stays.
    let b = s - 1;
    if (b > 0 && text[b - 1] === '\r') b--;
    while (b > 0 && blank(text[b - 1])) b--;
    s = punctuationAfter && s - 1 > unitStart && b > 0 && text[b - 1] !== '\n' ? b : start;
  }
  // "carefully, from start to finish, and": the comma before the phrase goes with it.
  if (s > unitStart && text[s - 1] === ',' && /[,;:.!?]/.test(text[end] ?? '')) s--;
  return [{ range: { start: s, end }, newText: '' }];
}
