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

/** A phrase such as `do not`, `never` or `without` shortly before a match, in the same sentence. */
export const NEGATION_BEFORE = /\b(?:not|never|don't|dont|without|no)\b[\w\s,]{0,24}$/i;

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
      /\bassign\s+(?:a|an|one|the|up\s+to\s+\w+)\s+(?:[\w-]+\s+)?(?:labels?|categor(?:y|ies)|tags?|class(?:es)?|intents?|queues?|components?|teams?|departments?|priority|severity|topics?|types?)\b/i,
      /\b(?:pick|choose|select)\s+(?:the|a|one)\s+(?:queue|category|label|class|intent|bucket)\b/i,
      /\bsentiment\b/i,
      /\bwhether\s+(?:the\s+following\s+|this\s+|the\s+)?(?:[\w-]+\s+){0,3}is\s+(?:spam|toxic|abusive|a\s+duplicate|relevant)\b/i,
      /\bdetect\s+the\s+language\b/i,
      /\bpredict\s+the\s+(?:[\w-]+\s+)?(?:rating|label|category|class)\b/i,
      /\bdecide\s+(?:its|the|their|which)\s+(?:[\w-]+\s+)?(?:priority|category|label|class|queue|urgency|bucket|topic)\b/i,
      /\bwhich\s+of\s+(?:these|the\s+following)\s+(?:[\w-]+\s+)?(?:topics|categories|labels|tags|classes|intents)\b/i,
      /\bmap\s+(?:each|every|the|this)\s+(?:[\w-]+\s+){0,3}to\s+(?:the\s+|a\s+|one\s+)?(?:closest|matching|corresponding|best|standard|canonical)\b/i,
      // Routing is a classification into queues or teams.
      /\broute\s+(?:the|this|each|every|a|an|incoming)\s+(?:[\w-]+\s+){0,3}to\s+(?:the\s+|a\s+|one\s+)?(?:[\w-]+\s+){0,2}(?:queues?|teams?|departments?|channels?|buckets?|agents?|desks?)\b/i,
      /\bassign\s+(?:the|this|each|every)\s+(?:[\w-]+\s+){0,3}to\s+(?:one|a|an|the|exactly\s+one)\s+(?:[\w-]+\s+)?(?:categor(?:y|ies)|labels?|class(?:es)?|queues?|buckets?|teams?|tags?|topics?)\b/i,
      /\btag\s+(?:the|each|every|all)\s+(?:[\w-]+\s+){0,6}(?:with|as)\s+(?:one|a|an|the|exactly)\b/i,
      /\b(?:pick|choose|select)\s+(?:the\s+)?(?:best|matching|closest|most\s+relevant|right)\s+(?:[\w-]+\s+){0,2}(?:answer|reply|response|macro|template|id|option|article)\b/i,
      /\b(?:pick|choose|select)\s+the\s+(?:[\w-]+\s+){0,2}(?:answer|reply|response|macro|template|option|article)\s+that\s+best\b/i,
      /\b(?:pick|choose|select)\s+(?:one|up\s+to\s+(?:one|two|three|\d))\s*(?::|(?:[\w-]+\s+)?(?:labels?|tags?|categor(?:y|ies)|intents?|classes)\b)/i,
      /\bwhat\s+is\s+the\s+(?:[\w']+\s+){0,3}intent\b/i,
      /\bmap\s+(?:the|each|every|this)\s+(?:[\w-]+\s+){0,3}to\s+(?:one|a|an|exactly\s+one)\s+(?:[\w-]+\s+)?(?:categor(?:y|ies)|labels?|class|id|code|bucket)\b/i,
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
      /\b(?:find|identify|locate|list)\s+(?:all\s+|the\s+|every\s+|any\s+)?(?:[\w-]+\s+){0,2}(?:names|dates|emails?|email\s+addresses|phone\s+numbers|entities|amounts|order\s+numbers?|invoice\s+numbers?|action\s+items|to-?dos|deadlines)\b/i,
      /\bnamed[- ]entit/i,
      /\bparse\s+(?:the|this)\s+(?:[\w-]+\s+)?(?:invoice|receipt|address|resume|cv|email|form)\b/i,
      /\blist\s+(?:every|each|all|the)\s+(?:distinct\s+|unique\s+)?(?:[\w-]+\s+){0,3}(?:codes?|ids?|names?|types?|entities|dates?|e-?mails?|urls?|numbers?|skus?|keywords?)\b[^.\n]{0,40}?\b(?:in|from|present|mentioned)\b/i,
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
      /\bshorten\s+(?:the|this|each|every)\s+(?:[\w-]+\s+){0,2}(?:headline|title|subject(?:\s+line)?|sentence|name|label)\b/i,
      /\bclean\s+up\s+(?:the|this)\s+(?:[\w-]+\s+)?(?:markdown|formatting|whitespace|text|html|json|csv|data)\b/i,
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
      /\b(?:summari[sz]e|summary)\b[^\n]{0,80}?\b(?:in|as|into|to)\s+(?:exactly\s+|at\s+most\s+|no\s+more\s+than\s+|up\s+to\s+)?(?:one|two|three|four|five|a\s+single|[1-5]|a\s+few)\s+(?:short\s+)?(?:sentences?|lines?|bullets?|bullet\s+points?|words)\b/i,
      /\b(?:one|two|three|1|2|3)[- ](?:sentence|line)\s+summary\b/i,
      /\b(?:summari[sz]e|summary)\b[^\n]{0,80}?\b(?:at\s+most|no\s+more\s+than|under|up\s+to)\s+\d{1,3}\s+words\b/i,
      /\btl;?dr\b/i,
      /\b(?:short|brief)\s+summary\b/i,
    ],
  },
  {
    signal: 'task.summary',
    kind: 'summary',
    weight: 1.5,
    negatable: true,
    description: 'asks for a summary',
    patterns: [/\bsummari[sz](?:e|es|ing)\b/i, /\bsummary\b/i],
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
      /\bas\s+(?:either\s+)?"?[\w-]+"?,\s*"?[\w-]+"?,?\s+or\s+"?[\w-]+"?/i,
      /\(\s*[\w-]+,\s*[\w-]+,?\s+or\s+[\w-]+\s*\)/i,
      /\b(?:reply|respond|answer|return|output|label)\s+(?:with\s+|the\s+\w+\s+as\s+)?(?:exactly\s+|only\s+|either\s+)?"[^"\n]{1,30}"\s+or\s+"[^"\n]{1,30}"/i,
      /"[\w-]+"\s*\|\s*"[\w-]+"/,
      /:\s*"?[\w-]+"?(?:,\s*"?[\w-]+"?){2,30},?\s+or\s+"?[\w-]+"?/i,
      /\b(?:yes\s+or\s+no|yes\/no|true\s+or\s+false)\b/i,
      /\bchoose\s+only\s+from\b/i,
    ],
  },
  {
    signal: 'output.number',
    weight: 1.5,
    impliesClassification: true,
    description: 'the answer is a single number',
    patterns: [/\b(?:a|with|as)\s+(?:single|one)\s+(?:digit|number|integer)\b/i, /\b(?:just|only)\s+the\s+(?:number|digit|integer|score)\b/i],
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
      /\b(?:do\s+not|don't)\s+change\s+(?:any|the)\s+(?:of\s+the\s+)?(?:[\w-]+\s+)?(?:words?|keys?|values?|wording|meaning|content|text)\b/i,
      /\bwithout\s+changing\s+(?:any|the)\b/i,
      /\b(?:in\s+the\s+same|keep\s+the(?:\s+[\w-]+)?)\s+order\b/i,
    ],
  },
  {
    signal: 'output.list',
    weight: 1,
    description: 'the answer is a short delimited list',
    patterns: [/\b(?:comma|semicolon)[- ]separated\b/i],
  },
  {
    signal: 'output.json',
    weight: 0.5,
    description: 'asks for structured (JSON) output',
    patterns: [
      /\b(?:return|respond|output|reply)\s+(?:in\s+|as\s+|with\s+)?(?:a\s+|valid\s+)?json\b/i,
      /\bjson\s+(?:only|object|array)\b/i,
    ],
  },
  {
    signal: 'output.length-limit',
    weight: 0.5,
    description: 'limits the length of the answer',
    patterns: [/\b(?:at\s+most|no\s+more\s+than|under|fewer\s+than|maximum\s+of|max\.?)\s+\d{1,3}\s+(?:words|characters|chars|tokens)\b/i],
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
      /\b(?:patients?|symptoms?|diagnos[a-z]*|clinical|clinicians?|physicians?|nurses?|medications?|dosages?|doses?|prescri[a-z]*|pharmac[a-z]*|contraindicat[a-z]*|vital\s+signs|vitals|icd-?10|diseases?|treatments?|therap(?:y|ies)|medical|self-harm|mental\s+health|(?<!imperative\s|indicative\s|subjunctive\s)moods?|depress[a-z]*|anxiety|suicid[a-z]*|doctors?|hospitals?|emergency\s+room|injur(?:y|ies)|allerg[a-z]*|health\s+(?:advice|conditions?|problems?|issues?|concerns?))\b/i,
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
    blockKind: 'reasoning',
    blocking: true,
    weight: -10,
    description: 'asks to weigh options, find root causes or prove something',
    patterns: [
      /\btrade[- ]?offs?\b/i,
      /\bweigh(?:s|ing)?\s+(?:the\s+)?(?:[\w-]+\s+)?(?:options|pros|priorities|risks|evidence|alternatives)\b/i,
      /\bpros\s+and\s+cons\b/i,
      /\broot\s+cause\b/i,
      /\b(?:prove|proof|derive)\b/i,
      /\bmisconceptions?\b/i,
      /\bdetermine\s+whether\b/i,
      /\b(?:judg(?:e|es|ing|ement|ment)s?|grad(?:e|ing)\s+(?:the|this|each|their))\b/i,
      /\b(?:which|whichever)\s+(?:[\w-]+\s+){0,2}(?:is|was)\s+(?:better|best|more|most|correct|right|stronger|safer|preferable)\b/i,
      /\bmore\s+(?:accurate|helpful|correct|complete|persuasive|convincing)\b/i,
    ],
  },
  {
    signal: 'task.planning',
    blockKind: 'planning',
    blocking: true,
    weight: -10,
    description: 'asks for a plan, a design or a prioritisation',
    patterns: [
      /\b(?:create|draft|write|build|make|develop|propose|design|outline|produce|offer)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:plan|roadmap|strategy|itinerary|schedule|timeline)\b/i,
      /\bplan\s+(?:a|an|the|out|our|my)\b/i,
      /\bmilestones?\b/i,
      /\bprioriti[sz](?:e|es|ing|ation)\b/i,
      /\bbreak\s+(?:[\w-]+\s+){0,3}(?:into|down)\s+(?:phases|steps|tasks|milestones|stages)\b/i,
      /\b(?:design|architect)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,4}(?:architecture|system|service|schema|api|database|pipeline)\b/i,
    ],
  },
  {
    signal: 'task.code',
    blockKind: 'code',
    blocking: true,
    weight: -10,
    description: 'asks to write, review or debug code',
    patterns: [
      /\b(?:write|implement|generate|create|build)\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}(?:function|class|method|script|program|module|component|query|endpoint|unit\s+tests?|regex|regular\s+expression|sql)\b/i,
      /\b(?:refactor|debug)\s+(?:this|the|my|our|it|a|an)\b/i,
      /\b(?:refactoring|debugging)\b/i,
      /\b(?:this|the\s+following|the\s+attached|my|our)\s+(?:[\w-]+\s+)?(?:code|codebase|snippet|implementation)\b/i,
      /\b(?:race\s+conditions?|deadlocks?|memory\s+leaks?|vulnerabilit(?:y|ies)|security\s+(?:issues?|flaws?|holes?))\b/i,
      /\b(?:convert|translate|rewrite|port)\b[^.\n]{0,40}?\b(?:to|into)\s+(?:python|rust|go|golang|typescript|javascript|java|c\+\+|c#|kotlin|swift|ruby|php|scala)\b/i,
      /\bcode\s+review\b/i,
      /\breview(?:ing)?\s+(?:the|this|a)\s+(?:code|diff|pull\s+request|pr|patch)\b/i,
      /\bstack\s*trace\b/i,
      /\bfix\s+(?:the|this)\s+bug\b/i,
      /\btime\s+complexity\b/i,
      /\bunit\s+tests?\b/i,
    ],
  },
  {
    signal: 'task.ui',
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
    blockKind: 'creative',
    blocking: true,
    weight: -10,
    description: 'asks for long-form or creative writing',
    patterns: [
      /\bwrite\s+(?:a|an)\s+(?:[\w,-]+\s+){0,4}(?:story|essay|poem|novel|chapter|screenplay|speech|blog\s+post|article|cover\s+letter|song|lyrics)\b/i,
      /\b(?:\d{1,2},?\d{3}|[5-9]\d{2})[- ]word\b/i,
      /\b(?:persuasive|compelling)\b/i,
    ],
  },
  {
    signal: 'task.agent',
    blockKind: 'agent',
    blocking: true,
    weight: -10,
    description: 'an agent with tools: decisions chain across calls',
    patterns: [
      /\b(?:you\s+have\s+access\s+to|you\s+can\s+use|available)\s+(?:the\s+following\s+)?tools\b/i,
      /\bfunction\s+calling\b/i,
      /\btool\s+calls?\b/i,
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
      /\b(?:analy[sz]e|analy[sz]is|evaluate|assess|assessment|critique|recommend(?:ation)?s?|compare|contrast|advise|insights?|synthesi[sz]e)\b/i,
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
    patterns: [/\bdraft\s+(?:a|an|the)\b/i, /\b(?:in\s+(?:a|an|the|our|your)\s+(?:[\w-]+\s+){0,2}(?:tone|voice)|(?:tone|voice)\s+(?:of|should|must|is))\b/i],
  },
];
