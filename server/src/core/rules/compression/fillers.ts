/**
 * The phrases behind `filler-phrase`: politeness and throat-clearing that give a model nothing to
 * act on. Removing them never changes an instruction, so the editor fades them as unnecessary.
 */

export interface FillerOpener {
  /** Words of the opener; matched case-insensitively at the start of a sentence, `,` may follow. */
  phrase: string;
  /** What replaces it; removal (and capitalising what follows) when absent. */
  replacement?: string;
  /** A question opener ("Could you please"): the sentence's final `?` becomes `.`. */
  question?: boolean;
  /** The replacement also fits after a leading clause ("Besides the category, also write …"). */
  afterLead?: boolean;
}

/** "It is very important to note that" and the like: the intensifier adds nothing to a note. */
function intensifiedNotes(): FillerOpener[] {
  const out: FillerOpener[] = [];
  for (const intensifier of ['very', 'really', 'also', 'especially', 'particularly', 'extremely', 'really very']) {
    for (const verb of ['note', 'remember', 'keep in mind']) out.push({ phrase: `it is ${intensifier} important to ${verb} that` }, { phrase: `it's ${intensifier} important to ${verb} that` });
  }
  return out;
}

/**
 * "It would be really helpful if you could also include …" → "Also include …": a wish wrapped
 * around the request; an "also" in the wrapper stays with the verb.
 */
function wishes(): FillerOpener[] {
  const out: FillerOpener[] = [];
  for (const adjective of ['great', 'helpful', 'nice', 'ideal', 'good', 'useful']) {
    for (const degree of ['', 'really ', 'very ', 'super ', 'extremely ']) {
      if (degree !== '') out.push({ phrase: `it would be ${degree}${adjective} if you could` }, { phrase: `it would be ${degree}${adjective} if you would` });
      out.push({ phrase: `it would also be ${degree}${adjective} if you could`, replacement: 'also', afterLead: true });
    }
  }
  return out;
}

/** Openers removed at the start of a sentence; the next word is capitalised. Longest first. */
export const FILLER_OPENERS: readonly FillerOpener[] = [
  { phrase: 'it is important to note that' },
  { phrase: "it's important to note that" },
  { phrase: 'it is important to remember that' },
  { phrase: 'it is worth noting that' },
  { phrase: 'it is worth mentioning that' },
  { phrase: "it's worth noting that" },
  { phrase: "it's worth mentioning that" },
  { phrase: 'it is also worth noting that' },
  { phrase: 'it should also be noted that' },
  { phrase: 'it should be noted that' },
  { phrase: 'it goes without saying that' },
  { phrase: 'it must be noted that' },
  { phrase: 'please note that' },
  { phrase: 'please be aware that' },
  { phrase: 'please be advised that' },
  { phrase: 'please keep in mind that' },
  { phrase: 'please remember that' },
  { phrase: 'please note' },
  { phrase: 'note that' },
  { phrase: 'be aware that' },
  { phrase: 'keep in mind that' },
  { phrase: 'bear in mind that' },
  { phrase: 'needless to say' },
  { phrase: 'as you know' },
  { phrase: 'as you may know' },
  { phrase: 'as you are aware' },
  { phrase: 'as you can imagine' },
  { phrase: 'to be honest' },
  { phrase: 'as an ai language model' },
  { phrase: 'as a large language model' },
  { phrase: 'as an ai model' },
  { phrase: 'as an ai assistant' },
  ...intensifiedNotes(),
  ...wishes(),
  { phrase: 'i would like you to' },
  { phrase: 'i would like for you to' },
  { phrase: 'i would also like you to', replacement: 'also', afterLead: true },
  { phrase: "i'd also like you to", replacement: 'also', afterLead: true },
  { phrase: 'i also want you to', replacement: 'also', afterLead: true },
  { phrase: 'i would also ask you to', replacement: 'also', afterLead: true },
  { phrase: "i'd like you to" },
  { phrase: 'i would like to ask you to' },
  { phrase: 'i would like to request that you' },
  { phrase: 'i want you to' },
  { phrase: 'i need you to' },
  { phrase: 'i am asking you to' },
  { phrase: "i'm asking you to" },
  { phrase: 'i would appreciate it if you could' },
  { phrase: 'i would really appreciate it if you could' },
  { phrase: 'i would be grateful if you could' },
  { phrase: 'i would be grateful if you would' },
  { phrase: 'i would appreciate it if you would' },
  { phrase: 'it would be great if you could' },
  { phrase: 'it would be helpful if you could' },
  { phrase: 'it would be nice if you could' },
  { phrase: 'could you please', question: true },
  { phrase: 'could you kindly', question: true },
  { phrase: 'can you please', question: true },
  { phrase: 'would you please', question: true },
  { phrase: 'would you kindly', question: true },
  { phrase: 'will you please', question: true },
  { phrase: 'would you be so kind as to', question: true },
  { phrase: 'please kindly' },
  { phrase: 'kindly' },
  { phrase: 'please' },
  { phrase: 'basically' },
  { phrase: 'actually' },
  { phrase: 'honestly' },
  { phrase: 'of course' },
  { phrase: 'obviously' },
  { phrase: 'feel free to', replacement: 'you may' },
];

/** Adverbs that add nothing anywhere in a sentence. */
export const FILLER_ADVERBS: readonly string[] = ['kindly', 'basically', 'actually', 'literally', 'honestly'];

/** Words after which a mid-sentence "please" is politeness, not the verb ("and please answer"). */
export const PLEASE_AFTER: ReadonlySet<string> = new Set(['and', 'then', 'also', 'now', 'so', 'but', 'finally', 'first']);

/** Tails removed before the end of a sentence ("Answer in JSON, please."). */
export const FILLER_TAILS: readonly string[] = [
  ', please',
  ' please',
  ', thank you',
  ', thanks',
  ' to the best of your ability',
  ' to the best of your abilities',
  ' as best you can',
];

/**
 * A greeting that opens a request ("Hello! Summarize …"): removed only when more of the request
 * follows in the same block, never when it is the whole prompt ("Hello").
 */
export const GREETING_SENTENCE = /^(?:hello|hi|hey|greetings)(?: there)?[!.,]*$/i;

/** Whole sentences that are only politeness. */
export const FILLER_SENTENCES: readonly RegExp[] = [
  /^(?:thank you|thanks)(?: (?:so|very) much)?(?: in advance)?(?: for (?:your|the|all your) (?:help|time|assistance|cooperation|attention|patience)(?: (?:with|on) (?:this|that|it|the task))?)?(?: in advance)?(?:[,;!.]? i (?:really |truly )?(?:do )?appreciate (?:it|this|your help))?[.!]*$/i,
  /^(?:many thanks|thanks a lot|much appreciated)[.!]*$/i,
  /^i (?:really )?appreciate (?:it|your help|your assistance)[.!]*$/i,
  /^i hope (?:this|that) (?:helps|makes sense)[.!]*$/i,
  /^let me know if you have any (?:questions|concerns)[.!]*$/i,
  /^have a (?:nice|great|good) day[.!]*$/i,
  /^good luck[.!]*$/i,
];
