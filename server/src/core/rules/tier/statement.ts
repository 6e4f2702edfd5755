import type { OffsetRange } from '../../types';
import type { StructureSpan } from '../../structure';
import { ANSWER_SET_NOUNS, NAMED_CLASS_NOUNS, classNouns } from './classNouns';
import type { TaskKind } from './types';

/**
 * The grammar of a task statement, read without a vocabulary of phrasings: which verb heads each
 * instruction sentence (the imperative, or what "you" do), which blocks are worked examples, and
 * which answers are closed (a set of values after a colon, label definitions written one per line,
 * a table of identifiers). Pure and linear in the text.
 */

/** A piece of task text and the document offset of its first character. */
export interface TextSpan {
  offset: number;
  text: string;
}

/** An instruction sentence whose head verb asks for a routine task on the input. */
export interface TaskClause {
  kind: TaskKind;
  verb: string;
  /** The head verb in the document. */
  evidence: OffsetRange;
  /** The sentence from the verb to its end, flattened: what the verb acts on and how. */
  rest: string;
  /** The complement is itself a closed answer ("into one category", "the language code"). */
  closed: boolean;
}

/** The nouns a set of classes is named by: "pick the team", "choose one label". */
const CLASS_NOUNS = classNouns([...NAMED_CLASS_NOUNS, 'flow', 'group']);

/** The plural nouns that may name a set of values before "are" or "include": "Possible intents are …". */
const PLURAL_SET_NOUNS = classNouns([...ANSWER_SET_NOUNS, 'option', 'value', 'department', 'bucket', 'choice', 'answer'], 'many');

/** Two or more alternatives: "A, B and C", "a complaint, a question or praise", "X or Y". */
// Alternatives may also be written with slashes or bars: "positive / negative / mixed", "TOXIC|OK".
const ALTERNATIVES = String.raw`(?:(?:an?\s+)?[\w-]+(?:\s*,\s*(?:an?\s+)?[\w-]+)*,?\s+(?:and|or)\s+(?:an?\s+)?[\w-]+|[\w-]+(?:\s*[/|]\s*[\w-]+)+)`;
/** The nouns a single label is named by: what a classification returns. */
const LABEL_NOUN = classNouns(['language', 'type', 'kind', 'category', 'intent', 'sentiment', 'topic', 'class', 'label', 'tone', 'genre', 'mood'], 'one');

/**
 * Head verbs that act on supplied input and give back a copy, a label or the same content in
 * another form. Some verbs only count with the complement that makes them routine: "put … into
 * one category" (not "put a plan together"), "list every …" (not "list the steps to …"),
 * "rewrite …" only when the rest of the prompt keeps the content (checked by the caller). A
 * complement that is itself a closed answer ("into one category", "into ERROR, WARN and INFO",
 * "the language code") sets `closed`: the clause needs no other evidence of a closed output.
 */
const VERB_KINDS: ReadonlyArray<{ verbs: RegExp; kind: TaskKind; needs?: RegExp; closed?: boolean }> = [
  { verbs: /^(?:classify|categori[sz]e|label|tag|route|bucket|triage)$/, kind: 'classification' },
  { verbs: /^(?:put|place|sort|file|assign|map|group|divide)$/, kind: 'classification', closed: true, needs: new RegExp(String.raw`\b(?:into|to|under|in|as)\s+(?:(?:exactly\s+)?(?:one|a\s+single)\b|one\s+of\b|(?:the\s+)?(?:[\w-]+\s+)?${ALTERNATIVES}\s*(?:[.;:]|$)|(?:its|their|the\s+(?:right|correct|matching))\s+(?:[\w-]+\s+)?${CLASS_NOUNS}\b)|^(?:[^.;]{0,60}?\s)?by\s+(?:their\s+|its\s+)?(?:[\w-]+\s+)?${CLASS_NOUNS}\b`, 'i') },
  { verbs: /^(?:mark|flag)$/, kind: 'classification', closed: true, needs: /\bas\s+(?:either\s+)?\S+\s+or\s+\S+/i },
  // "Mark every sentence that contains a number with [NUM]": a fixed marker put on the items that qualify.
  { verbs: /^(?:mark|flag|tag|prefix|suffix)$/, kind: 'reformatting', needs: /^(?:every|each|all|any)\b[^.;]{0,120}?\bwith\s+(?:an?\s+|the\s+)?[[<"'`(]/i },
  // "Decide if the message is a complaint, a question or praise": a choice among the alternatives named.
  { verbs: /^(?:decide|say|tell|state)$/, kind: 'classification', closed: true, needs: new RegExp(String.raw`^(?:(?:us|me|them|the\s+user)\s+)?(?:if|whether)\b[^.;]{0,80}?\b(?:is|are|was|reads\s+as|counts\s+as)\s+${ALTERNATIVES}\s*(?:[.;:]|$)`, 'i') },
  // "Decide which office it should be forwarded to: …": a choice, closed only by a set given elsewhere.
  { verbs: /^(?:decide|determine|say|tell|state)$/, kind: 'classification', needs: /^(?:(?:us|me)\s+)?which\s+(?!of\s+(?:the\s+)?(?:two|these\s+two)\b)/i },
  // "Count how many of the responses mention price": a yes/no decision per item, summed.
  { verbs: /^count$/, kind: 'classification', closed: true, needs: /^(?:how\s+many|the\s+(?:number|count)\s+of)\b/i },
  // "Detect the language", "Return the ISO 639-1 language code": the answer is one label.
  // The language, the sentiment or the tone of a text come from a finite set by nature.
  { verbs: /^(?:detect|identify|determine|predict|infer)$/, kind: 'classification', closed: true, needs: /^(?:the|its|their|which|what)\s+(?:[\w-]+\s+){0,2}(?:language|sentiment|tone|mood)(?:\s+(?:code|label|name|id|tag))?\b(?!\s+(?:of\s+)?(?:and|or)\b)/i },
  // A type, category or intent needs its set given elsewhere (the caller's closed-output gate).
  { verbs: /^(?:detect|identify|determine|predict|infer)$/, kind: 'classification', needs: new RegExp(String.raw`^(?:the|its|their|which|what)\s+(?:[\w-]+\s+){0,2}${LABEL_NOUN}(?:\s+(?:code|label|name|id|tag))?\b(?!\s+(?:of\s+)?(?:and|or)\b)`, 'i') },
  // Verbs that only hand back a value name a label by its usual nouns; "return the type of each
  // variable" is no classification.
  { verbs: /^(?:return|give|output|state|name)$/, kind: 'classification', closed: true, needs: /^(?:the|its|their)\s+(?:[\w-]+\s+){0,2}(?:language|sentiment|tone|mood)(?:\s+(?:code|label|name|id|tag))?\b(?!\s+(?:of\s+)?(?:and|or)\b)/i },
  { verbs: /^(?:extract|copy|collect|gather|capture|harvest)$/, kind: 'extraction' },
  // "Write down the brand, model number and colour", "note down every date": values recorded as they stand.
  { verbs: /^(?:write|note|jot)$/, kind: 'extraction', needs: /^down\b/i },
  { verbs: /^pull$/, kind: 'extraction', needs: /\b(?:out|from)\b/i },
  // "list every …", "… from the email", or several items named one after another ("get the
  // order number, the supplier and every line item").
  // "list the companies named in the headline": what occurs in the input.
  { verbs: /^(?:list|find|identify|locate|enumerate|take|get|grab|retrieve)$/, kind: 'extraction', needs: /^(?:out\s+)?(?:every|each|all|any)\b|^the\s+(?:[\w-]+\s+){0,2}[\w-]+\s+(?:that|which|who)\s+(?:were|was|are|is|got|have\s+been|has\s+been)\s+(?:made|said|mentioned|agreed|raised|asked|discussed|named|listed|given|assigned|promised|requested|reported|decided)\b|^the\s+(?:[\w-]+\s+){0,3}(?:in|on)\s+(?:the|this|each)\s+(?:[\w-]+\s+)?(?:text|document|email|message|invoice|receipt|form|page|file|record|transcript|thread|notes?|letter|report|log)\b|\bfrom\s+(?:the|this|each|every)\b|^(?:the|its|their)\s+[^,.;]{1,40},\s*(?:the\s+|its\s+|their\s+)?[^,.;]{1,40}(?:,|\s+and\s+)|^(?:the|all)\s+(?:[\w-]+\s+){1,3}(?:named|mentioned|listed|cited|quoted|printed|referenced|that\s+(?:appear|occur)s?)\s+in\b/i },
  // "Pick the team that should own it": a choice among the classes the prompt gives.
  { verbs: /^(?:pick|choose|select)$/, kind: 'classification', needs: new RegExp(String.raw`^(?:the|a|one|exactly\s+one|a\s+single)\s+(?:[\w-]+\s+)?${CLASS_NOUNS}\b`, 'i') },
  { verbs: /^(?:split|parse|break|separate|segment)$/, kind: 'extraction', needs: /\binto\s+(?:the\s+|its\s+|separate\s+|structured\s+)?(?:[\w-]+\s+){0,3}(?:fields|columns|parts|components|keys|properties|json|records?|sentences|lines|paragraphs|chunks|segments|items|rows|words|tokens)\b|\binto\s+(?:(?:its|the|a)\s+)?[\w-]+(?:\s+[\w-]+)?(?:\s*,\s*(?:(?:its|the|a)\s+)?[\w-]+(?:\s+[\w-]+)?)*,?\s+and\s+(?:(?:its|the|a)\s+)?[\w-]+(?:\s+[\w-]+)?\s*(?:[.;:,]|$)/i },
  // "Return the email address and phone number from the signature", "Give me the people mentioned in
  // the article": values that occur in the input, handed back.
  { verbs: /^(?:return|give|output|provide|show)$/, kind: 'extraction', needs: /^(?:me\s+)?(?:the|all|every|each|any)\s+(?!(?:answer|reason|explanation)\b)[^.;]{1,80}?\b(?:from\s+(?:the|this|each|every)\b|(?:named|mentioned|listed|cited|quoted|referenced|that\s+(?:appear|occur)s?)\s+in\b)|^(?:me\s+|us\s+)?(?:a|the)\s+list\s+of\s+(?:every|each|all|the)\b/i },
  // "Fill in the fields title, company …", "fill out the form".
  // Fields of a message to write ("fill in the subject, greeting and body of a renewal email") are writing.
  { verbs: /^fill$/, kind: 'extraction', needs: /^(?:in|out)?\s*(?:the|these|this|each|every|all)\s+(?:[\w-]+\s+)?(?:fields|form|template|schema|columns|slots|blanks)\b(?![^.;]*\b(?:e-?mails?|letters?|repl(?:y|ies)|messages?|posts?|stor(?:y|ies)|essays?|reports?|announcements?|greetings?|body)\b)/i },
  { verbs: /^(?:convert|reformat|normali[sz]e|standardi[sz]e|redact|anonymi[sz]e|mask|dedupe|deduplicate|transliterate)$/, kind: 'reformatting' },
  // "Transcribe the numbers into digits": the same content in another notation.
  { verbs: /^transcribe$/, kind: 'reformatting', needs: /\b(?:into|as|to|in)\b/i },
  // "Group them by file extension", "Sort the rows by date": the same items reordered by a property
  // read off each one (not by a judged one such as priority or theme).
  { verbs: /^(?:group|sort|order|arrange|reorder)$/, kind: 'reformatting', needs: /^(?:them|these|those|the|all|each|every|this)\b[^.;]{0,50}?\bby\s+(?:their\s+|its\s+|the\s+)?(?!(?:[\w-]+\s+)?(?:priority|importance|theme|topic|relevance|quality|risk|severity|urgency|sentiment|value|impact)\b)[\w-]+/i },
  // "Check each sentence for the passive voice": a yes/no decision per item, closed by a set given elsewhere.
  { verbs: /^check$/, kind: 'classification', needs: /^(?:each|every|the|this|these|all)\b[^.;]{0,80}?\bfor\s+(?:the\s+|a\s+|an\s+|any\s+)?[\w-]+/i },
  // "Strip the HTML down to plain text": markup removed, the text kept.
  { verbs: /^strip$/, kind: 'reformatting', needs: /^(?:out\s+)?(?:the|all|every|any|this|these)\b/i },
  // "Remove all the HTML tags", "Delete blank lines": noise taken out of the input, the content kept.
  { verbs: /^(?:remove|delete|drop)$/, kind: 'reformatting', needs: /^(?:all\s+|every\s+|any\s+|the\s+)*(?:[\w-]+\s+){0,2}(?:tags?|markup|html|formatting|whitespace|duplicates?|duplicate\s+\w+|emojis?|line\s+breaks|blank\s+lines|empty\s+lines|punctuation|timestamps?|signatures?|boilerplate|stop\s*words|urls?|links?|page\s+numbers|(?:running\s+)?(?:headers?|footers?)|line\s+numbers|numbering)\b/i },
  // "Join the lines that were broken mid-sentence": the same text with its breaks repaired.
  { verbs: /^(?:join|rejoin|unwrap|reflow|dehyphenate)$/, kind: 'reformatting', needs: /^(?:the\s+|all\s+|any\s+|every\s+)?(?:[\w-]+\s+)?(?:lines?|paragraphs?|sentences?|words?|text|fragments?)\b/i },
  // "Work out which plan the customer is on": a choice, closed only by a set given elsewhere.
  { verbs: /^(?:work|figure|find)$/, kind: 'classification', needs: /^out\s+which\b/i },
  { verbs: /^(?:merge|collapse|combine)$/, kind: 'reformatting', needs: /^(?:the\s+|any\s+|all\s+)?(?:duplicate|duplicated|repeated|identical)\b/i },
  // "Replace every person name with [NAME]": a substitution across the input, not a rewrite of it.
  { verbs: /^(?:replace|substitute|swap)$/, kind: 'reformatting', needs: /^(?:every|each|all|any)\b[^.;]{0,80}?\b(?:with|by|for)\b/i },
  { verbs: /^(?:format|render|turn|transform|rewrite|restate|express|change|put|make)$/, kind: 'reformatting', needs: /\b(?:as|into|in|to|with)\b/i },
  // "Fix the JSON below so that it parses. Do not change any keys": a correction that keeps the content.
  { verbs: /^(?:fix|correct|repair|clean|tidy)$/, kind: 'reformatting' },
  { verbs: /^(?:summari[sz]e|condense|recap|abridge)$/, kind: 'summary' },
];

/** A second verb in the same sentence that writes, answers or acts: the clause is not the whole task. */
export const FOLLOW_UP_ACTION = /\b(?:and|then)\s+(?:also\s+|then\s+)?(?:(?:give|provide|offer|include|add)\s+(?:[\w-]+\s+){0,2}(?:feedback|advice|suggestions?|reasons?|justifications?|comments?|explanations?|rationale|tips?)\b|write|draft|compose|explain|justify|resolve|estimate|assess|evaluate|rank|predict|diagnose|(?:answer|respond|reply)(?!\s+(?:with|only|in)\b)|fix|suggest|recommend|propose|create|generate|call|invoke|send|book|schedule|solve|plan|design|implement|help|advise|decide|act|push|commit|deploy|run|execute|merge|publish|post|delete)\b/i;

/**
 * Reformatting verbs that keep the content by what they do (take noise out, mask, normalise): a
 * "convert" or "turn … into" keeps it only when the target is a notation ("into JSON"), since
 * "turn the outline into acceptance criteria" is new writing.
 */
export const CONTENT_KEEPING_VERB = /^(?:redact|anonymi[sz]e|mask|normali[sz]e|standardi[sz]e|dedupe|deduplicate|transliterate|transcribe|strip|remove|delete|drop|merge|collapse|combine|replace|substitute|swap|fix|correct|repair|clean|tidy|join|rejoin|unwrap|reflow|group|sort|order|arrange|reorder)$/;
/** A notation as the target of a conversion: "to JSON", "into a Markdown table", "in ISO 8601", "to metric". */
export const FORMAT_TARGET = /\b(?:to|into|as|in)\s+(?:an?\s+|the\s+|one\s+)?(?:valid\s+|plain\s+)?(?:[\w-]+\s+){0,2}?(?:json|csv|tsv|yaml|toml|xml|markdown|html|tables?|lists?|checklists?|bullets?|bullet\s+points|text|iso[\s-]?8601|utc|metric|imperial|e\.164|(?:snake|camel|kebab|pascal|title|sentence|upper|lower)[ _-]?case|lowercase|uppercase|units?|celsius|fahrenheit|format|layout|rows?|columns?|lines?|\.env|env)\b/i;
/**
 * Things to find that must be judged, not read off the input: "list all the risks", "find the
 * weaknesses", "copy out the key ideas" (which ideas are key is itself a judgement).
 */
export const JUDGED_ITEMS = /\b(?:key|main|important|central|notable|ideas?|takeaways?|arguments?|highlights?|risks?|issues?|problems?|weakness(?:es)?|strengths?|fallac(?:y|ies)|errors?|mistakes?|bugs?|flaws?|improvements?|opportunit(?:y|ies)|themes?|insights?|gaps?|inconsistenc(?:y|ies)|contradictions?|assumptions?|implications?|concerns?|red\s+flags?|vulnerabilit(?:y|ies)|lessons?|trends?|patterns?)\b/i;

/** Verbs that only count when the prompt also keeps the content (a rewrite is otherwise writing). */
export const NEEDS_PRESERVE = /^(?:rewrite|restate|change|turn|transform|express|put|make|fix|correct|repair|clean|tidy)$/;

/** Verbs that only introduce the input: "Read the ticket and …", "Look at the log, then …". */
const PREAMBLE_VERB = /^(?:read|look|scan|go|consider|review|examine|study|open)$/;

/** What may stand before the head verb: a bullet, "Please", "Then", "From the excerpt,", "You (will)", "Your task is to". */
const LEAD_INS: RegExp[] = [
  /^(?:[-*•+]|\d{1,2}[.)])\s+/,
  /^(?:\*\*|__)/,
  /^(?:please|pls|plz|kindly|now|then|first|next|finally|also|simply|just|always|carefully)\b,?\s+/i,
  // A condition on the previous answer: "If so, copy the salary text", "Otherwise, …".
  /^(?:if\s+(?:so|not|yes|no|present|found|it\s+does|there\s+is\s+one)|otherwise|else),?\s+/i,
  // The model named in the third person: "The assistant will read …", "The model should label …".
  /^the\s+(?:assistant|model|ai|bot|system|agent|classifier|llm)\s+(?:will|should|must|shall|is\s+to|needs\s+to|has\s+to)\s+/i,
  // A source or scope before the verb: "From the agreement excerpt, copy out …", "For each line, tag …".
  /^(?:from|for|in|on|using|given|with|based\s+on|out\s+of|across|of)\s+[^,.;:!?]{1,100},\s+/i,
  /^your\s+(?:job|task|role|goal)(?:\s+is\s+(?:to\s+)?|\s*:\s*)/i,
  /^you\s+(?:will\s+|must\s+|should\s+|need\s+to\s+|are\s+to\s+|have\s+to\s+|can\s+|only\s+)*/i,
  /^(?:i\s+(?:want|need)\s+you\s+to|i(?:'d|\s+would)\s+like\s+you\s+to)\s+/i,
];

/**
 * The clauses of a span, each with its own head verb: ends at `.`, `!`, `?` or `;` before a space,
 * or at a line break (why this is not compression's sentence split: `splitSentences` in segment.ts).
 */
function clausesOf(span: TextSpan): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  const pattern = /[^\n.!?;]+(?:[.!?;](?![\s\n]|$)[^\n.!?;]*)*/g;
  for (let match = pattern.exec(span.text); match; match = pattern.exec(span.text)) {
    if (match[0].trim() !== '') out.push({ start: span.offset + match.index, text: match[0] });
  }
  return out;
}

/** The head word of a sentence after its lead-ins, lower-cased, with the rest of the sentence. */
function headOf(text: string, offset: number): { word: string; after: string; evidence: OffsetRange } | null {
  let rest = text;
  let start = offset;
  const skip = (length: number) => {
    start += length;
    rest = rest.slice(length);
  };
  skip(rest.length - rest.trimStart().length);
  for (let guard = 0; guard < 6; guard++) {
    const lead = LEAD_INS.map((pattern) => pattern.exec(rest)).find((match) => match && match[0].length > 0);
    if (!lead) break;
    skip(lead[0].length);
  }
  const head = /^([A-Za-z]+)\b/.exec(rest);
  if (!head) return null;
  return { word: head[1].toLowerCase(), after: rest.slice(head[0].length).replace(/\s+/g, ' ').trim(), evidence: { start, end: start + head[1].length } };
}

/**
 * The routine-task clauses of the statement: sentences whose head verb (after the lead-ins above)
 * is one of `VERB_KINDS` with the complement it needs. A verb that is not the head ("the tags you
 * extract are …") or a negated head ("Do not summarise") is not a clause.
 */
export function findTaskClauses(spans: readonly TextSpan[]): TaskClause[] {
  const clauses: TaskClause[] = [];
  for (const span of spans) {
    for (const sentence of clausesOf(span)) {
      let head = headOf(sentence.text, sentence.start);
      // "Read the message and pick the team …": reading is the preamble, the next verb is the task.
      if (head && PREAMBLE_VERB.test(head.word)) {
        const next = /\b(?:and|then)\s+(?:then\s+)?(?=[a-z])/i.exec(sentence.text.slice(head.evidence.end - sentence.start));
        if (next) {
          const at = head.evidence.end - sentence.start + next.index + next[0].length;
          head = headOf(sentence.text.slice(at), sentence.start + at);
        }
      }
      if (!head) continue;
      let clause = clauseOf(head);
      // "Detect personal data in the message and mask it": a verb that only finds something hands
      // over to the verb after "and" / "then" (what is done with what was found).
      if (!clause && FINDING_VERB.test(head.word)) {
        const offset = head.evidence.end - sentence.start;
        const next = /\b(?:and|then)\s+(?:then\s+)?(?=[a-z])/i.exec(sentence.text.slice(offset));
        if (next) {
          const at = offset + next.index + next[0].length;
          const second = headOf(sentence.text.slice(at), sentence.start + at);
          clause = second ? clauseOf(second) : null;
        }
      }
      if (clause) clauses.push(clause);
    }
  }
  return clauses;
}

/**
 * The nouns the statement's "which …" clauses ask about ("Work out which plan the customer is on"
 * → `plan`), so a set written elsewhere under that noun is the answer's set.
 */
export function askedNouns(clauses: readonly TaskClause[]): string[] {
  const nouns = new Set<string>();
  for (const clause of clauses) {
    const noun = clause.kind === 'classification' ? /^(?:out\s+)?which\s+([a-z][a-z-]{2,20})\b/i.exec(clause.rest)?.[1]?.toLowerCase() : undefined;
    if (noun && !/^(?:one|of|is|are|the|kind|sort|type)$/.test(noun)) nouns.add(noun.replace(/[^a-z]/g, ''));
  }
  return [...nouns].filter((noun) => noun !== '');
}

/** Verbs that locate something in the input for a later verb to act on. */
const FINDING_VERB = /^(?:detect|find|identify|locate|spot|look|check|scan|search)$/;

/** The routine clause a head verb and its complement make, if any. */
function clauseOf(head: { word: string; after: string; evidence: OffsetRange }): TaskClause | null {
  const { word, after, evidence } = head;
  // "Copy:" over the input (nothing or a variable after the colon) is a label, not a verb;
  // "extract: title, company, location" is the verb with its list.
  if (/^:\s*(?:$|\$\{|\{\{|<)/.test(after)) return null;
  // "You tag …", "She tags …", "classifies": the verb's bare form.
  const forms = [word, word.replace(/ies$/, 'y'), word.replace(/e?s$/, ''), word.replace(/s$/, '')];
  for (const entry of VERB_KINDS) {
    if (!forms.some((form) => entry.verbs.test(form))) continue;
    if (entry.needs && !entry.needs.test(after)) continue;
    return { kind: entry.kind, verb: word, evidence, rest: after, closed: entry.closed === true };
  }
  return null;
}

/** Head verbs that ask for something new: a clause with one of them is no copy of the input. */
const CREATION_VERB = /^(?:write|create|generate|draft|compose|produce|design|build|make|plan|propose|suggest|recommend|explain|describe|invent|brainstorm|imagine|develop|outline|answer|respond|reply|analy[sz]e|evaluate|assess|compare|review|critique|judge|rate|score|decide|choose|pick|select|add|expand|elaborate|improve|enhance|polish)$/;

/**
 * A further step listed inside the routine clause's own sentence: "Reformat the README …: rewrite
 * every section in plain language, add a FAQ", "Extract the dates, then explain …".
 */
export const ADDED_STEP = /(?:[:;,]|\band\b|\bthen\b)\s+(?:also\s+|then\s+)?(?:add|write|rewrite|draft|compose|create|generate|expand|include|insert|append|explain|suggest|recommend|describe|invent|design|build|make|improve|follow|apply|use|handle|process|perform|respond|reply|answer|list|identify|flag|note|highlight|estimate|predict|score|rate|rank|assess|evaluate|decide|determine|judge)\b|\bwith\s+(?:a|an|some)\s+(?:[\w-]+\s+)?(?:intro(?:duction)?|explanation|commentary|conclusion|preface|caption|closing|outro|note\s+on)\b/i;

/**
 * The first instruction sentence whose head verb creates or judges rather than copies, if any.
 * Verbs at `except` (routine clauses such as "pick the team") are no creation.
 */
export function findCreationClause(spans: readonly TextSpan[], except: readonly OffsetRange[] = []): OffsetRange | null {
  for (const span of spans) {
    for (const sentence of clausesOf(span)) {
      const head = headOf(sentence.text, sentence.start);
      // "write NONE", 'write "unknown"': writing a fixed label creates nothing.
      const writesLabel = /^(?:[A-Z][A-Z0-9_]{1,30}\b|["'`])/.test(head?.after ?? '');
      if (head && CREATION_VERB.test(head.word) && !writesLabel && !except.some((range) => range.start === head.evidence.start)) return head.evidence;
    }
  }
  return null;
}

/** A value of a closed set: a short identifier, optionally quoted (`feat`, "by notice", CARD_ISSUE). */
// A name in Title Case may take up to three words ("IT Service Desk", "Student Wellbeing").
const VALUE = /^(?:(?:a|an|the)\s+)?[`"'*]*(?:[A-Za-z][\w-]{0,30}(?:[ ][a-z][\w-]{0,15})?|[A-Z][\w-]{0,20}(?:[ ][A-Z][\w-]{0,15}){1,2})[`"'*]*\??$/;
/**
 * A lead-in that makes the values the answer's alternatives: "Allowed types:", "Answer with one
 * word:", "Tag … from this fixed list:". "Return these sections: …" names parts of an answer, not
 * alternatives.
 */
export const ANSWER_LEAD = /\b(?:one|exactly|either|allowed|valid|permitted|possible|fixed|label|tag|classify|categori[sz]e|choose|pick|select|whether|which(?!\s+(?:are|is|include|includes|contains?)\b))\b/i;
/** A lead-in that asks for one of two answers: "say whether …:", "Answer:", "Allowed values:". */
const BINARY_LEAD = /\b(?:whether|which|either|answer|reply|respond|return|output|say|label|tag|classify|categori[sz]e|mark|flag|allowed|valid|permitted|possible)\b/i;
/** A lead-in that names a choice among classes. */
export const CLASS_LEAD = new RegExp(String.raw`\b${classNouns([...ANSWER_SET_NOUNS, 'kind', 'sort', 'flow', 'bucket', 'department', 'value', 'option', 'level', 'tier', 'stage', 'status'])}\b`, 'i');

/**
 * Splits "a, b, c or d" / "a · b · c" / "a | b | c" into values; null when any part is no value.
 * Three values make a set; two ("Y or N", "spam / ham") only where the caller allows a binary
 * answer, and only when joined by "or", a slash or a bar (a comma pair is more likely two parts).
 */
function splitValues(list: string, binary = false): string[] | null {
  const parts = list
    // A value explained in parentheses ("`vp` (VP, SVP, head of)") is still one value.
    .replace(/\s*\([^()]{0,120}\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;]$/, '')
    // "and" joins only the last two values of a comma list: "Free, Starter, Pro and Enterprise".
    .split(/\s*(?:,|·|•|\s\|\s|\s\/\s)\s*(?:(?:or|and)\s+)?|\s+or\s+|\s+and\s+(?=[^,]*$)(?<=,[^,]*)/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 3 || parts.some((part) => !VALUE.test(part))) {
    // "Y or N, one per line": a binary answer stops at the first comma or sentence end.
    const pair = binary ? BINARY_VALUES.exec(list.trim()) : null;
    return pair && VALUE.test(pair[1]) && VALUE.test(pair[2]) ? [pair[1], pair[2]].map((part) => part.replace(/[`"'*]/g, '')) : null;
  }
  return parts.map((part) => part.replace(/[`"'*]/g, ''));
}

/** Two values joined by "or", a slash or a bar, then the end of the clause: "Y or N, one per line". */
const BINARY_VALUES = /^([`"'*]*[A-Za-z][\w-]{0,30}[`"'*]*)\s*(?:\bor\b|\/|\|)\s*([`"'*]*[A-Za-z][\w-]{0,30}[`"'*]*)\s*(?:[,.;:)]|\s+only\b|$)/i;

export interface ValueSet {
  names: string[];
  /** The lead-in sentence up to its colon. */
  evidence: OffsetRange;
  /** The lead-in ties the values to the answer ("Allowed …", "one of", "Answer …"). */
  answer: boolean;
}

/**
 * A closed set of three or more values written after a colon, in the same sentence ("Allowed
 * types: feat, fix, docs.") or as the whole next paragraph ("… from this fixed list:\n\npolitics,
 * economy, markets"), when the lead-in names a class or ties the values to the answer. A list
 * after any other colon ("each stressing a benefit: speed, price") is content, not a value set.
 */
export function findValueSet(spans: readonly TextSpan[], askedNouns: readonly string[] = [], onlyAsked = false): ValueSet | null {
  // The noun a question asks about names its answer set: "Work out which plan …" + "Our plans are Free, Starter, Pro".
  const asked = askedNouns.length > 0 ? new RegExp(String.raw`\b(?:${askedNouns.join('|')})(?:e?s)?\b`, 'i') : null;
  const askedBeforeAre = askedNouns.length > 0 ? `|${askedNouns.map((noun) => `${noun}e?s`).join('|')}` : '';
  for (const span of spans) {
    // A tag named for the classes: `<categories>travel, meals, other</categories>`.
    const tag = /<([a-z_]{3,30})>([^<>\n]{1,400})<\/\1>/gi;
    for (let match = tag.exec(span.text); match && !onlyAsked; match = tag.exec(span.text)) {
      if (!CLASS_LEAD.test(match[1].replace(/_/g, ' '))) continue;
      const names = splitValues(match[2]);
      if (names) return { names, evidence: { start: span.offset + match.index, end: span.offset + match.index + match[1].length + 2 }, answer: true };
    }
    // A colon, a dash ("by department — Sales, Support or Engineering") or "are" after a plural
    // class noun ("Possible intents are book_flight, cancel_booking, other") leads into the values.
    const colon = new RegExp(String.raw`(?::|[ \t][—–][ \t]|(?<=\b(?:${PLURAL_SET_NOUNS}${askedBeforeAre})[ \t]+(?:are|include))[ \t])[ \t]*(?:\n[ \t]*)*`, 'gi');
    for (let match = colon.exec(span.text); match; match = colon.exec(span.text)) {
      // Bounded windows on both sides keep a line of many colons linear.
      const windowStart = Math.max(0, match.index - 200);
      const before = span.text.slice(windowStart, match.index);
      const leadStart = windowStart + leadInStart(before);
      const lead = span.text.slice(leadStart, match.index);
      const namesAsked = asked !== null && asked.test(lead);
      if (onlyAsked ? !namesAsked : !CLASS_LEAD.test(lead) && !ANSWER_LEAD.test(lead) && !namesAsked) continue;
      const from = match.index + match[0].length;
      // The values run to the end of the sentence, or of the paragraph when the colon ends a line.
      const after = span.text.slice(from, from + 600);
      const paragraphEnd = after.indexOf('\n\n');
      const paragraph = paragraphEnd === -1 ? after : after.slice(0, paragraphEnd);
      const sentenceEnd = /[.!?](?:\s|$)/.exec(paragraph);
      // Two values count only after a lead-in that asks for the answer ("say whether …: Y or N");
      // "stressing one benefit: speed or price" names content.
      const names = splitValues(sentenceEnd ? paragraph.slice(0, sentenceEnd.index) : paragraph, BINARY_LEAD.test(lead));
      if (!names) continue;
      const start = span.offset + leadStart + (lead.length - lead.trimStart().length);
      return { names, evidence: { start, end: span.offset + match.index + 1 }, answer: ANSWER_LEAD.test(lead) || CLASS_LEAD.test(lead) || namesAsked };
    }
  }
  return null;
}

/**
 * Where the lead-in of a colon starts in `before` (the text up to the colon): after the last
 * `. `, `? ` or line break, keeping the space; 0 when there is none.
 */
export function leadInStart(before: string): number {
  return Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('? ')) + 1;
}

/** A line that defines one label: "CONNECTION — host unreachable …", "`bug`: …", "page = …". */
const DEFINITION_LINE = /^[ \t]*(?:\*\*|`)?([A-Za-z][\w-]{0,30})(?:\*\*|`)?[ \t]*(?:—|–|:|=|→|->|[ \t]-[ \t])[ \t]*\S/;

/**
 * A block made only of label definitions, one per line and three or more of them ("CONNECTION —
 * host unreachable …"): the lines a label list has without bullets. Returns each line's name
 * range, or null.
 */
export function definitionLines(text: string, block: StructureSpan): Array<{ name: string; range: OffsetRange }> | null {
  const lines: Array<{ name: string; range: OffsetRange }> = [];
  let at = block.range.start;
  for (const line of text.slice(block.range.start, block.range.end).split('\n')) {
    const match = DEFINITION_LINE.exec(line);
    if (!match) return null;
    const name = match[1];
    const index = line.indexOf(name);
    lines.push({ name, range: { start: at + index, end: at + index + name.length } });
    at += line.length + 1;
  }
  // Identifier names only: all capitals or snake/kebab case, so prose lines ("Note: …") are not labels.
  if (lines.length < 3 || !lines.every((line) => /^[A-Z][A-Z0-9_-]+$|^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/.test(line.name))) return null;
  return lines;
}

/** The identifier names in the first column of a table, when every row holds one (`CARD_ISSUE`, `bug`). */
export function tableIdentifiers(text: string, table: StructureSpan): string[] | null {
  const rows = text.slice(table.range.start, table.range.end).split('\n');
  if (rows.length < 5) return null;
  const cells = rows.slice(2).map((row) => row.replace(/^\s*\|/, '').split('|')[0].replace(/[`*]/g, '').trim());
  if (!cells.every((cell) => /^[A-Z][A-Z0-9_]+$|^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+$|^[a-z]{2,20}$|^\d{1,8}$/.test(cell))) return null;
  return cells;
}

/**
 * Instruction blocks that are worked examples by their shape: two or more blocks in a row whose
 * lines each start with a label, in the same sequence ("Review: …" / "Label: positive"), or a block
 * that starts "For example" / "E.g.". The structural reading keeps them as prose; their words are
 * samples of the input, not the task.
 */
export function exampleShapedBlocks(text: string, blocks: readonly StructureSpan[]): Set<StructureSpan> {
  const examples = new Set<StructureSpan>();
  const shapeOf = (block: StructureSpan): string | null => {
    const lines = text.slice(block.range.start, block.range.end).split('\n');
    if (lines.length < 2) return null;
    const labels = lines.map((line) => /^[ \t]*([A-Z][A-Za-z ]{0,20}?):/.exec(line)?.[1].toLowerCase() ?? null);
    return labels.every((label) => label !== null) && new Set(labels).size > 1 ? labels.join('\u0000') : null;
  };
  let run: StructureSpan[] = [];
  let runShape: string | null = null;
  const close = () => {
    if (run.length >= 2) for (const block of run) examples.add(block);
    run = [];
    runShape = null;
  };
  for (const block of blocks) {
    if (block.kind === 'instruction' && /^[ \t]*(?:for\s+example|for\s+instance|e\.g\.)\b/i.test(text.slice(block.range.start, block.range.start + 20))) examples.add(block);
    // A block headed by a line that is only "Example" / "Example 2:" is a worked example.
    if (block.kind === 'instruction' && /^[ \t]*(?:example|sample)[ \t]*\d*[ \t]*:?[ \t]*\n/i.test(text.slice(block.range.start, block.range.start + 30))) examples.add(block);
    const shape = block.kind === 'instruction' ? shapeOf(block) : null;
    if (shape !== null && shape === runShape) run.push(block);
    else {
      close();
      if (shape !== null) {
        run = [block];
        runShape = shape;
      }
    }
  }
  close();
  return examples;
}
