/**
 * The data behind `meta-talk`: what the author says about themselves or the exchange rather than
 * about the task. Five families, each decided by the sentence's grammar, never by topic words:
 * - social sentences: gratitude, greetings, apologies and "I know this is a lot" whose every word
 *   is social (no imperative, no constraint, no fact the task needs);
 * - lead-ins: a clause that only announces the statement after it ("Let me start off by saying
 *   that …", "One more thing we would like to stress is that …", "As I mentioned before, …");
 * - the author's history with the task ("a task that I have been putting off for a while now");
 * - purpose clauses about the exchange ("just so that you have an idea of what I am looking for");
 * - recaps: a sentence that declares itself a repetition ("Just to say it one more time: …").
 */

/** How a social sentence opens: its subject and verb are the author thanking, greeting, apologising or acknowledging. */
export const SOCIAL_OPENER =
  /^(?:(?:hello|hi|hey)(?: there)?[!,.]*\s+)?(?:thanks|thank you|many thanks|much appreciated|cheers|(?:i|we) (?:really |truly |do |really do |very much |greatly )?appreciate|sorry|apologies|(?:i|we) apologi[sz]e|(?:i|we) know (?:that )?(?:this|it)|(?:i|we) reali[sz]e (?:that )?(?:this|it)|(?:i|we) understand (?:that )?(?:this|it)|(?:i|we) (?:really |truly )?hope (?:that )?(?:this|it|you)|hopefully|looking forward|any help|(?:i|we) (?:would|'d) be (?:really |very |so |extremely |most )?(?:grateful|thankful)|(?:i'm|i am|we're|we are) (?:so |really |very )?(?:sorry|grateful|thankful)|(?:i|we) (?:have|'ve) been (?:putting (?:this|it) off|meaning to (?:do|get to|automate|sort out|write) (?:this|it))|hello|hi|hey)\b/i;

/**
 * The only words a social sentence may contain. A word outside this list (a noun of the task, a
 * number, a condition, an imperative like "answer") means the sentence carries something the task
 * needs, so it stays.
 */
export const SOCIAL_WORDS: ReadonlySet<string> = new Set(
  (
    'a about advance again all also an and any appreciate appreciated appreciation are as ask asking assistance be big bit boring bother bothering ' +
    'but can cheers clear context could deeply do does doing done effort efforts enjoy every everything for forward get give glad going ' +
    'good great greatly happy help helping helps here hello hey hi hope hoping hugely i in inconvenience is it it\'s job just kind know ' +
    'known lengthy little long looking lot lots make me might much my need needs of on one our quite realise realize really request ' +
    'sense sincerely so sorry support sure take taking task tedious thank thanks that the there this time to too trouble truly understand ' +
    'us very want was we well with work you your apologies apologise apologize there\'s thing things tricky grateful ' +
    "thankful message prompt hopefully forward seeing hearing reading result results answer reply response would i'm i'd we're " +
    'patient patience you\'re lifesaver star legend hero awesome amazing wonderful fantastic brilliant owe if winded rambling ramble ' +
    'doing hoping putting off meaning weeks months ages years while now forever automate sort out write procrastinating have been i\'ve we\'ve ' +
    'many ever save saving follow following'
  ).split(' '),
);

/** Words that carry a constraint or an order wherever they stand: never in a social sentence. */
export const CONSTRAINT_WORDS = /\b(?:please|not|no|never|always|only|must|should|shall|don't|do not|avoid|ensure|make sure to|remember)\b|n't\b/i;

/**
 * Lead-ins that only announce the clause after them. Each ends where the announced clause starts:
 * after "that" (a complete finite clause follows) or after a colon (a complete sentence follows).
 * They apply where a sentence starts, or after a leading connective ("Also, ").
 */
export const LEAD_INS: readonly RegExp[] = [
  /^let me (?:start|begin)(?: off)? by (?:saying|pointing out|mentioning|noting) that\s+/i,
  /^(?:i|we) (?:would|'d) (?:just )?(?:also )?like to (?:start|begin)(?: off)? by (?:saying|pointing out|mentioning|noting|stressing) that\s+/i,
  /^it (?:has to|must|should) be said that\s+/i,
  /^the fact of the matter is(?: that)?,?\s+/i,
  /^(?:i think )?it is (?:probably |perhaps )?(?:also )?worth (?:pointing out|mentioning|noting|stressing|saying|emphasi[sz]ing|repeating)(?: again| once more| here| at this point)? that\s+/i,
  /^(?:i|we) (?:just )?(?:also )?(?:want|wanted|would like|'d like) to (?:say|mention|stress|point out|add|note),? (?:before anything else|first of all|up front|first),? that\s+/i,
  /^(?:i|we) (?:would|'d) (?:just )?(?:also )?like to (?:say|mention|stress|point out|note) up front that\s+/i,
  /^as (?:(?:i'm|i am|we're|we are) sure )?you (?:can|will|may|might) (?:probably |surely |well )?(?:imagine|appreciate|understand|see|guess|tell),\s+/i,
  /^(?:i'm|i am|we're|we are) sure you (?:can|will) (?:imagine|appreciate|understand|see),\s+/i,
  /^(?:before (?:i|we) (?:go on to |move on to |get to )?(?:describe|explain|list|go through|talk about)[^,.;:!?]{0,40},\s+)?(?:i|we) (?:would|'d) (?:just )?(?:also )?(?:really )?like to (?:point out|mention|stress|emphasi[sz]e|add|say|note|make (?:it )?clear|remind you) that\s+/i,
  /^(?:before (?:i|we) (?:go on to |move on to |get to )?(?:describe|explain|list|go through|talk about)[^,.;:!?]{0,40},\s+)?(?:i|we) (?:also )?(?:want|wanted|need) to (?:point out|mention|stress|emphasi[sz]e|add|say|note|make (?:it )?clear|remind you) that\s+/i,
  /^it is (?:also )?worth (?:pointing out|stressing|saying|emphasi[sz]ing|repeating)(?: right at the start| at the outset| here| again| at this point)? that\s+/i,
  /^it should (?:also )?be (?:pointed out|mentioned|stressed|said|emphasi[sz]ed) that\s+/i,
  /^(?:it is|it's) (?:also )?important to be aware(?: of the fact)? that\s+/i,
  /^one (?:more|last|final|other) thing (?:that )?(?:i|we) (?:would )?(?:really )?(?:like|want) to (?:stress|mention|say|add|point out|emphasi[sz]e) is(?: that)?,?\s+/i,
  /^just so (?:that )?you (?:know|are aware),\s+/i,
  /^to give you (?:a (?:concrete |rough |better |clear |quick )?|an )idea of what (?:i am|i'm|we are|we're) (?:looking for|expecting|after),\s+/i,
  // Connectives that only manage the exchange; not "having said that" or "that being said", which contrast.
  /^(?:now then|with (?:all )?(?:that|this) in mind|along the same lines|on a (?:related|similar) note),\s+/i,
  /^(?:for your information|fyi),\s+/i,
  /^as (?:(?:i|we) (?:have )?)?(?:already )?(?:mentioned|said|noted|stated|explained|described)(?: (?:before|above|earlier|previously))?,\s+/i,
  /^(?:i|we) should (?:probably |perhaps |also |just )*(?:mention|point out|note|say|explain|add) that,?\s+/i,
  /^(?:i|we) (?:just )?(?:also )?(?:want|wanted) to (?:let you know|be clear|make it clear) that\s+/i,
  /^what (?:this|that) (?:really )?means(?: in practice)? is(?: that)?,?\s+/i,
  /^what (?:i|we) mean by (?:this|that) is(?: that)?,?\s+/i,
  /^(?:i|we) (?:would|'d) (?:also )?like to take (?:a moment|this opportunity) to (?:point out|mention|stress|say|note) that\s+/i,
  /^(?:just )?to give you (?:a (?:little )?bit of |some |a little |a bit of |a quick )?(?:background|context)(?: (?:on|about) (?:the|this|our) (?:situation|task|project))?:\s+/i,
  // Not a bare "Background:" or "Context:": that is a label, and labels are structure.
  /^(?:just )?(?:a (?:quick |little |short )(?:bit of )?|a bit of |some (?:quick )?|quick )(?:background|context)(?: (?:on|about) (?:the|this|our|my) (?:situation|task|project|team))?:\s+/i,
  // The author acknowledging the request before the order itself: "I know this is a lot to ask, but please …".
  /^(?:i|we) (?:know|realise|realize|understand) (?:that )?(?:this|it) (?:is|can be|might be|may be) (?:a lot to ask|a lot|a big ask|a bit much|a lot of work|tedious|a bit tedious),?\s+(?:but|so|and)\s+/i,
];

/**
 * A back-reference in parentheses ("(as already mentioned above, use `responses` instead)"): the
 * parenthesis keeps what it says, without pointing back.
 */
export const PAREN_BACK_REFERENCE =
  /\((as (?:(?:i|we) (?:have )?)?(?:already )?(?:mentioned|said|noted|stated|explained|described)(?: (?:before|above|earlier|previously))?,\s+)/gi;

/**
 * The author's history with the task, as a relative clause that ends where its sentence or clause
 * does: "a documentation task that I have been putting off for quite a while now." → "a
 * documentation task.", ", which is something I have been meaning to automate for ages" → "".
 * Without a comma the match starts at the first space of a run: a search that could start at every
 * space of a long run would re-read the run from each one.
 */
export const AUTHOR_HISTORY =
  /(?:,[ \t]*|(?<![ \t,]))[ \t]+(?:that|which)(?: is something(?: that)?)? (?:i|we) (?:have|'ve) been (?:putting off|meaning to [\p{Ll}]+|wanting to [\p{Ll}]+|dreading)(?: (?:for|since) (?:quite )?(?:a (?:long |good )?while|ages|weeks|months|years|a long time|some time|forever))?(?: now)?(?=[.!;,])/giu;

/**
 * A purpose clause about the exchange at the end of a clause: "Here is an example of a good bullet,
 * just so that you have an idea of what I am looking for:" → "Here is an example of a good bullet:".
 */
export const EXCHANGE_PURPOSE =
  /,[ \t]*(?:just )?so (?:that )?you (?:have|get) (?:a (?:rough |better |clear )?|an )?idea of what (?:i am|i'm|we are|we're) (?:looking for|expecting|after)(?=[.:;!])/giu;

/**
 * A sentence that declares itself a repetition of what was said before. Its lead-in ends at the
 * first colon or at "remember that"; the rest is the restated instruction. A bare "Remember:" is
 * no such declaration: it often opens a closing maxim said nowhere else.
 */
export const RECAP_MARKER =
  /^(?:(?:also|and|so|finally|lastly|again|now),?\s+)?(?:just\s+)?(?:to say it (?:one more time|again|once more)|to repeat(?: it)?|to reiterate|to sum (?:it )?up|to recap|to summari[sz]e|as (?:a|one) (?:final |last |quick )?reminder|once again|one more time|at the risk of repeating myself|(?:i|we) know (?:i|we) (?:have )?(?:already )?(?:said|mentioned) (?:this|it|that)|in summary)\b/i;

/**
 * Where a recap's lead-in ends: a colon, or "(please) remember that". Not "remember to …": the
 * rest would be an infinitive, no sentence of its own.
 */
export const RECAP_LEAD_END = /:\s+|\bremember that\s+/i;


/**
 * Asides to the reader inside a sentence: "as I am sure you can imagine", "to be perfectly honest
 * with you", "if it is not too much trouble", "if that is alright". Each is matched alone; the
 * rule decides from the punctuation around it which commas go with it.
 */
export const READER_ASIDES: readonly RegExp[] = [
  /as (?:(?:i'm|i am|we're|we are) sure )?you (?:can|will|may|might) (?:probably |surely |well )?(?:imagine|appreciate|understand|guess)/giu,
  /to be (?:perfectly |completely |totally |quite |brutally )?honest(?: with you)?/giu,
  /if (?:it is|it's) not too much (?:trouble|to ask)/giu,
  /if (?:that is|that's) (?:alright|all right|okay|ok)(?: with you)?/giu,
  /if you (?:do not|don't) mind/giu,
  /it is (?:perhaps |probably )?(?:also )?worth (?:mentioning|noting|pointing out|saying)/giu,
  /in essence|essentially|basically|so to speak|as it were|if you will/giu,
];
