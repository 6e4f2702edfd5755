import { ANSWER_SET_NOUNS, DESTINATION_NOUNS, NAMED_CLASS_NOUNS, classNouns, classNounsAnyInitial, without } from './classNouns';
import type { TaskKind } from './types';

/**
 * The analyser's vocabulary: each rule is one signal with a fixed weight and the phrasings that
 * show it. A rule fires at most once, on its earliest match, so repeating a word never adds up.
 *
 * Positive weights argue that a routine task is being asked for; negative ones that it is not.
 * Blocking rules veto a hint outright: they name domains and task shapes where a cheaper model's
 * mistakes are costly or hard to notice (legal, medical, financial judgement; reasoning; planning;
 * code; long-form writing; tool use). Blocking rules deliberately over-match: a blocked routine
 * prompt only loses a hint, while a hinted legal analysis could cost real money.
 */
export interface SignalRule {
  signal: string;
  weight: number;
  description: string;
  patterns: RegExp[];
  /** The routine task this rule is evidence of. */
  kind?: TaskKind;
  /** For `summary`: a summary with an explicit length limit fits the small tier. */
  short?: boolean;
  /** The task kind a blocking rule stands for, shown as the reason for not hinting. */
  blockKind?: TaskKind;
  blocking?: boolean;
  /** Skip matches preceded by "do not", "never", "without"… (`Do not summarize`). */
  negatable?: boolean;
  /** An output shape that by itself implies a classification (`yes or no`, `one of: a, b`). */
  impliesClassification?: boolean;
}

/** The nouns a closed answer set is named by ("one team", "route … to the queue", "the labels"). */
const CLASS_NOUN = classNouns(NAMED_CLASS_NOUNS);
const CLASS_NOUN_ONE = classNouns(NAMED_CLASS_NOUNS, 'one');
/** Target formats of a reformatting: the answer is the same content in another notation. */
const TARGET_FORMAT = '(?:json|csv|tsv|yaml|toml|xml|markdown\\s+tables?|tables?|iso[\\s-]?8601|e\\.164|utc|snake_case|camelcase|kebab-case)';

/**
 * A phrase such as `do not`, `never` or `without` shortly before a match, in the same sentence; a
 * negation also reaches a verb joined by "or" ("Don't comment on the error or try to debug it"),
 * and a judging verb reaches the whole question it takes ("Do not judge whether the client is
 * acceptable").
 */
export const NEGATION_BEFORE = /\b(?:not|never|don't|dont|without|no)\b[\w\s,]{0,24}$|\b(?:not|never|don't|dont)\b[\w\s,]{0,40}\bor\s+(?:\w+\s+){0,2}$|\b(?:not|never|don't|dont)\s+(?:judge|assess|evaluate|decide|determine|comment\s+on|say|rate|grade)\s+(?:whether|if|how)\b[\w\s,'’-]{0,60}$/i;

export const TASK_RULES: SignalRule[] = [
  {
    signal: 'task.classify',
    kind: 'classification',
    weight: 2,
    negatable: true,
    description: 'asks to classify or label the input',
    patterns: [
      /\b(?:classify|classifies|classification|categori[sz]e|categori[sz]ation)\b/i,
      /\b(?:label|tag)\s+(?:the|this|each|every)\s+(?:[\w-]+\s+){0,2}(?:as|with)\b/i,
      new RegExp(String.raw`\bassign\s+(?:a|an|one|the|up\s+to\s+\w+)\s+(?:[\w-]+\s+)?(?:${classNouns([...ANSWER_SET_NOUNS, 'component', 'department'])}|${classNouns(['priority', 'severity'], 'one')})\b`, 'i'),
      new RegExp(String.raw`\b(?:pick|choose|select)\s+(?:the|a|one)\s+${classNouns(['queue', 'category', 'label', 'class', 'intent', 'bucket'], 'one')}\b`, 'i'),
      /\bsentiment\b/i,
      /\bwhether\s+(?:the\s+following\s+|this\s+|the\s+)?(?:[\w-]+\s+){0,3}is\s+(?:spam|toxic|abusive|a\s+duplicate|relevant)\b/i,
      // Language identification: "Detect the language", "Identify which language … is written in".
      /\b(?:detect|identify|determine|recogni[sz]e|guess|name|tell)\s+(?:the|which|what|its|their)\s+(?:[\w-]+\s+)?language\b/i,
      new RegExp(String.raw`\b(?:give|assign)\s+(?:each|every|the|this)\s+(?:[\w-]+\s+){0,3}(?:an?\s+)?(?:[\w-]+\s+)?${classNouns(['label', 'category', 'tag', 'class'], 'one')}\b`, 'i'),
      /\b(?:what|which)\s+language\b/i,
      /\blanguage\s+(?:detection|identification)\b/i,
      // "Which entry answers the question?", "Which category applies?": a choice among given options.
      /\bwhich\s+(?:one\s+|of\s+(?:the|these)\s+)?(?:[\w-]+\s+){0,3}(?:applies|fits|matches|answers|best\s+(?:fits|matches|describes|answers))\b/i,
      new RegExp(String.raw`\bwhich\s+(?:[\w-]+\s+){0,3}${classNouns(['team', 'queue', 'department', 'desk', 'category', 'topic', 'intent', 'office', 'inbox'])}\s+(?:should|does|do|would|is|fits|applies)\b`, 'i'),
      new RegExp(String.raw`\b(?:return|give|output|pick|choose|select|name)\s+the\s+(?:[\w-]+\s+){0,3}${classNouns([...without(ANSWER_SET_NOUNS, 'team'), 'option', 'entry'], 'one')}\s+that\s+(?:best\s+)?(?:fits|applies|matches|describes|answers)\b`, 'i'),
      // A choice among given options by its number: "Return the number of the entry that answers …".
      /\b(?:return|give|output|reply\s+with|answer\s+with)\s+(?:only\s+)?the\s+(?:number|index|id)\s+of\s+the\s+(?:[\w-]+\s+)?(?:entry|option|item|answer|article|row|document|passage|choice)\b/i,
      // The question form of a classification: "What kind of request is this?".
      new RegExp(String.raw`\b(?:what|which)\s+${classNouns(['kind', 'sort', 'type', 'category', 'class'], 'one')}\s+of\s+(?:[\w-]+\s+){1,2}(?:is|are|does|do)\s+(?:this|it|these|the)\b`, 'i'),
      // "Tag each comment …", "Label every sentence …" at the start of a sentence.
      /(?:^|[.!?:\n])[ \t]{0,8}(?:tag|label)\s+(?:the|this|each|every|all|these)\s+[\w-]+/i,
      new RegExp(String.raw`\bpredict\s+the\s+(?:[\w-]+\s+)?(?:rating|${classNouns(['label', 'category', 'class'], 'one')})\b`, 'i'),
      new RegExp(String.raw`\bdecide\s+(?:its|the|their|which)\s+(?:[\w-]+\s+)?${classNouns(['priority', 'category', 'label', 'class', 'queue', 'urgency', 'bucket', 'topic'], 'one')}\b`, 'i'),
      new RegExp(String.raw`\bwhich\s+of\s+(?:these|the\s+following)\s+(?:[\w-]+\s+)?${classNouns(['topic', 'category', 'label', 'tag', 'class', 'intent'], 'many')}\b`, 'i'),
      /\bmap\s+(?:each|every|the|this)\s+(?:[\w-]+\s+){0,3}to\s+(?:the\s+|a\s+|one\s+)?(?:closest|matching|corresponding|best|standard|canonical)\b/i,
      // Routing is a classification into queues or teams.
      new RegExp(String.raw`\broute\s+(?:the|this|each|every|a|an|incoming)\s+(?:[\w-]+\s+){0,3}to\s+(?:the\s+|a\s+|one\s+)?(?:[\w-]+\s+){0,2}${classNouns(['queue', 'team', ...DESTINATION_NOUNS, 'agent'])}\b`, 'i'),
      new RegExp(String.raw`\bassign\s+(?:the|this|each|every)\s+(?:[\w-]+\s+){0,3}to\s+(?:one|a|an|the|exactly\s+one)\s+(?:[\w-]+\s+)?${classNouns([...without(ANSWER_SET_NOUNS, 'intent', 'type'), 'bucket'])}\b`, 'i'),
      /\btag\s+(?:the|each|every|all)\s+(?:[\w-]+\s+){0,6}(?:with|as)\s+(?:one|a|an|the|exactly)\b/i,
      /\b(?:pick|choose|select)\s+(?:the\s+)?(?:best|matching|closest|most\s+relevant|right)\s+(?:[\w-]+\s+){0,2}(?:answer|reply|response|macro|template|id|option|article)\b/i,
      /\b(?:pick|choose|select)\s+the\s+(?:[\w-]+\s+){0,2}(?:answer|reply|response|macro|template|option|article)\s+that\s+best\b/i,
      new RegExp(String.raw`\b(?:pick|choose|select)\s+(?:one|up\s+to\s+(?:one|two|three|\d))\s*(?::|(?:[\w-]+\s+)?(?:${classNouns(['label', 'tag', 'category', 'intent'])}|${classNouns(['class'], 'many')})\b)`, 'i'),
      /\bwhat\s+is\s+the\s+(?:[\w']+\s+){0,3}intent\b/i,
      new RegExp(String.raw`\bmap\s+(?:the|each|every|this)\s+(?:[\w-]+\s+){0,3}to\s+(?:one|a|an|exactly\s+one)\s+(?:[\w-]+\s+)?(?:${classNouns(['category', 'label'])}|${classNouns(['class', 'id', 'code', 'bucket'], 'one')})\b`, 'i'),
      // The role stated as the task: "You tag contract clauses", "You are labelling incoming issues".
      /\byou\s+(?:are\s+|will\s+)?(?:tag(?:s|ging)?|label(?:s|l?ing)?|classif(?:y|ies|ying)|categori[sz](?:e|es|ing)|rout(?:e|es|ing)|sort(?:s|ing)?)\b(?=\s+[\w-])/i,
      // Routing or mapping to one of the named classes, with anything (a parenthesis) in between.
      new RegExp(`\\brout(?:e|es|ing)\\s+[^.\\n]{0,160}?\\bto\\s+(?:the|a|an|one|exactly\\s+one|its)\\s+(?:[\\w-]+\\s+){0,2}${CLASS_NOUN}\\b`, 'i'),
      new RegExp(`\\bmap\\s+(?:each|every|the|this|these|all)\\s+[^.\\n]{0,80}?\\bto\\s+(?:the|a|an|one|exactly\\s+one|its)\\s+(?:[\\w-]+\\s+){0,4}(?:${CLASS_NOUN}|ids?|codes?)\\b`, 'i'),
      // "What category does this expense belong to?", "Which intent is it?".
      new RegExp(`\\b(?:what|which)\\s+(?:kind\\s+of\\s+|sort\\s+of\\s+)?${CLASS_NOUN_ONE}\\s+(?:does|do|is|are|best)\\b`, 'i'),
      // One class out of a given set: "output one label", "Pick one team", "one type from this list".
      new RegExp(`\\b(?:output|give|return|assign|pick|choose|select|reply\\s+with|respond\\s+with|answer\\s+with)\\s+(?:exactly\\s+|only\\s+)?(?:one|a\\s+single)\\s+(?:[\\w-]+\\s+)?${CLASS_NOUN_ONE}\\b`, 'i'),
      new RegExp(`\\bone\\s+(?:[\\w-]+\\s+)?${CLASS_NOUN_ONE}\\s+(?:from|out\\s+of|in)\\s+(?:this|the|these|our)\\s+(?:[\\w-]+\\s+)?(?:list|set|table|taxonomy|options)\\b`, 'i'),
    ],
  },
  {
    signal: 'task.extract',
    kind: 'extraction',
    weight: 2,
    negatable: true,
    description: 'asks to extract fields or entities from the input',
    patterns: [
      /\bextract(?:s|ing|ion)?\b/i,
      /\bpull\s+(?:[\w-]+\s+){0,5}?out\b/i,
      /\b(?:find|identify|locate|list)\s+(?:all\s+|the\s+|every\s+|any\s+)?(?:[\w-]+\s+){0,2}(?:names?|dates?|emails?|email\s+addresses|phone\s+numbers?|entities|amounts?|order\s+numbers?|invoice\s+numbers?|action\s+items?|to-?dos?|deadlines?)\b/i,
      /\bnamed[- ]entit/i,
      // "Pull the order number and the total from the email" (a pull request is no extraction).
      /\bpull\s+(?!requests?\b)[^.\n]{0,80}?\bfrom\s+(?:the|this|each|every)\b/i,
      /\b(?:split|parse|break)\s+(?:the|this|each|every)\b[^.\n]{0,60}?\binto\s+(?:structured\s+|separate\s+)?(?:fields|columns|parts|components|json)\b/i,
      /\bparse\s+(?:the|this)\s+(?:[\w-]+\s+)?(?:invoice|receipt|address|resume|cv|email|form)\b/i,
      /\blist\s+(?:every|each|all|the)\s+(?:distinct\s+|unique\s+)?(?:[\w-]+\s+){0,3}(?:codes?|ids?|names?|types?|entities|dates?|e-?mails?|urls?|numbers?|skus?|keywords?)\b[^.\n]{0,40}?\b(?:in|from|present|mentioned)\b/i,
      // A question about a fact in the input: "Who sent the last message, and on what date?".
      /(?:^|[.!?]\s+)(?:who|when|where|how\s+much|how\s+many|what\s+(?:date|time|day|amount|total|price|number|name|email|address|version))\b[^.?!\n]{0,120}\?/im,
      // "List every decision that was made": items of the input, picked out as they stand.
      /\blist\s+(?:every|each|all(?:\s+the)?)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:that|which|who|mentioned|in\s+the|from\s+the)\b/i,
    ],
  },
  {
    signal: 'task.reformat',
    kind: 'reformatting',
    weight: 2,
    negatable: true,
    description: 'asks to reformat, convert or correct text without changing its content',
    patterns: [
      /\breformat\b/i,
      /\bconvert\s+(?:the|this|each|every|following|these|all)\b[^.\n]{0,60}?\b(?:into|to)\b/i,
      /\b(?:fix|correct)\s+(?:the\s+)?(?:spelling|grammar|punctuation|typos|syntax)\b/i,
      /\bproofread\b/i,
      /\bre-?indent\b/i,
      /\b(?:fix|correct|normali[sz]e)\s+(?:the\s+)?(?:indentation|whitespace|capitali[sz]ation|casing)\b/i,
      /\bnormali[sz]e\s+(?:every|all|each|the)\b/i,
      /\brewrite\s+(?:each|every|the|this|these)\s+[^.\n]{0,40}?\b(?:in|as|into)\s+(?:[\w-]+\s+){0,2}(?:case|format|json|table|list)\b/i,
      /\bredact\b/i,
      /\brewrite\s+(?:every|each|all)\s+(?:[\w-]+\s+){0,2}(?:dates?|times?|numbers?|amounts?|prices?|names?|units?|measurements?|timestamps?|urls?)\b/i,
      /\bconvert\s+(?:every|each|all|the)\s+(?:[\w-]+\s+){0,2}(?:measurements?|units?|dates?|amounts?|temperatures?|currenc(?:y|ies)|timestamps?)\b/i,
      /\bconvert\b[^.\n]{0,60}?\b(?:to|into)\s+(?:valid\s+)?(?:json|csv|yaml|toml|xml|markdown|a\s+(?:markdown\s+)?table|iso[\s-]?8601|utc|metric|imperial|e\.164|plain\s+text|title\s+case|bullet(?:ed)?\s+(?:points|list))\b/i,
      /\bshorten\s+(?:the|this|each|every)\s+(?:[\w-]+\s+){0,2}(?:headline|title|subject(?:\s+line)?|sentence|name|label)\b/i,
      // Case conversion and renaming keys: "to snake_case", "Rename the CSV header columns …".
      /\b(?:to|in|into|as)\s+(?:[\w-]+\s+)?(?:snake_case|camelCase|kebab-case|PascalCase|(?:snake|camel|kebab|pascal|title|sentence|upper|lower)[ -]case)\b/i,
      /\brename\s+(?:the|every|each|all)\s+(?:[\w-]+\s+){0,3}(?:keys|columns|fields|headers|properties)\b/i,
      /\b(?:turn|transform)\s+(?:the|these|this|each|every|all)\s+(?:[\w-]+\s+){0,3}into\b/i,
      /\bclean\s+up\s+(?:the|this)\s+(?:[\w-]+\s+)?(?:markdown|formatting|whitespace|text|html|json|csv|data)\b/i,
      // The same content in another notation: "Render the JSON array as a Markdown table", "Rewrite
      // each line as: …, the date in ISO 8601".
      new RegExp(`\\b(?:render|format|present|lay\\s+out|rewrite|reformat|convert|turn|express)\\b[^.\\n]{0,80}?\\b(?:as|in|into|to)\\s+(?:an?\\s+|the\\s+)?(?:valid\\s+)?(?:[\\w-]+\\s+){0,2}?${TARGET_FORMAT}\\b`, 'i'),
    ],
  },
  {
    signal: 'task.translate',
    kind: 'translation',
    weight: 2.5,
    negatable: true,
    description: 'asks for a translation',
    patterns: [/\btranslat(?:e|es|ing|ion)\b/i],
  },
  {
    signal: 'task.summary-short',
    kind: 'summary',
    short: true,
    weight: 2.5,
    negatable: true,
    description: 'asks for a summary with an explicit length limit',
    patterns: [
      // "in two plain sentences", "as three short bullets": any one or two words between count and unit.
      /\b(?:summari[sz]e|summary)\b[^\n]{0,80}?\b(?:in|as|into|to)\s+(?:exactly\s+|at\s+most\s+|no\s+more\s+than\s+|up\s+to\s+)?(?:one|two|three|four|five|a\s+single|[1-5]|a\s+few)\s+(?:[a-z-]+\s+){0,2}?(?:sentences?|lines?|bullets?|bullet\s+points?|words|paragraph)\b/i,
      /\b(?:one|two|three|1|2|3|single)[- ](?:sentence|line|paragraph)\s+summary\b/i,
      /\b(?:summari[sz]e|summary)\b[^\n]{0,80}?\b(?:at\s+most|no\s+more\s+than|under|up\s+to)\s+\d{1,3}\s+words\b/i,
      /\btl;?dr\b/i,
      // "Reduce this description to a maximum of 20 words": a shortening under a cap is a short summary.
      /\b(?:reduce|shorten|trim|cut|condense|compress|boil)\b[^.\n]{0,60}?\b(?:to|into|under|down\s+to)\s+(?:a\s+maximum\s+of\s+|at\s+most\s+|no\s+more\s+than\s+|under\s+|fewer\s+than\s+)?\d{1,3}\s+(?:words|characters|chars)\b/i,
      /\b(?:short|brief|concise)\s+summary\b/i,
      /\bsummari[sz]e\b[^.\n]{0,60}?\b(?:concisely|briefly)\b/i,
    ],
  },
  {
    signal: 'task.summary',
    kind: 'summary',
    weight: 1.5,
    negatable: true,
    description: 'asks for a summary',
    // "From the discharge summary, list …" names the input, it asks for no summary.
    patterns: [/\bsummari[sz](?:e|es|ing)\b/i, /(?<!\b(?:from|in|of|on)\s+(?:the|this|a|each|every)\s+(?:[\w-]+\s+)?)\b(?:summary|recap)\b/i, /\b(?:the\s+gist|a\s+synopsis|the\s+main\s+points?|the\s+key\s+(?:points|takeaways))\s+of\b/i],
  },
];

/** Constraints on the output: the narrower the answer, the less capability it takes. */
export const OUTPUT_RULES: SignalRule[] = [
  {
    signal: 'output.one-word',
    weight: 1.5,
    impliesClassification: true,
    description: 'the answer is a single word',
    patterns: [
      /\b(?:answer|respond|reply)\s+with\s+(?:only\s+)?(?:one|a\s+single)\s+word\b/i,
      /\b(?:one|single)[- ]word\s+(?:answer|response|reply)\b/i,
      /\b(?:reply|respond|answer)\s+with\s+(?:just|only)\s+the\s+[\w-]+\s+word\b/i,
      /(?:^|[.!?][ \t]{1,8})one\s+word\.?[ \t]*$/im,
      /\b(?:one\s+word\s+only|only\s+one\s+word)\b/i,
      // "Reply with the word only", "Output the tag only": the bare label.
      new RegExp(String.raw`\b(?:reply|respond|answer|output|return|give)\s+(?:with\s+)?(?:just\s+)?the\s+(?:[\w-]+\s+)?(?:word|${classNouns(['label', 'tag', 'category', 'class', 'code', 'id'], 'one')})\s+only\b`, 'i'),
      // A closing "Just the language name." / "Only the label.": nothing but the value.
      new RegExp(String.raw`(?:^|[.!?:][ \t]+)(?:just|only)\s+the\s+(?:[\w-]+\s+)?(?:word|name|${classNouns(['label', 'tag', 'code'], 'one')})\s*[.!]?[ \t]*$`, 'im'),
      // A code from a standard list: "Respond with the ISO 3166 alpha-2 country code", "the currency code".
      /\b(?:respond|reply|answer|return|output|give)\s+(?:with\s+)?(?:only\s+|just\s+)?(?:the|one|an?)\s+(?:[\w-]+\s+){0,3}?(?:iso|country|currency|language|airport|iata|icao|state|postal|zip|dialling|calling)\s+(?:[\w-]+\s+){0,2}?code\b/i,
      // "Output the bucket name only", "answer with the office name only": the name of one class.
      new RegExp(String.raw`\b(?:reply|respond|answer|output|return|give)\s+(?:with\s+)?(?:just\s+)?the\s+(?:[\w-]+\s+)?${classNouns([...NAMED_CLASS_NOUNS, 'office', 'inbox', 'language'], 'one')}\s+(?:name|id|code)\s+only\b`, 'i'),
    ],
  },
  {
    signal: 'output.enum',
    weight: 1.5,
    impliesClassification: true,
    description: 'the answer is one of a fixed set of values',
    patterns: [
      /\bone\s+of(?:\s+(?:the\s+following|these|the))?(?:\s+[\w-]+){0,2}\s*:/i,
      /\bone\s+of\s+"?[\w-]+"?,\s*"?[\w-]+"?,?\s+(?:or|and)\s+"?[\w-]+/i,
      /\bas\s+(?:either\s+)?"?[\w-]+"?(?:,\s*"?[\w-]+"?){1,20},?\s+or\s+"?[\w-]+"?/i,
      /\(\s*[\w-]+,\s*[\w-]+,?\s+or\s+[\w-]+\s*\)/i,
      /\b(?:reply|respond|answer|return|output|label)\s+(?:with\s+|the\s+\w+\s+as\s+)?(?:exactly\s+|only\s+|either\s+)?"[^"\n]{1,30}"\s+or\s+"[^"\n]{1,30}"/i,
      // Labels quoted as code, or two bare words closed by "only": "Answer `spam` or `ok` only".
      /\b(?:reply|respond|answer|return|output|label)\s+(?:with\s+)?(?:exactly\s+|only\s+|either\s+)?(?:`[^`\n]{1,30}`\s+or\s+`[^`\n]{1,30}`|'[\w-]{1,30}'\s+or\s+'[\w-]{1,30}'|[\w-]{1,30}\s+or\s+[\w-]{1,30}\s+only\b)/i,
      /"[\w-]+"\s*\|\s*"[\w-]+"/,
      // Values in a placeholder: "`<chat id>,<resolved|unresolved>`".
      /<\s*[a-z][\w-]*(?:\s*\|\s*[a-z][\w-]*)+\s*>/i,
      // Three or more bare values right after the answer verb: "Reply positive, negative or neutral."
      /\b(?:reply|respond|answer|return|output|say|write)\s+(?:with\s+)?(?:either\s+|only\s+|exactly\s+)?[\w-]+(?:\s*,\s*[\w-]+)+,?\s+or\s+[\w-]+\s*(?:[.;]|$)/im,
      /:\s*"?[\w-]+"?(?:,\s*"?[\w-]+"?){2,30},?\s+or\s+"?[\w-]+"?/i,
      // A closed question whose alternatives are its answer: "Is this review positive or negative?".
      /(?:^|[.!?:]\s+)(?:is|are|was|were|does|do|did|has|have)\s+(?:this|it|the|these|they|that|each)\b[^.?!\n]{0,100}?\b[\w-]+,?\s+or\s+(?:(?:an?|the)\s+)?[\w-]+\s*\?/i,
      /\b(?:yes\s+or\s+no|yes\s*\/\s*no|true\s+or\s+false|true\s*[|/]\s*false|yes\s*\|\s*no)\b/i,
      // Labels in capitals joined by bars: "<comment number>: TOXIC|OK", "SPAM | HAM". Case-sensitive.
      /(?<![\w|])[A-Z][A-Z0-9_]{1,30}[ \t]*\|[ \t]*[A-Z][A-Z0-9_]{1,30}(?:[ \t]*\|[ \t]*[A-Z][A-Z0-9_]{1,30})*(?![\w|])/,
      /\bchoose\s+only\s+from\b/i,
      // "Choose from: travel, meals, software, other" — three or more values after the colon.
      /\b(?:choose|pick|select)\s+(?:one\s+|exactly\s+one\s+)?(?:from|among)\b[^.\n:]{0,30}:\s*"?[\w-]+"?(?:\s*,\s*"?[\w-]+"?){2,30}/i,
      /:\s*"?[\w-]+"?(?:,\s*"?[\w-]+"?){1,30},?\s+or\s+"?[\w-]+"?\s*[.?!]?\s*$/im,
      /\b(?:label|classify|tag|mark|flag|categori[sz]e)\s+(?:[\w-]+\s+){0,4}as\s+(?:either\s+)?"?[\w-]+"?\s+or\s+"?[\w-]+"?/i,
      // A label written in capitals, with the alternative: "Answer ELIGIBLE or NOT_ELIGIBLE",
      // "Reply FLAG if … otherwise reply OK". Case-sensitive on the labels.
      /\b(?:[Aa]nswer|[Rr]eply|[Rr]espond|[Rr]eturn|[Oo]utput|[Ss]ay|[Ww]rite|[Pp]rint|[Pp]ut)\s+(?:with\s+)?(?:exactly\s+|only\s+|either\s+)?[A-Z][A-Z0-9_]{1,30}(?:\s*,\s*[A-Z][A-Z0-9_]{1,30})*,?\s+or\s+[A-Z][A-Z0-9_]{1,30}\b/,
      /\b(?:[Aa]nswer|[Rr]eply|[Rr]espond|[Rr]eturn|[Oo]utput|[Ss]ay)\s+"?[A-Z][A-Z0-9_]{1,30}"?\s+(?:if|when)\b[^.\n]{0,200}?\botherwise\b/,
      // The same conditional label given by a labelling verb: "flag it TOXIC if … otherwise OK".
      /\b(?:[Ff]lag|[Mm]ark|[Ll]abel|[Tt]ag|[Cc]lassify)\s+(?:it|them|(?:each|this|the)\s+[a-z]+)\s+(?:as\s+)?[`"']?[A-Z][A-Z0-9_]{1,30}[`"']?\s+(?:if|when)\b[^.\n]{0,200}?\botherwise\b/,
      // A closed label set written out after its name and a colon: "one category:\nbug, style,
      // naming, test", "Topics: markets, earnings, other". A list after any other colon ("each
      // stressing a different benefit: speed, price") is content, not the answer's values.
      // A line of three or more labels and nothing else, joined by a middle dot, a bullet or a
      // spaced bar or slash: "card_lost · card_declined · balance · other".
      /^[ \t]*(?:[a-z][a-z0-9_-]*|[A-Z][A-Z0-9_]*)(?:(?:[ \t]*[·•][ \t]*|[ \t]+[|/][ \t]+)(?:[a-z][a-z0-9_-]*|[A-Z][A-Z0-9_]*)){2,40}[ \t]*[·•]?[ \t]*$/m,
      new RegExp(`\\bone\\s+(?:[\\w-]+\\s+)?${CLASS_NOUN_ONE}\\s*(?::|\\.|\\bfrom\\b|\\bout\\s+of\\b|\\bper\\b)`, 'i'),
      new RegExp(String.raw`\b(?:${classNounsAnyInitial(without(ANSWER_SET_NOUNS, 'team'))}|${classNounsAnyInitial(['value', 'option'], 'many')})(?:[ \t]+[\w-]+){0,3}[ \t]*:[ \t]*\n?(?:[ \t]*\n)?[ \t]*(?:[a-z][a-z0-9_-]*|[A-Z][A-Z0-9_]*)(?:,[ \t]*(?:[a-z][a-z0-9_-]*|[A-Z][A-Z0-9_]*)){2,30}\.?[ \t]*$`, 'm'),
    ],
  },
  {
    signal: 'output.number',
    weight: 1.5,
    impliesClassification: true,
    description: 'the answer is a single number',
    patterns: [
      /\b(?:a|with|as)\s+(?:single|one)\s+(?:digit|number|integer)\b/i,
      // "return it as a number with two decimals".
      /\b(?:return|give|output|answer|reply\s+with|write)\s+(?:it|them|the\s+[\w-]+)?\s*as\s+(?:a|one|a\s+single|an)\s+(?:number|integer|decimal)\b/i,
      /\b(?:just|only)\s+the\s+(?:number|digit|integer|score)\b/i,
      /\bthe\s+(?:[\w-]+\s+)?(?:number|digit|integer|score|index)\s+only\b/i,
      /\b(?:return|give|output|reply\s+with|answer\s+with)\s+(?:only\s+)?the\s+(?:number|index)\s+of\s+the\s+(?:[\w-]+\s+)?(?:entry|option|item|answer|article|row|document|passage|choice)\b/i,
    ],
  },
  {
    signal: 'output.only',
    weight: 1,
    description: 'asks for the bare result with no commentary',
    patterns: [
      /\b(?:output|return|respond\s+with|reply\s+with)\s+only\b/i,
      /\bonly\s+(?:output|return)\b/i,
      /\b(?:do\s+not|don't|without)\s+(?:add\s+|adding\s+|include\s+|including\s+)?(?:any\s+)?(?:explanations?|commentary)\b/i,
      /\bnothing\s+else\b/i,
      /\bnothing\s+(?:before|after)\s+(?:or\s+after\s+)?(?:it|them)\b/i,
      /\bno\s+(?:explanation|commentary)\b/i,
      /\b(?:output|return|respond\s+with|reply\s+with|answer\s+with|give)\s+(?:the|them|it|just)\b[\w\s-]{0,30}?\bonly\b/i,
    ],
  },
  {
    signal: 'output.preserve',
    weight: 1,
    description: 'everything but the requested change must stay as it is',
    patterns: [
      /\b(?:leave|keep)\s+(?:everything|all)\s+(?:else|other\s+text)\b/i,
      /\b(?:do\s+not|don't|never)\s+change\s+(?:any\s+|the\s+)?(?:of\s+the\s+)?(?:[\w-]+\s+)?(?:words?|keys?|values?|wording|meaning|content|text|spellings?|names?)\b/i,
      // "in the words used in the meeting": the speakers' own words.
      /\bin\s+the\s+(?:exact\s+|same\s+)?words\s+used\b/i,
      /\bwithout\s+changing\s+(?:any|the|anything)\b/i,
      // "Keep the wording", "keep the original text": the words themselves are copied.
      /\bkeep\s+(?:the\s+)?(?:original\s+|exact\s+|same\s+)?(?:wording|words|phrasing)\b/i,
      /\b(?:in\s+the\s+same|keep\s+(?:the\s+)?(?:[\w-]+\s+)?)order\b/i,
      // "Keep every other character … exactly as it is": the rest of the input is copied.
      /\b(?:keep(?:ing)?|leav(?:e|ing))\s+(?:every|all|any)\s+other\b/i,
      // "Leave the other columns alone", "keeping the remaining text untouched".
      /\b(?:keep(?:ing)?|leav(?:e|ing))\s+(?:the\s+|all\s+|every\s+|any\s+)?(?:other|remaining|rest)\b[^.\n]{0,40}?\b(?:alone|unchanged|as\s+(?:it\s+is|they\s+are|is)|intact|untouched)\b/i,
      /\b(?:do\s+not|don't|never)\s+(?:rename|reorder|translate)\s+(?:any\s+|the\s+)?(?:[\w-]+\s+)?(?:keys?|fields?|columns?|values?|names?|items?|entries|lines?|rows?)\b/i,
      /\b(?:same|input|original)\s+order\b/i,
      /\b(?:keep|leave)\s+(?:the\s+rest|everything\s+else|all\s+other\s+text)\b[^.\n]{0,30}?\b(?:unchanged|as\s+is|intact|untouched)\b/i,
      /\b(?:do\s+not|don't)\s+(?:touch|modify|alter|change)\s+(?:the\s+)?(?:values?|data|wording|words|content|rows?|order)\b/i,
      /\bkeep\s+every\s+(?:fact|word|value|item|name)\b/i,
      // "keeping the words themselves unchanged", "Keep the keys and values identical".
      /\bkeep(?:ing)?\s+(?:the\s+|all\s+|every\s+)?(?:[\w-]+\s+){0,3}?(?:words?|wording|text|content|values?|keys?|names?|order|meaning)\b[^.\n]{0,30}?\b(?:unchanged|identical|intact|as\s+(?:they\s+are|it\s+is|is)|the\s+same)\b/i,
      // "quoting the question as written": the input's own words.
      /\bas\s+(?:written|printed|it\s+appears|they\s+appear)\b/i,
      /\bchange\s+nothing\s+else\b|\b(?:do\s+not|don't|never)\s+change\s+anything\s+else\b/i,
      // "Everything else stays exactly the same".
      /\b(?:everything|all)\s+else\s+(?:stays|remains|should\s+stay|must\s+stay|is\s+kept)\b|\b(?:stays?|remains?)\s+(?:exactly\s+)?(?:the\s+same|unchanged|as\s+(?:it\s+)?is)\b/i,
      /\b(?:do\s+not|don't|never)\s+add\s+(?:any\s+)?(?:new|extra|other)\b/i,
      // "don't add anything that was not said": nothing beyond the input.
      /\b(?:do\s+not|don't|never)\s+add\s+anything\s+(?:that\s+(?:was|is|wasn't|isn't)\s+)?(?:not\s+)?(?:said|stated|written|mentioned|in\s+the\s+[\w-]+)\b/i,
      // The wording itself is kept: "Leave the method text otherwise word-for-word", "Don't reword or
      // shorten the product text", "do not invent missing parts".
      /\b(?:word[- ]for[- ]word|verbatim)\b/i,
      /\b(?:do\s+not|don't|dont|never)\s+(?:reword|rephrase|paraphrase|shorten|invent|embellish|fabricate|make\s+up)\b/i,
    ],
  },
  {
    signal: 'output.list',
    weight: 1,
    description: 'the answer is a short delimited list',
    patterns: [/\b(?:comma|semicolon|space|tab|newline)[- ]separated\b/i, /\bone\s+(?:[\w-]+\s+){0,2}per\s+(?:[\w-]+\s+)?line\b/i],
  },
  {
    signal: 'output.json',
    weight: 0.5,
    description: 'asks for structured (JSON) output',
    patterns: [
      /\b(?:return|respond|output|reply)\s+(?:them\s+|it\s+|the\s+[\w-]+\s+)?(?:in\s+|as\s+|with\s+)?(?:a\s+|valid\s+)?(?:json|yaml|csv)\b/i,
      /\b(?:json|yaml|csv)\s+(?:only|object|array)\b/i,
      // "Extract the invoice number, date and total as JSON".
      /\b(?:as|in(?:to)?)\s+(?:a\s+|valid\s+)?(?:json|yaml|csv)\b(?!\s+(?:file|files)\b)/i,
    ],
  },
  {
    signal: 'output.fields',
    weight: 1,
    description: 'the answer fills named fields or columns',
    patterns: [
      // "Output a Markdown table with columns: Medication | Dose | Route", "JSON with the keys name, email, phone".
      /\b(?:table|csv|tsv|json|object|record|row)\b[^.\n]{0,40}?\bwith\s+(?:the\s+)?(?:columns?|fields|keys|headers?|properties)\b\s*:?\s*`?"?\w[\w ]{0,30}`?"?(?:\s*[|,]\s*`?"?\w[\w ]{0,30}`?"?){2,}/i,
      /\b(?:columns?|fields|keys)\s*:\s*`?"?\w[\w ]{0,30}`?"?(?:\s*[|,]\s*`?"?\w[\w ]{0,30}`?"?){2,}/i,
      // The fields named right after the verb: "extract: title, company, location, salary range".
      /\b(?:extract|pull\s+out|capture|collect|return|output)\s*:\s*`?"?\w[\w ]{0,30}`?"?(?:\s*,\s*(?:and\s+)?`?"?\w[\w ]{0,30}`?"?){2,}/i,
      // "the fields title, company, location and remote": three or more named fields.
      /\b(?:the\s+)?(?:columns|fields|keys|properties)\s+(?:named\s+|called\s+)?`?"?[a-z_]\w{0,30}`?"?(?:\s*,\s*`?"?[a-z_]\w{0,30}`?"?)+,?\s+and\s+`?"?[a-z_]\w{0,30}\b/i,
      // The fields of each record after a colon: "into a CSV row: item, quantity, unit_price".
      /\b(?:rows?|records?|objects?|entries|tables?)\s*:\s*`?[a-z_][\w]{0,30}`?(?:\s*,\s*`?[a-z_][\w]{0,30}`?){2,}\s*(?:[.;]|$)/im,
      // An answer template in quotes or code: 'Answer as "Name — YYYY-MM-DD"', "One line per chat: `<chat id>,<status>`".
      /\b(?:answer|reply|respond|output|return|format)\s+(?:as|in\s+the\s+(?:form|format))\s*:?\s*["`][^"`\n]{3,60}["`]/i,
      /\b(?:one\s+)?(?:line|row|entry)\s+per\s+[\w-]+\s*:\s*`[^`\n]{3,80}`/i,
      // A table header written inline: "as a two-column table: Sender | Date".
      /\btable\s*:\s*\w[\w ]{0,30}(?:\s*\|\s*\w[\w ]{0,30}){1,}/i,
    ],
  },
  {
    signal: 'output.length-limit',
    weight: 0.5,
    description: 'limits the length of the answer',
    patterns: [
      /\b(?:at\s+most|no\s+more\s+than|under|fewer\s+than|maximum\s+of|max\.?|within|up\s+to)\s+(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+(?:words|characters|chars|tokens)\b/i,
      /\bin\s+(?:one|a\s+single)\s+(?:short\s+)?sentence\b/i,
      // A count of short units: "into 3 bullet points", "in two plain sentences", "keep it to one line".
      // Emphasis around the count ("as **exactly three bullet points**") is read through.
      /\b(?:in|into|as|to|with|of)\s+(?:\*\*|__|\*|_)?(?:exactly\s+|at\s+most\s+|no\s+more\s+than\s+|up\s+to\s+|under\s+)?(?:one|two|three|four|five|a\s+single|[1-5])\s+(?:[a-z-]+\s+){0,2}?(?:sentences?|lines?|bullets?|bullet\s+points?)\b/i,
      // "a 20-word summary", "a one-line answer": a count of at most 150 words, or a few lines.
      /\b(?:[1-9]|[1-9]\d|1[0-4]\d|150|two|three|five|ten|twenty|thirty|fifty)[- ]word\b|\b(?:one|two|three|single|[1-3])-(?:sentence|line|bullet)\b|\b(?:one|two|three|single|[1-3])\s+(?:sentence|line)\s+(?:summary|answer|reply|description|response)\b/i,
    ],
  },
];

/** Blocking rules: each one alone vetoes a hint. */
export const BLOCKING_RULES: SignalRule[] = [
  {
    signal: 'domain.medical',
    blockKind: 'medical',
    blocking: true,
    weight: -10,
    description: 'medical content: a wrong answer can harm someone',
    patterns: [
      /\b(?:patients?|symptoms?|diagnos[a-z]*|clinical|clinicians?|physicians?|nurses?|medications?|dosages?|doses?|prescri[a-z]*|pharmac[a-z]*|contraindicat[a-z]*|vital\s+signs|vitals|icd-?10|diseases?|treatments?|therap(?:y|ies)|medical|self-harm|mental\s+health|(?<!imperative\s|indicative\s|subjunctive\s)moods?|depress[a-z]*|anxiety|suicid[a-z]*|doctors?|hospitals?|emergency\s+room|injur(?:y|ies)|allerg[a-z]*|cancer(?:ous)?|tumou?rs?|lesions?|infections?|pregnan[a-z]*|vaccin[a-z]*|health\s+(?:advice|conditions?|problems?|issues?|concerns?)|x-?rays?|mri|ct\s+scans?|radiolog[a-z]*|ultrasounds?|blood\s+tests?|lab\s+results?|biops(?:y|ies))\b/i,
    ],
  },
  {
    signal: 'domain.legal',
    blockKind: 'legal',
    blocking: true,
    weight: -10,
    description: 'legal content: a wrong reading of a contract or a law is costly',
    patterns: [
      /\b(?:contracts?|contractual|clauses?|agreements?|indemnif[a-z]*|liabilit(?:y|ies)|statut[a-z]*|case\s+law|jurisdictions?|enforceab[a-z]*|non-compete|litigation|lawsuits?|plaintiffs?|defendants?|counsel|attorneys?|lawyers?|legally|lawful|gdpr|hipaa|ccpa|dpia|regulatory|compliance|policy\s+wording|exclusions|coverage\s+(?:decision|determination)|terminations?|disciplinary|employment\s+law|regulations?|regulators?)\b/i,
      /\b(?:legal|nda|ndas|msa|leases?|terms\s+of\s+service|privacy\s+polic(?:y|ies)|subpoenas?)\b/i,
      // Contract terms without the word "contract": "subscription terms", "auto-renew", "notice period".
      /\b(?:(?:subscription|service|licen[cs]e|rental|purchase|sale|payment|contract)\s+terms|terms\s+and\s+conditions|auto-?renew(?:al|als|s|ed|ing)?|notice\s+periods?)\b/i,
      /\b(?:alleg(?:e|es|ed|ing|ations?)|violat(?:e|es|ed|ing|ions?)|complies|comply\s+with|eligib(?:le|ility)|qualif(?:y|ies)\s+for|protected\s+class(?:es)?|discriminat[a-z]*|negligen[a-z]*|infring[a-z]*|defamat[a-z]*)\b/i,
      /\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+Act\b/,
    ],
  },
  {
    signal: 'domain.financial',
    blockKind: 'financial',
    blocking: true,
    weight: -10,
    description: 'financial judgement: investment, valuation, tax or audit',
    patterns: [
      /\b(?:invest(?:ment|ments|or|ors|ing)?|portfolio|valuation|10-k|10-q|earnings|credit\s+risk|underwriting|securities|hedging|audit(?:s|or|ors|ing)?|vat|tax(?:es|ation)?\s+(?:advice|advisor|implications?|liabilit[a-z]*|returns?|planning))\b/i,
      /\bfinancial\s+(?:health|analysis|advice|performance|statements?|model|risks?|planning)\b/i,
      /\b(?:quarterly|annual)\s+(?:reports?|results|filings?|statements?)\b|\bbalance\s+sheets?\b|\bcash[- ]flows?\b|\brisk\s+(?:factors|assessments?|analys[ie]s)\b/i,
      /\b(?:anti-money[- ]laundering|aml|kyc|fraud(?:ulent)?|sanctions|loans?|mortgages?|credit\s+(?:scores?|decisions?|limits?|history|histories|worthiness)|creditworth[a-z]*|debt-to-income|insurance|stocks?|trading)\b/i,
    ],
  },
  {
    signal: 'reasoning.chain-of-thought',
    negatable: true,
    blockKind: 'reasoning',
    blocking: true,
    weight: -10,
    description: 'asks for step-by-step reasoning',
    patterns: [
      /\bstep[- ]by[- ]step\b/i,
      /\bchain[- ]of[- ]thought\b/i,
      /\bshow\s+your\s+work\b/i,
      /\b(?:explain|describe|walk\s+through|lay\s+out|state)\s+(?:your|the)\s+reasoning\b/i,
      /\bthink\s+(?:carefully|through|hard|deeply|aloud)\b/i,
      /\breason\s+(?:through|about|carefully)\b/i,
      /\b(?:justify|justifying)\b/i,
    ],
  },
  {
    signal: 'reasoning.judgement',
    negatable: true,
    blockKind: 'reasoning',
    blocking: true,
    weight: -10,
    description: 'asks to weigh options, find root causes or prove something',
    patterns: [
      /\btrade[- ]?offs?\b/i,
      /\bweigh(?:s|ing)?\s+(?:the\s+)?(?:[\w-]+\s+)?(?:options|pros|priorities|risks|evidence|alternatives)\b/i,
      /\bpros\s+and\s+cons\b/i,
      // Factors to balance, listed: "considering blast radius, rollback options and timing".
      /\b(?:considering|taking\s+into\s+account|factoring\s+in|balancing)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}[\w-]+\s*,\s*[\w-]+/i,
      // A risk level is judged, whatever the scale: "Classify the risk level as LOW, MEDIUM or HIGH".
      /\brisk\s+(?:levels?|ratings?|scores?|categor(?:y|ies)|tiers?)\b/i,
      // Marking work against a scheme or rubric is grading.
      /\bagainst\s+(?:the|a|our|this|their)\s+(?:[\w-]+\s+)?(?:rubric|marking\s+scheme|mark\s+scheme|grading\s+criteria|assessment\s+criteria)\b/i,
      // Weighing factors against each other ("weighing business impact, number of affected users …").
      /\bweigh(?:s|ing)?\b(?!\s+(?:in\b|less\b|more\b|\d))/i,
      // Rating a degree is grading, however closed the scale: "rate its severity as low, medium or high".
      /\b(?:rate|grade|score)\s+(?:its|the|their|this|each|every)\s+(?:[\w-]+\s+)?(?:severity|risk|quality|urgency|importance|impact|priority|credibility|seriousness|danger)\b/i,
      // A degree the model must judge rather than look up: "Decide how urgent this ticket is".
      /\b(?:decide|judge|assess|estimate|determine|gauge|work\s+out|say|rate)\s+how\s+(?:urgent(?:ly)?|serious(?:ly)?|severe(?:ly)?|risky|important|critical|likely|bad|good|well|strong|credible|reliable|trustworthy|dangerous)\b/i,
      /\broot\s+cause\b/i,
      /\b(?:prove|proof|derive)\b/i,
      /\bmisconceptions?\b/i,
      /\bdetermine\s+whether\b/i,
      /\b(?:judg(?:e|es|ing|ement|ment)s?|grad(?:e|ing)\s+(?:the|this|each|their))\b/i,
      /\b(?:which|whichever)\s+(?:[\w-]+\s+){0,2}(?:is|was)\s+(?:better|best|more|most|correct|right|stronger|safer|preferable)\b/i,
      /\bmore\s+(?:accurate|helpful|correct|complete|persuasive|convincing)\b/i,
      // Grading an answer's quality (LLM-as-judge evaluators) is a judgement, whatever the scale.
      /\b(?:evaluation|quality)\s+metrics?\b/i,
      /\b(?:rate|rates|rating|score|scores|scoring|assess|assesses|assessing)\s+(?:[\w-]+\s+){0,4}(?:coherence|fluency|groundedness|faithfulness|relevance|helpfulness|correctness|quality)\b/i,
      /\bentail(?:ed|s|ment)\b/i,
      // A verdict on worth or quality, however closed the answer: "whether this idea is worth
      // pursuing", "HELPFUL or UNHELPFUL", "SUPPORTED or NOT_SUPPORTED". An observable property
      // ("contains an email address", "asks for a refund") is no verdict.
      /\b(?:is|are|was|were|be|seems?|looks?)\s+(?:not\s+|more\s+|less\s+|really\s+|sufficiently\s+)?(?:worth|helpful|unhelpful|useful|valuable|justified|convincing|persuasive|credible|reasonable|appropriate|inappropriate|suitable|unsuitable|effective|viable|promising|feasible|worthwhile|legitimate|trustworthy|reliable|acceptable|good\s+enough|well[- ]written|high[- ]quality|supported\s+by)\b/i,
      /\b(?:un)?(?:helpful|useful|supported|convincing|credible|reasonable|appropriate|suitable|acceptable|worthwhile|viable|trustworthy|reliable)\s*(?:,|\/|\bor\b|\|)\s*(?:not[_ -]|un|in)?(?:helpful|useful|supported|convincing|credible|reasonable|appropriate|suitable|acceptable|worthwhile|viable|trustworthy|reliable)\b/i,
      // Whether reasoning or a claim holds is a judgement: "Is the following argument logically valid?".
      /\b(?:logically|factually|legally|morally|scientifically|technically)\s+(?:valid|sound|correct|accurate|true|justified|consistent)\b/i,
      /\b(?:is|are)\s+(?:the|this|these)\s+(?:following\s+)?(?:[\w-]+\s+)?(?:argument|claim|reasoning|proof|statement|answer|solution|conclusion)s?\s+(?:valid|sound|correct|true|accurate|justified)\b/i,
      // Quality grades as the alternatives ("excellent, good or poor"): the answer rates the work.
      /\b(?:excellent|good|fair|poor|weak|strong|adequate|inadequate|satisfactory|unsatisfactory|acceptable|unacceptable)\s*(?:,|\bor\b|\/)\s*(?:(?:excellent|good|fair|poor|weak|strong|adequate|inadequate|satisfactory|unsatisfactory|acceptable|unacceptable)\b)/i,
      // A decision about a request, an application or a plan: "Reply APPROVE or REJECT", "should we migrate?".
      /\b(?:approve|reject|decline|deny|grant)\b/i,
      // The participles as the answer's labels ("as APPROVED or REJECTED"); in a sample ("offered
      // a pause, declined") they report what happened.
      /\b(?:APPROVED|REJECTED|DENIED|DECLINED)\b|\b(?:approved|rejected|denied|declined)\s*(?:\/|\bor\b|,)\s*(?:approved|rejected|denied|declined|pending)\b/,
      /\bshould\s+(?:we|i|they|our\s+(?:team|company))\b/i,
      /\b(?:the|our|my)\s+(?:team|company|business|board|org(?:ani[sz]ation)?|startup)\s+should\s+(?:build|buy|hire|fund|invest|ship|adopt|choose|use|migrate|launch|do|focus)\b/i,
      // Choosing a design, a vendor or a person is a judgement, however short the answer.
      /\bwhich\s+(?:one\s+|of\s+(?:the|these)\s+)?(?:[\w-]+\s+){0,2}(?:approach|solution|design|architecture|strateg(?:y|ies)|framework|librar(?:y|ies)|vendor|candidate|applicant|plan|stack|technolog(?:y|ies)|tool)(?:e?s)?\s+(?:fits|suits|applies|matches|works|is|would)\b/i,
      /\b(?:job|role)\s+(?:candidates?|applicants?)\b|\bhiring\s+decisions?\b|\b(?:shortlist|hire|reject)\s+(?:the\s+|a\s+)?(?:candidates?|applicants?)\b/i,
      // A person's CV or application as the input: any placement of them is a people decision.
      /\b(?:candidate|applicant)(?:'s|s'|’s)?\s+(?:cv|resume|résumé|profile|application)\b/i,
    ],
  },
  {
    signal: 'task.planning',
    negatable: true,
    blockKind: 'planning',
    blocking: true,
    weight: -10,
    description: 'asks for a plan, a design or a prioritisation',
    patterns: [
      /\b(?:create|draft|write|build|make|develop|propose|design|outline|produce|offer)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:plan|roadmap|strategy|itinerary|schedule|timeline)\b/i,
      // The verb, not the noun: "which plan the customer is on" names a subscription.
      /(?<!\b(?:which|what|the|a|an|your|our|their|this|that|each|every|its|his|her|my|whose)\s+(?:[\w-]+\s+)?)\bplan\s+(?:a|an|the|out|our|my)\b/i,
      /\bmilestones?\b/i,
      /\bprioriti[sz](?:e|es|ing|ation)\b/i,
      /\bbreak\s+(?:[\w-]+\s+){0,3}(?:into|down)\s+(?:phases|steps|tasks|milestones|stages)\b/i,
      /\b(?:design|architect)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,4}(?:architecture|system|service|schema|api|database|pipeline)\b/i,
    ],
  },
  {
    signal: 'task.code',
    negatable: true,
    blockKind: 'code',
    blocking: true,
    weight: -10,
    description: 'asks to write, review or debug code',
    patterns: [
      /\b(?:write|implement|generate|create|build)\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}(?:function|class|method|script|program|module|component|query|endpoint|unit\s+tests?|regex|regular\s+expression|sql)\b/i,
      /\b(?:refactor|debug)\s+(?:this|the|my|our|it|a|an)\b/i,
      /\b(?:refactoring|debugging)\b/i,
      // "for our migration script" names where the output goes, not code to work on.
      /(?<!\b(?:for|by)\s)\b(?:this|the\s+following|the\s+attached|my|our)\s+(?:[\w-]+\s+){0,2}(?:code|codebase|snippet|implementation|function|method|script|module)\b/i,
      // Changing the code itself: "update the code to v2", "migrate the module".
      /\b(?:update|modify|migrate|port|upgrade|patch|edit)\s+(?:the|this|our|my)\s+(?:[\w-]+\s+)?(?:code|codebase|implementation|function|method|script|module|integration)\b/i,
      // Fixing or changing the system itself ("Investigate and fix it", "fix the build").
      /\bfix(?:es)?\s+(?:it|them|the\s+(?:code|build|pipeline|ci|workflow|tests?|failures?|problem|errors?))\b/i,
      // A topic word alone ("critical = data loss or a security hole" in a label definition) is
      // no code review; looking for one is.
      /\b(?:find|identify|spot|detect|look\s+for|check\s+for|scan\s+for|audit|fix)\s+(?:any\s+|all\s+|the\s+|potential\s+|possible\s+)*(?:[\w-]+\s+){0,2}(?:race\s+conditions?|deadlocks?|memory\s+leaks?|vulnerabilit(?:y|ies)|security\s+(?:issues?|flaws?|holes?|bugs?))\b/i,
      /\b(?:convert|translate|rewrite|port|turn|transform|make)\b[^.\n]{0,40}?\b(?:to|into)\s+(?:an?\s+)?(?:python|rust|go|golang|typescript|javascript|java|c\+\+|c#|kotlin|swift|ruby|php|scala|sql|regex|regular\s+expressions?|bash|shell|powershell|kql|graphql)\b/i,
      // Text turned into something a machine runs is code generation whatever the verb: "Convert the
      // question into a single PostgreSQL query", "into a shell command", "into a cron expression".
      /\b(?:convert|translate|rewrite|turn|transform)\b[^.\n]{0,80}?\b(?:to|into|as)\s+(?:an?\s+|one\s+|a\s+single\s+|the\s+)?(?:[\w-]+\s+){0,2}(?<!search\s|keyword\s)(?:sql|quer(?:y|ies)|regex(?:es)?|regular\s+expressions?|scripts?|functions?|programs?|(?:database\s+|schema\s+)?migrations?|(?:shell|cli|terminal)\s+commands?|cron\s+expressions?|spreadsheet\s+formulas?)\b/i,
      // The answer is code: "Return the SQL only", "Output the regex and nothing else".
      /\b(?:return|output|reply\s+with|respond\s+with|give)\s+(?:only\s+|just\s+)?(?:the|a|an|one)\s+(?:[\w-]+\s+)?(?:sql|regex|regular\s+expression|script|shell\s+command)\b/i,
      /\bcode\s+review\b/i,
      /\breview(?:ing)?\s+(?:the|this|a)\s+(?:code|diff|pull\s+request|pr|patch)\b/i,
      // A pull request, diff or patch as the input: deciding anything about it means reading code.
      /\b(?:each|every|this|the\s+following)\s+(?:pull\s+requests?|prs?|diffs?|patch(?:es)?)\b/i,
      // Working on a stack trace is debugging; a rule about how to count one in the input is not.
      /\b(?:explain|analy[sz]e|debug|diagnose|interpret|investigate|examine|using|from|given)\s+(?:the\s+|this\s+|a\s+|these\s+)?(?:[\w-]+\s+)?stack\s*traces?\b/i,
      /\bfix\s+(?:the|this|these|any|all)\s+(?:[\w-]+\s+)?(?:bugs?|regressions?|crash(?:es)?|failing\s+tests?|test\s+failures?)\b/i,
      /\btime\s+complexity\b/i,
      /\bunit\s+tests?\b/i,
    ],
  },
  {
    signal: 'task.ui',
    negatable: true,
    blockKind: 'code',
    blocking: true,
    weight: -10,
    description: 'asks to generate a user interface, page or front-end markup',
    patterns: [
      /\b(?:build|create|generate|design|write|make|implement|produce|render|code)\s+(?:a|an|the|some)?\s*(?:[\w-]+\s+){0,3}(?:ui|user\s+interface|web\s*page|landing\s+page|page|screen|layout|website|web\s*app|dashboard|form|widget|front-?end|html|css|tailwind|react|jsx|svg|mock-?up|wireframe)\b/i,
      /\b(?:html|css|jsx|tsx|tailwind)\s+(?:markup|code|component|page|template|layout)\b/i,
      /\b(?:into|as|to)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,5}(?:svg|html|react|vue|jsx|tsx|svelte)\b/i,
    ],
  },
  {
    signal: 'task.creative',
    negatable: true,
    blockKind: 'creative',
    blocking: true,
    weight: -10,
    description: 'asks for long-form or creative writing',
    patterns: [
      /\bwrite\s+(?:a|an)\s+(?:[\w,-]+\s+){0,4}(?:story|essay|poem|novel|chapter|screenplay|speech|blog\s+post|article|cover\s+letter|song|lyrics)\b/i,
      /\b(?:\d{1,2},?\d{3}|[5-9]\d{2})[- ]word\b/i,
      /\b(?:persuasive|compelling|catchy)\b/i,
      /\b(?:write|compose|produce|prepare|author)\s+(?:a|an|the)\s+(?:[\w,-]+\s+){0,3}(?:post-?mortems?|reports?|document(?:ation)?|docs?|proposals?|spec(?:ification)?s?|rfcs?|readmes?|guides?|changelogs?|release\s+notes|white\s*papers?|case\s+stud(?:y|ies)|memos?|announcements?|posts?)\b/i,
      // A quality of writing asked for in the result is writing: "into a polished candidate summary".
      /\b(?:convert|turn|transform|rewrite|reformat|expand|restructure)\b[^.\n]{0,60}?\binto\s+(?:a|an|the)\s+(?:polished|detailed|comprehensive|professional|engaging|compelling|narrative|thorough|well-written|readable|friendly)\b/i,
      // "Convert the notes into a blog post / PRD / report": a reformatting verb that generates
      // a new long document is writing, not reformatting.
      /\b(?:convert|turn|transform|rewrite|reformat|format|expand|restructure|adapt)\b[^.\n]{0,60}?\b(?:into|as)\s+(?:a|an|the)?\s*(?:[\w,-]+\s+){0,4}(?:blog\s+posts?|articles?|essays?|stor(?:y|ies)|prd|product\s+requirements?|spec(?:ification)?s?|design\s+doc(?:ument)?s?|reports?|proposals?|newsletters?|press\s+releases?|presentations?|slides?|slide\s+decks?|scripts?|screenplays?|tutorials?|guides?|documentation|readme|user\s+stor(?:y|ies)|test\s+cases?|letters?|e-?mails?|(?:project\s+)?plans?|roadmaps?|strateg(?:y|ies)|speech(?:es)?|landing\s+pages?|web\s*pages?|websites?|apps?|components?)\b/i,
    ],
  },
  {
    signal: 'task.agent',
    negatable: true,
    blockKind: 'agent',
    blocking: true,
    weight: -10,
    description: 'an agent with tools: decisions chain across calls',
    patterns: [
      /\b(?:you\s+have\s+access\s+to|you\s+can\s+use|available)\s+(?:the\s+following\s+)?tools\b/i,
      /\bfunction\s+calling\b/i,
      /\btool\s+calls?\b/i,
      // Choosing and calling a tool is an agent step, however closed the choice looks.
      /\b(?:pick|choose|select|use|call|invoke|run)\s+(?:one|a|the|an|any|each)\s+(?:[\w-]+\s+)?tools?\b/i,
    ],
  },
];

/** Soft evidence against a routine task; it lowers the score and may raise the tier. */
export const SOFT_RULES: SignalRule[] = [
  {
    signal: 'ask.explain',
    weight: -2,
    negatable: true,
    description: 'asks for an explanation',
    patterns: [/\bexplain(?:s|ing)?\b/i, /\bexplanations?\b/i, /\brationale\b/i, /\bwhy\b/i],
  },
  {
    signal: 'ask.analysis',
    weight: -1.5,
    negatable: true,
    description: 'asks for open-ended analysis or recommendations',
    patterns: [
      // A compound modifier names the input ("a static-analysis finding"), it asks for no analysis.
      /(?<!-)\b(?:analy[sz]e|analy[sz]is|evaluate|assess|assessment|critique|recommend(?:ation)?s?|compare|contrast|advise|insights?|synthesi[sz]e)\b/i,
      /\bsuggest(?:s|ing)?\s+(?:a|an|the|some|how|ways?|next|improvements?|fixes|actions?|changes)\b/i,
    ],
  },
  {
    signal: 'ask.conversation',
    weight: -1.5,
    description: 'a multi-turn conversation that must track context',
    patterns: [/\b(?:earlier\s+in\s+the\s+conversation|during\s+the\s+(?:session|conversation)|multi-turn|remember\s+details)\b/i],
  },
  {
    signal: 'ask.draft',
    weight: -1.5,
    negatable: true,
    description: 'asks to draft new prose',
    // "tone" alone is no draft: "classify … based on its tone" reads the input's tone.
    patterns: [
      /\bdraft\s+(?:a|an|the)\b/i,
      // "Write the answer as one word" closes the answer, it drafts nothing.
      /\b(?:write|compose|generate|craft)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:reply|response|answer|message|e-?mail)\b(?!\s+(?:as|in|with)\s+(?:one|a\s+single|exactly\s+one)\s+(?:word|label|number|digit|letter)\b)/i,
      /\b(?:in\s+(?:a|an|the|our|your)\s+(?:[\w-]+\s+){0,2}(?:tone|voice)|(?:tone|voice)\s+(?:of|should|must|is))\b/i,
    ],
  },
];

/**
 * Domain words (legal, financial, medical) veto a hint because the task would be a judgement in
 * that domain. Two task shapes are no judgement, whatever the domain:
 * - a classification into types, topics, intents, queues or languages (routing a GDPR request by
 *   its type, tagging a headline "earnings"), unless the classes are themselves a judgement
 *   (risk, severity, eligibility, compliance); medical content is never waived this way;
 * - an extraction that copies the text as written and forbids interpreting it.
 */
export const ROUTING_CLASS = new RegExp(String.raw`\b${classNouns(['type', 'topic', 'intent', 'queue', 'department', 'team', 'language', 'channel', 'category', 'desk'])}\b`, 'i');
export const JUDGEMENT_CLASS = /\b(?:risks?|risky|severity|urgen(?:t|cy)|eligib[a-z]*|approv[a-z]*|accept[a-z]*|refus[a-z]*|complian[a-z]*|violat[a-z]*|liable|suspicious|fraudulent|lawful[a-z]*|legality|enforceab[a-z]*|triage|safe(?:ty)?|harm[a-z]*|(?:un)?favou?rable|(?:in)?valid|(?:un)?fair|credible|credibility|positive|negative|bullish|bearish|buy|sell|good|bad|pass|fail)\b/i;
export const VERBATIM_COPY = /\b(?:as\s+(?:written|printed)|verbatim|word\s+for\s+word|exactly\s+as\s+(?:it\s+)?(?:appears|written|stated|printed|given|shown)|(?:do\s+not|don't|never)\s+(?:interpret|paraphrase|infer|calculate|compute|guess|look\s+(?:\w+\s+)?up)|without\s+interpreting)\b/i;

/** The domain vetoes the waivers above may lift. */
export const WAIVABLE_DOMAINS = new Set(['domain.legal', 'domain.financial', 'domain.medical']);
