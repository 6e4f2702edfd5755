import type { OffsetRange } from '../../types';
import {
  BLOCKING_RULES,
  JUDGEMENT_CLASS,
  NEGATION_BEFORE,
  ROUTING_CLASS,
  VERBATIM_COPY,
  WAIVABLE_DOMAINS,
  OUTPUT_RULES,
  SOFT_RULES,
  TASK_RULES,
  type SignalRule,
} from './signals';
import type { TaskAnalysis, TaskHints, TaskKind, TaskSignal, Tier } from './types';
import { ANSWER_SET_NOUNS, DESTINATION_NOUNS, classNouns, without } from './classNouns';
import { TASK_KINDS, readStructure, type StructureSpan } from '../../structure';
import { ADDED_STEP, CLASS_LEAD, askedNouns, leadInStart, CONTENT_KEEPING_VERB, FOLLOW_UP_ACTION, FORMAT_TARGET, JUDGED_ITEMS, type TaskClause, NEEDS_PRESERVE, definitionLines, findCreationClause, exampleShapedBlocks, findTaskClauses, findValueSet, tableIdentifiers } from './statement';

/** A hint needs at least this score (the sum of all weights) and no blocking signal. */
export const HINT_THRESHOLD = 3;

/** Negative weights adding up to this or less raise the needed tier by one (small → medium). */
export const SOFT_PENALTY_BUMP = -1.5;

/**
 * Only so much of a very long region is read: the instructions of a prompt sit at its start or its
 * end, and a bounded scan keeps a pasted 2 MB blob from slowing every keystroke.
 */
const HEAD_CHARS = 40_000;
const TAIL_CHARS = 20_000;

/** Which tier each routine task needs when nothing argues against it. */
const KIND_TIER: Partial<Record<TaskKind, Tier>> = {
  classification: 'small',
  extraction: 'small',
  reformatting: 'small',
  translation: 'medium',
  summary: 'medium',
};

/** When blocking signals name different kinds, the most consequential one is reported. */
const BLOCK_PRIORITY: TaskKind[] = ['medical', 'legal', 'financial', 'reasoning', 'planning', 'code', 'creative', 'agent'];

interface Span {
  /** Document offset of `text[0]`. */
  offset: number;
  text: string;
}

/**
 * Estimates the cheapest model tier that can do the task a prompt asks for, with the signals
 * behind the verdict.
 *
 * Deterministic and pure: the same text and hints always give the same result. Biased hard
 * towards `frontier` (no hint): any blocking signal (legal, medical or financial content,
 * step-by-step reasoning, planning, code, long-form writing, tools) vetoes a hint, as does a
 * prompt in which no routine task (classify, extract, reformat, translate, summarise) is
 * recognised, or whose score stays below {@link HINT_THRESHOLD}. Never throws.
 */
export function analyzeTask(text: string, hints: TaskHints = {}): TaskAnalysis {
  const spans = readableSpans(text, hints.regions);
  // The task is what the instructions say: words inside pasted data, examples, quotes or code
  // ("financial" in a ticket, "code" in a sample) neither ask for a task nor veto one.
  const read = taskBlocks(text, spans, hints.checkpoint);
  const blocks = read?.task ?? null;
  const task = blocks ? joinBlocks(text, blocks) : spans;
  // A list that defines the labels to choose from ("- page: customer-facing failure …") says
  // what each class means; its words describe the input, they do not ask for code or advice.
  const labelSet = read ? findLabelSet(text, read.task, read.tables, read.all) : null;
  // The label names stay in the statement: "- approve: …" / "- reject: …" is still a decision.
  const statement = labelSet && labelSet.items.length > 0 && blocks ? joinBlocks(text, blocks.flatMap((block) => labelSet.cut.get(block) ?? [block])) : task;
  const signals: TaskSignal[] = [];
  const kindRules: Array<{ rule: SignalRule; evidence: OffsetRange }> = [];
  let impliedClassification: OffsetRange | null = null;

  for (const rule of [...TASK_RULES, ...OUTPUT_RULES, ...BLOCKING_RULES, ...SOFT_RULES]) {
    hints.checkpoint?.();
    // Medical words still count in label definitions: a triage into "urgent / routine" stays vetoed.
    const readIn = rule.blocking && rule.signal !== 'domain.medical' ? statement : task;
    const evidence = firstMatch(rule, readIn);
    if (!evidence) continue;
    // A length-limited summary already counts as a summary; do not count the task twice.
    if (rule.signal === 'task.summary' && signals.some((s) => s.signal === 'task.summary-short')) continue;
    // "Label each slide with a title and write speaker notes": the routine verb is one step of a bigger task.
    if (rule.kind && !signals.some((s) => s.signal === 'ask.follow-up')) {
      const sentence = sentenceAt(text, evidence.start, evidence.end);
      const followUp = FOLLOW_UP_ACTION.exec(sentence);
      if (followUp) {
        const start = evidence.start + followUp.index;
        signals.push({ signal: 'ask.follow-up', weight: -1.5, evidence: { start, end: start + followUp[0].length }, description: 'the routine step is followed by writing or acting in the same sentence' });
      }
    }
    signals.push(toSignal(rule, evidence));
    if (rule.kind) kindRules.push({ rule, evidence });
    if (rule.impliesClassification && !impliedClassification) impliedClassification = evidence;
  }

  // A closed answer set given as label definitions or as an enum in the declared output schema,
  // else as values written after a colon ("Allowed types: feat, fix, docs.").
  const asked = askedNouns(findTaskClauses(statement));
  // A set under the asked noun may sit in a context block the structure reads as material ("Our
  // plans are Free, Starter, Pro and Enterprise."): there only a lead-in naming that noun counts.
  const contextSet = () => (read && asked.length > 0 ? findValueSet(joinBlocks(text, read.all.filter((block) => CONTEXT_KINDS.has(block.kind))), asked, true) : null);
  const valueSet = labelSet ? null : (findValueSet(statement, asked) ?? (read ? findValueSet(valuesAfterColon(text, read.task, read.all), asked) : null) ?? contextSet());
  const closedSet = closedSetSignal(labelSet, hints) ?? (valueSet ? { signal: 'output.enum', weight: 1.5, evidence: valueSet.evidence, description: `the answer is one of ${valueSet.names.length} values listed after a colon` } : null);
  if (closedSet && !signals.some((signal) => signal.signal === 'output.enum')) {
    signals.push(closedSet);
  }
  // Label definitions without bullets or in a table of identifiers, and values after a lead-in
  // that names no answer, are a closed set but do not by themselves say the task is a choice.
  const closedImplies = closedSet !== null && (labelSet ? labelSet.implies : (hints.outputEnum?.length ?? 0) >= 2 || (valueSet?.answer ?? true));
  const impliedBy = impliedClassification ?? (closedImplies ? closedSet?.evidence ?? null : null);

  const template = read ? findFieldTemplate(text, read.all) : null;
  if (template && !signals.some((signal) => signal.signal === 'output.fields')) signals.push({ signal: 'output.fields', weight: 1, evidence: { start: template.start, end: Math.min(template.end, template.start + 40) }, description: 'the answer fills a fixed template of short fields' });

  addClauseSignals(statement, signals, kindRules, hints);

  // Fields to fill from a supplied input ("Return a JSON object with these keys: …") with no task
  // verb and no sentence that asks to create something: the task is an extraction.
  if (kindRules.length === 0 && !impliedClassification && !closedImplies && read) {
    const fields = signals.find((signal) => signal.signal === 'output.fields');
    if (fields && !findCreationClause(statement) && !statement.some((span) => FOLLOW_UP_ACTION.test(span.text))) {
      const extract = TASK_RULES.find((rule) => rule.signal === 'task.extract')!;
      signals.push({ signal: 'task.implied-extraction', weight: 1, evidence: fields.evidence, description: 'the answer fills named fields from the input, so the task is an extraction' });
      kindRules.push({ rule: { ...extract, weight: 1 }, evidence: fields.evidence ?? { start: 0, end: 0 } });
    }
  }

  // "Answer yes or no" with no task verb is still a (binary) classification.
  if (kindRules.length === 0 && (impliedClassification || closedImplies)) {
    signals.push({
      signal: 'task.implied-classification',
      weight: 1,
      evidence: impliedBy,
      description: 'the answer is a label from a fixed set, so the task is a classification',
    });
  }

  const fewShot = findFewShot(spans);
  if (fewShot) {
    signals.push({
      signal: 'structure.few-shot',
      weight: 1,
      evidence: fewShot.evidence,
      description: `${fewShot.count} worked examples: the model only has to follow a pattern`,
    });
  }

  const words = task.reduce((sum, span) => sum + countWords(span.text), 0);
  if (words <= 150) {
    signals.push({ signal: 'length.short', weight: 0.5, evidence: null, description: `short instructions (${words} words)` });
  } else if (words > 1500) {
    signals.push({ signal: 'length.long', weight: -2, evidence: null, description: `long instructions (${words} words)` });
  } else if (words > 600) {
    signals.push({ signal: 'length.long', weight: -1, evidence: null, description: `long instructions (${words} words)` });
  }

  if (words <= 150) addWholeTaskSignal(statement, signals, kindRules);

  const listItems = countListItems(task);
  if (listItems > 10) {
    signals.push({ signal: 'structure.many-rules', weight: -1, evidence: null, description: `${listItems} separate rules or steps` });
  }

  addHintSignals(signals, hints);

  const labelNames = [...(labelSet?.names ?? []), ...(valueSet?.names ?? []), ...(hints.outputEnum ?? [])];
  waiveDomainVetoes(text, task, statement, signals, primaryKind(kindRules, impliedClassification !== null || closedImplies)?.kind ?? null, kindRules, labelNames);

  // Document order first, then the signals that have no place in the text.
  signals.sort((a, b) => (a.evidence?.start ?? Infinity) - (b.evidence?.start ?? Infinity));
  const score = round2(signals.reduce((sum, signal) => sum + signal.weight, 0));

  const blockers = signals.filter((signal) => signal.blocking);
  if (blockers.length > 0) {
    return { neededTier: 'frontier', taskKind: blockKind(blockers), confidence: Math.min(0.95, 0.7 + 0.05 * blockers.length), signals, score };
  }

  const kind = primaryKind(kindRules, impliedClassification !== null || closedImplies);
  if (!kind) return { neededTier: 'frontier', taskKind: 'unknown', confidence: 0.3, signals, score };
  if (score < HINT_THRESHOLD) return { neededTier: 'frontier', taskKind: kind.kind, confidence: 0.4, signals, score };

  let tier: Tier = kind.short ? 'small' : (KIND_TIER[kind.kind] ?? 'frontier');
  const penalties = signals.reduce((sum, signal) => sum + Math.min(0, signal.weight), 0);
  if (penalties <= SOFT_PENALTY_BUMP) tier = tier === 'small' ? 'medium' : 'frontier';
  const confidence = tier === 'frontier' ? 0.4 : Math.min(0.95, round2(0.6 + 0.07 * (score - HINT_THRESHOLD)));
  return { neededTier: tier, taskKind: kind.kind, confidence, signals, score };
}

/** Blocks read as prose material, where a set named by the asked noun may stand. */
const CONTEXT_KINDS = new Set<StructureSpan['kind']>(['instruction', 'data', 'label', 'list-item', 'quote']);

/** Signals that say the answer is closed: a set of values, fields to fill, a length cap, a small limit. */
const CLOSED_OUTPUT = new Set(['output.enum', 'output.one-word', 'output.number', 'output.fields', 'output.list', 'output.length-limit', 'output.json', 'output.preserve', 'task.summary-short']);
/** The signal each routine kind is counted under, so a clause never adds to a phrasing of the same kind. */
const KIND_SIGNAL: Partial<Record<TaskKind, string>> = { classification: 'task.classify', extraction: 'task.extract', reformatting: 'task.reformat', summary: 'task.summary' };

/**
 * The head verb of an instruction sentence as task evidence ("From the excerpt, copy out …",
 * "Put this error into one category", "Label a commit with its type"): read by its place in the
 * sentence, not by a phrasing. A clause counts only when the answer is closed (a set of values,
 * fields to fill, a length cap, a limit of 128 tokens or less, a JSON schema) and no phrasing of
 * the same kind was found; a rewrite counts only when the prompt also keeps the content
 * ("Keep the order … unchanged"), since a rewrite is otherwise new writing.
 */
function addClauseSignals(statement: Span[], signals: TaskSignal[], kindRules: Array<{ rule: SignalRule; evidence: OffsetRange }>, hints: TaskHints): void {
  const max = hints.maxOutputTokens;
  const closed = signals.some((signal) => CLOSED_OUTPUT.has(signal.signal)) || hints.hasJsonSchema === true || (hints.outputEnum?.length ?? 0) >= 2 || (typeof max === 'number' && max > 0 && max <= 128);
  const preserves = signals.some((signal) => signal.signal === 'output.preserve');
  for (const clause of findTaskClauses(statement)) {
    if (!closed && !clause.closed) continue;
    if (clause.kind === 'reformatting' && NEEDS_PRESERVE.test(clause.verb) && !preserves) continue;
    // "Route the customer … and resolve their issue": the routine verb is one step of a bigger task.
    if (FOLLOW_UP_ACTION.test(clause.rest)) continue;
    // "Sort the lines into ERROR, WARN and INFO": the complement is the closed answer set.
    if (clause.closed && !signals.some((signal) => signal.signal === 'output.enum')) {
      signals.push({ signal: 'output.enum', weight: 1.5, evidence: clause.evidence, description: 'the instruction names the closed answer (one class, or the alternatives)' });
    }
    const id = KIND_SIGNAL[clause.kind];
    const rule = TASK_RULES.find((candidate) => candidate.signal === id);
    // The head verb is a fallback for a task no phrasing named: one clause names the task once.
    if (!rule || kindRules.length > 0) continue;
    signals.push({ signal: rule.signal, weight: rule.weight, evidence: clause.evidence, description: `${rule.description} (the head verb of an instruction)` });
    kindRules.push({ rule, evidence: clause.evidence });
  }
  // A summary under a length cap anywhere in the statement ("Condense the notes into 3 bullet
  // points", "a 20-word summary") is a short summary.
  const summary = signals.find((signal) => signal.signal === 'task.summary');
  if (summary && signals.some((signal) => signal.signal === 'output.length-limit')) {
    const short = TASK_RULES.find((candidate) => candidate.signal === 'task.summary-short')!;
    Object.assign(summary, { signal: short.signal, weight: short.weight, description: short.description });
    const entry = kindRules.find((candidate) => candidate.rule.signal === 'task.summary');
    if (entry) entry.rule = short;
  }
}

/**
 * A short statement whose instructions are all one routine step is itself evidence: "Extract the
 * invoice number, date and total as JSON." or "Pull the sender and the order number out of this
 * email." ask for nothing else, even with no closed answer. It counts only when some sentence's
 * head verb is a routine clause (not a phrase anywhere), no other sentence's head verb creates or
 * judges, no sentence adds a follow-up action, and no signal so far argues against a routine task.
 * A clause the closed-output gate left out then names the task.
 */
function addWholeTaskSignal(statement: Span[], signals: TaskSignal[], kindRules: Array<{ rule: SignalRule; evidence: OffsetRange }>): void {
  if (signals.some((signal) => signal.weight < 0 || signal.blocking)) return;
  const preserves = signals.some((signal) => signal.signal === 'output.preserve');
  const keepsContent = (clause: TaskClause) => preserves || CONTENT_KEEPING_VERB.test(clause.verb) || FORMAT_TARGET.test(clause.rest);
  const clauses = findTaskClauses(statement).filter(
    (clause) =>
      !FOLLOW_UP_ACTION.test(clause.rest) &&
      // A conversion into something that is no notation, or a search for what must be judged, is no copy.
      (clause.kind !== 'reformatting' || keepsContent(clause)) &&
      (clause.kind !== 'extraction' || !JUDGED_ITEMS.test(clause.rest)) &&
      !(clause.kind === 'reformatting' && NEEDS_PRESERVE.test(clause.verb) && !preserves),
  );
  // Every routine clause must be free of an added step: one "rewrite …, add a FAQ" makes it writing.
  if (clauses.length === 0 || findTaskClauses(statement).some((clause) => ADDED_STEP.test(clause.rest))) return;
  if (findCreationClause(statement, clauses.map((clause) => clause.evidence)) || statement.some((span) => FOLLOW_UP_ACTION.test(span.text))) return;
  const [clause] = clauses;
  signals.push({ signal: 'task.whole', weight: 0.5, evidence: clause.evidence, description: 'the routine step is the whole task: no other instruction creates, judges or acts' });
  if (kindRules.length > 0) return;
  const rule = TASK_RULES.find((candidate) => candidate.signal === KIND_SIGNAL[clause.kind]);
  if (!rule) return;
  signals.push({ signal: rule.signal, weight: rule.weight, evidence: clause.evidence, description: `${rule.description} (the head verb of the only instruction)` });
  kindRules.push({ rule, evidence: clause.evidence });
}

/**
 * Lifts the legal, financial and medical vetoes when the task is no judgement in that domain
 * (see `ROUTING_CLASS` and `VERBATIM_COPY`): a verbatim extraction, or a classification into
 * types, topics, intents or queues. Any other veto (reasoning, code, planning…) still blocks, and
 * a waived veto stays in the signals at weight 0 so the hover says why it did not count.
 */
function waiveDomainVetoes(
  text: string,
  task: Span[],
  statement: Span[],
  signals: TaskSignal[],
  kind: TaskKind | null,
  kindRules: Array<{ rule: SignalRule; evidence: OffsetRange }>,
  labelNames: readonly string[],
): void {
  const blockers = signals.filter((signal) => signal.blocking);
  if (blockers.length === 0 || !blockers.every((signal) => WAIVABLE_DOMAINS.has(signal.signal))) return;
  let reason: string | null = null;
  if (kind === 'extraction' && task.some((span) => VERBATIM_COPY.test(span.text))) {
    reason = 'the task copies text as written, it does not interpret it';
  } else if (kind === 'classification') {
    const classify = kindRules.find((entry) => entry.rule.kind === 'classification');
    // With no task verb, the sentence of the closed answer that implied the classification.
    const implied = signals.find((signal) => signal.signal === 'task.implied-classification')?.evidence;
    const sentence = classify ? sentenceAt(text, classify.evidence.start) : implied ? sentenceAt(text, implied.start) : '';
    // Medical content is waived only for routing to the people who handle it ("Pick one of these
    // queues: appointments, billing, clinician …") when the prompt rules out any clinical
    // assessment itself; a triage or a diagnosis stays vetoed.
    const medical = blockers.some((signal) => signal.signal === 'domain.medical');
    const routable = !medical || (STAFF_ROUTING.test(sentence) && task.some((span) => NO_CLINICAL_ASSESSMENT.test(span.text)));
    // The closed set the answer comes from: written after a colon, defined in a list or declared
    // as an enum. When it is given, the classes themselves show whether the task is a judgement.
    const enumSignal = signals.find((signal) => signal.signal === 'output.enum');
    // Label names are read as words ("high_risk" is "high risk"), with the list a colon announces.
    const setText = [enumSignal?.evidence ? closedSetText(text, enumSignal.evidence) : '', ...labelNames].join(' ').replace(/_/g, ' ');
    // A compound label is named by its head: "acceptable-use" is a topic, "high-risk" a risk.
    const headsOf = (words: string) => words.replace(/\b[A-Za-z]+-(?=[A-Za-z])/g, '');
    const setHeads = headsOf(setText);
    // A taxonomy of three or more classes; two classes in a legal or financial prompt are a verdict.
    const closed = Math.max(labelNames.length, valueCount(setText)) >= 3;
    if (routable && (ROUTING_CLASS.test(sentence) || closed) && !JUDGEMENT_CLASS.test(headsOf(sentence)) && !JUDGEMENT_CLASS.test(setHeads)) {
      reason = 'the domain words name categories to route by, not a judgement';
    }
  }
  // "Ignore legal disclaimers", "Regulators … are not companies": a domain named only in parts of
  // the input the prompt sets aside is no judgement asked for, when the task is routine and its
  // answer closed. A guard such as "Never give investment advice" still vetoes: it says the answer
  // could stray into the domain.
  if (!reason && kind !== null && ROUTINE_KINDS.has(kind) && signals.some((signal) => CLOSED_OUTPUT.has(signal.signal))) {
    const ruleOf = (signal: TaskSignal) => BLOCKING_RULES.find((candidate) => candidate.signal === signal.signal);
    const spansOf = (signal: TaskSignal) => (signal.signal === 'domain.medical' ? task : statement);
    const ruledOut = blockers.every((signal) => {
      const rule = ruleOf(signal);
      return rule !== undefined && everyMatch(rule, spansOf(signal), (span, start, end) => SET_ASIDE.test(span.text.slice(Math.max(0, start - 60), start)) || DENIED_AFTER.test(span.text.slice(end, end + 100)));
    });
    if (ruledOut) reason = 'the domain is named only in what the prompt sets aside';
    // "Spam = ads, … crypto/investment pitches": a sentence that defines one of the answer's labels
    // says what falls under it, as a label list does. A medical word counts there unless it is the
    // only one in the prompt and no class is a judgement (a triage stays vetoed).
    const answer = signals.find((signal) => signal.signal === 'output.enum' || signal.signal === 'output.one-word');
    const answerText = answer?.evidence ? closedSetText(text, answer.evidence).toLowerCase() : '';
    if (!reason && kind === 'classification' && answerText !== '' && !JUDGEMENT_CLASS.test(answerText)) {
      const defines = (span: Span, start: number) => {
        const sentence = sentenceStartingBefore(span.text, start);
        const name = LABEL_DEFINITION.exec(sentence)?.[1]?.toLowerCase();
        return name !== undefined && name.length > 1 && new RegExp(`\\b${name.replace(/-/g, '\\-')}\\b`).test(answerText);
      };
      const described = blockers.every((signal) => {
        const rule = ruleOf(signal);
        if (!rule) return false;
        if (signal.signal === 'domain.medical' && countMatches(rule, task) > 1) return false;
        return everyMatch(rule, spansOf(signal), defines);
      });
      if (described) reason = 'the domain words describe what falls under a label';
    }
  }
  // "Extract the parties, the start date and the fee as JSON from this contract": a legal or
  // financial word that only names the document the values come from asks for no judgement in
  // that domain, when the routine task's answer is closed (or is the whole statement) and no
  // sentence asks to assess, decide, advise or interpret. Medical words are never waived here.
  if (!reason && kind !== null && INPUT_KINDS.has(kind) && signals.some((signal) => CLOSED_OUTPUT.has(signal.signal) || signal.signal === 'task.whole')) {
    const namesInput = blockers.every((signal) => {
      const rule = BLOCKING_RULES.find((candidate) => candidate.signal === signal.signal);
      return signal.signal !== 'domain.medical' && rule !== undefined && everyMatch(rule, statement, (span, start) => INPUT_NOUN_BEFORE.test(span.text.slice(Math.max(0, start - 60), start)));
    });
    if (namesInput && !statement.some((span) => DOMAIN_JUDGEMENT_VERB.test(span.text))) reason = 'the domain word only names the document the values come from';
  }
  if (!reason) return;
  for (const signal of blockers) {
    signal.blocking = false;
    signal.weight = 0;
    signal.description = `${signal.description} — not counted: ${reason}`;
  }
}

/** A choice among the people or queues who handle a message, not among kinds of content. */
const STAFF_ROUTING = new RegExp(String.raw`\b${classNouns(['queue', 'team', 'department', 'desk', 'inbox', 'staff', 'mailbox'])}\b`, 'i');
/** The prompt says the model assesses nothing clinical: "Do not assess how serious …", "You are not a clinician". */
const NO_CLINICAL_ASSESSMENT = /\b(?:(?:do\s+not|don't|never)\s+(?:assess|diagnose|judge|evaluate|triage|interpret)\b|(?:you\s+are|you're)\s+not\s+a\s+(?:clinician|doctor|nurse|physician|medical\s+professional)\b|no\s+(?:clinical|medical)\s+(?:assessment|advice|judgement|judgment)\b)/i;

const ROUTINE_KINDS = new Set<TaskKind>(['classification', 'extraction', 'reformatting', 'summary']);
/** Tasks that copy values out of a document or rewrite its notation; a summary chooses what matters, so it is not one. */
const INPUT_KINDS = new Set<TaskKind>(['extraction', 'reformatting']);
/** A domain word right after a preposition and a determiner names the document worked on: "from this contract", "in the insurance claim". */
const INPUT_NOUN_BEFORE = /\b(?:from|in|of|on|within|out\s+of|across)\s+(?:the|this|that|these|those|each|every|a|an|our|your|their|its)\s+(?:[\w-]+\s+){0,2}$/i;
/** A verb that asks for a judgement in the domain: assess, decide, diagnose, advise, grade, review, approve, interpret. */
const DOMAIN_JUDGEMENT_VERB = /\b(?:assess|decid|determin|diagnos|advis|grad(?:e|ing)\b|review|approv|evaluat|judg|recommend|interpret|verify|check\s+(?:whether|if)|flag\s+(?:any|risky|unusual))/i;

/** A verb that sets part of the input aside just before a word: "Ignore legal disclaimers", "skip quoted replies". */
const SET_ASIDE = /\b(?:ignore|skip|exclude|disregard|leave\s+out|omit)\b[^.;:!?\n]{0,40}$/i;
/** A sentence that denies what it names: "Regulators, central banks and governments are not companies." */
const DENIED_AFTER = /^[^.;!?\n]{0,80}?\b(?:(?:is|are)\s+not|isn't|aren't)\b/i;

/** A sentence that defines a label: "Spam = ads, …", "`related` means same component …", "ok: …". */
const LABEL_DEFINITION = /^\s*(?:[-*•]\s+)?(?:\*\*|`|")?([A-Za-z][\w-]{0,30})(?:\*\*|`|")?\s*(?:=|:|—|\bmeans\b|\bis\s+for\b|\bcovers\b)/;

/** Where the last sentence of `text` starts: after its last `. `, `? `, `! ` or blank line, else 0. */
function lastSentenceStart(text: string): number {
  const end = Math.max(text.lastIndexOf('. '), text.lastIndexOf('? '), text.lastIndexOf('! '), text.lastIndexOf('\n\n'));
  return end === -1 ? 0 : end + 2;
}

/** The sentence of `text` that holds `index`, from its start up to `index`. */
function sentenceStartingBefore(text: string, index: number): string {
  return text.slice(lastSentenceStart(text.slice(0, index)), index + 1);
}

/** Calls `visit` on each match of `rule`'s patterns in `spans`; stops when it returns false. */
function forEachMatch(rule: SignalRule, spans: Span[], visit: (span: Span, start: number, end: number) => boolean): void {
  for (const span of spans) {
    for (const pattern of rule.patterns) {
      for (const match of nonEmptyMatches(pattern, span.text)) if (!visit(span, match.index, match.index + match[0].length)) return;
    }
  }
}

/** At least one match of `rule`, and `holds` for every one of them. */
function everyMatch(rule: SignalRule, spans: Span[], holds: (span: Span, start: number, end: number) => boolean): boolean {
  let seen = false;
  let all = true;
  forEachMatch(rule, spans, (span, start, end) => {
    seen = true;
    all = holds(span, start, end);
    return all;
  });
  return seen && all;
}

function countMatches(rule: SignalRule, spans: Span[]): number {
  let count = 0;
  forEachMatch(rule, spans, () => ++count > 0);
  return count;
}

/**
 * An instruction that ends in a colon with the block after it, when the structure read that block
 * as data ("give the level it maps to:⏎`c-level` (CEO, …) · `vp` (…) · …"): the values of a
 * closed set look like a record. Only the names can count (see `findValueSet`); the block's words
 * stay out of the statement.
 */
function valuesAfterColon(text: string, task: readonly StructureSpan[], all: readonly StructureSpan[]): Span[] {
  const spans: Span[] = [];
  for (const block of task) {
    const lead = text.slice(block.range.start, block.range.end);
    // Only a lead-in that names the classes ("the level it maps to:"): "Classify these tickets:"
    // followed by the tickets is data, not a value set.
    if (!/:\s*$/.test(lead) || !CLASS_LEAD.test(lead.slice(leadInStart(lead)))) continue;
    const next = all.find((candidate) => candidate.range.start >= block.range.end);
    if (!next || task.includes(next) || next.range.end - next.range.start > 600) continue;
    // A few lines of values, not a table of records.
    if (text.slice(next.range.start, next.range.end).trim().split('\n').length > 4) continue;
    spans.push({ offset: block.range.start, text: text.slice(block.range.start, next.range.end) });
  }
  return spans;
}

/** How many values a written set has: "a, b, c or d" is four, "x or y" two. */
function valueCount(setText: string): number {
  const separators = (setText.match(/[,·•|]/g) ?? []).length;
  return separators === 0 ? (/\bor\b/i.test(setText) ? 2 : 0) : separators + 1;
}

/**
 * The sentence of a closed-set signal and, when it ends in a colon ("one type from this list:"),
 * the paragraph after it that holds the values.
 */
function closedSetText(text: string, evidence: OffsetRange): string {
  const sentence = sentenceAt(text, evidence.start, evidence.end);
  const after = evidence.start + sentence.length;
  if (!/:\s*$/.test(sentence) && text[after] !== ':') return sentence;
  const rest = text.slice(after, Math.min(text.length, after + 1200));
  const paragraph = /^:?\s*\n?(?:[^\n]+\n?){1,12}/.exec(rest.replace(/^:?[ \t]*\n(?:[ \t]*\n)*/, ''));
  return `${sentence} ${paragraph ? paragraph[0] : ''}`;
}

/**
 * The sentence that starts at `start` and runs to the next `.`, `?`, `!` or line end, and at
 * least to `through` (a match that spans lines, such as a label list after its colon).
 */
function sentenceAt(text: string, start: number, through = start): string {
  let end = Math.max(start, Math.min(through, start + 2000, text.length));
  while (end < text.length && end - start < 2400 && !/[.?!\n]/.test(text[end])) end++;
  return text.slice(start, end);
}

/**
 * The blocks of `spans` that state the task: instruction prose, headings, labels and list items;
 * `null` when the structure reading found no block at all (the spans are then read as they are).
 */
function taskBlocks(text: string, spans: Span[], checkpoint?: () => void): { task: StructureSpan[]; tables: StructureSpan[]; all: StructureSpan[] } | null {
  const regions = spans.map((span) => ({ start: span.offset, end: span.offset + span.text.length }));
  const structure = readStructure(text, regions, [], checkpoint);
  if (structure.blocks.length === 0) return null;
  // Worked examples the structural reading kept as prose ("Review: …" / "Label: positive" pairs).
  const examples = exampleShapedBlocks(text, structure.blocks);
  // The prose inside an instruction tag (`<instructions>…</instructions>`) is the statement, and so
  // are the prose lines of a paragraph read as unfenced code ("Classify … one of: a, b." above
  // "a = …; b = …" definition lines).
  const tagged = structure.blocks.flatMap((block) => {
    if (block.kind === 'markup') {
      // The tag's body, then the lines outside it (one span per piece of text, never overlapping).
      const body = instructionTagBody(text, block);
      const lines = statementLines(text, block).filter((line) => body.every((span) => line.range.end <= span.range.start || line.range.start >= span.range.end));
      return [...body, ...lines];
    }
    return block.kind === 'code' && block.cause === 'unfenced code' ? statementLines(text, block) : [];
  });
  return {
    task: [...structure.blocks.filter((block) => TASK_KINDS.has(block.kind) && !examples.has(block)), ...tagged].sort((a, b) => a.range.start - b.range.start),
    tables: structure.blocks.filter((block) => block.kind === 'table'),
    all: structure.blocks,
  };
}

/** A tag named in prose: `<labels>`, `</label>`. */
const TAG_REFERENCE = /<\/?[A-Za-z_][\w-]{0,30}>/g;

/** Tags whose content is the prompt's own instructions, not material to work on. */
const INSTRUCTION_TAG = /^<(instructions?|task|rules|guidelines|format|output_format|output|role|system)>[ \t]*(?:\n|$)/i;

/**
 * The inner lines of a markup block that is one instruction tag, opening and closing on their own
 * lines (`<instructions>⏎Read the message …⏎</instructions>`), as an instruction span.
 */
function instructionTagBody(text: string, block: StructureSpan): StructureSpan[] {
  const own = text.slice(block.range.start, block.range.end);
  const open = INSTRUCTION_TAG.exec(own);
  if (!open) return [];
  const close = own.lastIndexOf(`</${open[1]}>`);
  const start = block.range.start + open[0].length;
  const end = block.range.start + (close === -1 ? own.length : close);
  const inner = text.slice(start, end);
  // Only prose: a tag that wraps code or a template stays markup. Prose may name other tags
  // ("Apply one label from the list in <labels>", "inside <label></label> tags").
  if (end - start < 10 || /[{}<>`]/.test(inner.replace(TAG_REFERENCE, ''))) return [];
  const lead = inner.length - inner.trimStart().length;
  return [{ kind: 'instruction', range: { start: start + lead, end: start + inner.trimEnd().length } }];
}

/** A one-line tag that holds a set of classes: `<categories>travel, meals, other</categories>`. */
const CLASS_TAG_LINE = new RegExp(String.raw`^[ \t]*<((?:allowed_|valid_)?${classNouns([...ANSWER_SET_NOUNS, 'option', 'value'])})>[^<>\n]{1,400}<\/\1>[ \t]*$`, 'i');

/** A line of prose: a capitalised sentence with no character only code has. */
const PROSE_LINE = /^[ \t]*[A-Z][a-z]+(?:\s+[\w'’,:-]+){3,}[.?!:]?[ \t]*$/;

/**
 * The lines of a block the model is meant to read as instructions, each as an instruction span:
 * prose lines (in a paragraph read as unfenced code, or right under a tag in an HTML block, such
 * as "Reply with a JSON array …"), and in markup a one-line class tag (`<categories>a, b, c</categories>`).
 */
function statementLines(text: string, block: StructureSpan): StructureSpan[] {
  const out: StructureSpan[] = [];
  let at = block.range.start;
  for (const line of text.slice(block.range.start, block.range.end).split('\n')) {
    const prose = PROSE_LINE.test(line) && !/[=;{}()<>[\]`$]/.test(line);
    if (prose || (block.kind === 'markup' && CLASS_TAG_LINE.test(line))) out.push({ kind: 'instruction', range: { start: at, end: at + line.length } });
    at += line.length + 1;
  }
  return out;
}

/** A lead-in that hands the model a template to fill: "return YAML:", "Respond in this format:". */
const TEMPLATE_LEAD = /\b(?:return|output|respond|reply|answer|format|fill|schema|fields?|following)\b/i;
/** A template line: a key with no value, a placeholder or a short type comment (`name:`, `"total": <number>`). */
const TEMPLATE_LINE = /^\s*(?:-\s+)?"?[\w -]{1,40}"?\s*:\s*(?:$|#|\[\]|\{\}|null|""|<[^<>\n]{1,40}>|\.\.\.|…|"<[^"\n]{1,40}>"|(?:string|number|integer|boolean)\b)/;

/** A heading that names the answer's shape: "## Output", "Output format", "Response schema". */
const OUTPUT_HEADING = /^#{1,6}\s+(?:the\s+)?(?:output|response|answer|result|return)(?:\s+(?:format|shape|schema|template))?\s*:?\s*$/i;
/** A line of a JSON object that starts with a quoted key: `"po_number": "",`. */
const JSON_KEY_LINE = /^\s*\{?\s*"[\w-]{1,40}"\s*:/;

/** A labelled placeholder inside one line: `**Owner:** …`, `Name: <name>`, `Date: [date]`. */
const INLINE_FIELD = /(?:\*\*|__)?\b[\w][\w ]{0,30}:(?:\*\*|__)?[ \t]*(?:…|\.\.\.|<[^<>\n]{1,40}>|\[[^[\]\n]{1,40}\])/g;

/**
 * A fenced block of three or more empty fields right after a lead-in that asks for the answer in
 * that shape: the output is a fixed schema of short fields, as narrow as a declared JSON schema.
 */
function findFieldTemplate(text: string, blocks: readonly StructureSpan[]): OffsetRange | null {
  for (let i = 1; i < blocks.length; i++) {
    const block = blocks[i];
    const lead = blocks[i - 1];
    // The lead-in asks for the answer in that shape ("return YAML:"), or is a heading that names
    // the answer ("## Output", "Response format").
    const heading = lead.kind === 'heading' && OUTPUT_HEADING.test(text.slice(lead.range.start, lead.range.end));
    if (!TASK_KINDS.has(lead.kind) || (!heading && !TEMPLATE_LEAD.test(leadSentence(text, lead.range)))) continue;
    // A list of keys, one per item: "- `customer_name` — as signed, or null".
    const keys = keyListAt(text, blocks, i);
    if (keys) return keys;
    // One line of labelled placeholders: "- **Decision:** … — **Owner:** …".
    const line = text.slice(block.range.start, Math.min(block.range.end, block.range.start + 300));
    if (!line.includes('\n') && (line.match(INLINE_FIELD) ?? []).length >= 2) return { start: block.range.start, end: block.range.end };
    if (block.kind !== 'code' && block.kind !== 'file-content' && block.kind !== 'example') continue;
    const lines = text.slice(block.range.start, block.range.end).split('\n').slice(1, -1).filter((line) => line.trim() !== '' && !/^\s*[{}[\]],?\s*$/.test(line));
    const fields = lines.filter((line) => TEMPLATE_LINE.test(line)).length;
    if (fields >= 3 && fields >= 0.8 * lines.length) return { start: block.range.start, end: block.range.end };
    // Under an output heading, a JSON skeleton is the answer's fields whatever its sample values.
    const keyed = lines.filter((line) => JSON_KEY_LINE.test(line)).length;
    if (heading && keyed >= 3 && keyed >= 0.6 * lines.length) return { start: block.range.start, end: block.range.end };
  }
  return null;
}

/** A list item that names one output key: "- `order_id` — …", "- customer_name: …", "- **Owner**: …". */
const KEY_ITEM = /^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+(?:`|"|\*\*)?[a-z_][\w.-]{0,40}(?:`|"|\*\*)?[ \t]*(?:\([^)\n]{0,30}\)[ \t]*)?(?::|—|–|=|[ \t]-[ \t]|$)/i;

/** Three or more list items from `blocks[i]` on, each naming a key: the answer's fields. */
function keyListAt(text: string, blocks: readonly StructureSpan[], i: number): OffsetRange | null {
  let j = i;
  while (j < blocks.length && blocks[j].kind === 'list-item' && KEY_ITEM.test(text.slice(blocks[j].range.start, blocks[j].range.end))) j++;
  return j - i >= 3 ? { start: blocks[i].range.start, end: blocks[j - 1].range.end } : null;
}

/**
 * Task blocks as spans to match in. Adjacent blocks stay one span, so negations and sentences
 * keep their context, while a data block between them ends a span, so a pattern never matches
 * across its edge. Inside a paragraph or a list item a line break is a soft wrap and reads as a
 * space ("Answer DUPLICATE if … (wrapped) … otherwise DISTINCT"); offsets are unchanged.
 */
function joinBlocks(text: string, blocks: readonly StructureSpan[]): Span[] {
  const out: Span[] = [];
  for (const block of blocks) {
    let own = text.slice(block.range.start, block.range.end);
    if (block.kind === 'instruction' || block.kind === 'list-item' || block.kind === 'checklist') own = own.replace(/\r?\n/g, (m) => ' '.repeat(m.length));
    const last = out[out.length - 1];
    const gap = last ? text.slice(last.offset + last.text.length, block.range.start) : '';
    if (last && gap.trim() === '') last.text += gap + own;
    else out.push({ offset: block.range.start, text: own });
  }
  return out;
}

/**
 * The last sentence of a block when the block ends in a colon (the sentence that leads into what
 * follows), else ''. Read from the last 300 characters only, so the check stays linear.
 */
function leadSentence(text: string, range: OffsetRange): string {
  const tail = text.slice(Math.max(range.start, range.end - 300), range.end).replace(/\s+/g, ' ').trim();
  if (!/:\s*(?:\*\*|__)?$/.test(tail)) return '';
  return tail.slice(lastSentenceStart(tail));
}

/** A list item that defines a label: "- page: …", "- **RAISED** — …", "- `bug` = …". */
const LABEL_ITEM = /^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+(?:\*\*|__|`|")?([A-Za-z][\w-]{0,30}(?:[ \t][\w-]{1,20}){0,2}?)(?:\*\*|__|`|")?[ \t]*(?::|—|–|=|→|->|[ \t]-[ \t])/;
/** A list item that is only a label name: "- EMAIL", "- `bug`". */
const BARE_LABEL_ITEM = /^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+(?:\*\*|__|`|")?([A-Za-z][\w-]{0,30})(?:\*\*|__|`|")?[ \t]*$/;
/**
 * The sentence that leads into a list and announces a choice among its items: "output one
 * label:", "Decide for each line what … should do with it:", "The categories are:". Only the
 * sentence that ends in the colon counts ("Map the fields like this:" announces no choice).
 */
const CHOICE_LEAD = new RegExp(String.raw`\b(?:one|which|what|whether|${classNouns([...without(ANSWER_SET_NOUNS, 'topic'), 'bucket', 'action'])})\b|\b(?:it|they|each\s+[\w-]+)\s+(?:belongs?|goes|go|fits?|should\s+go)\s+(?:to|in|into|under)\b`, 'i');
/** Bold or code markup around a header cell's word: `**Label**`, `` `label` ``. */
const CELL_MARKUP = '(?:\\*\\*|`)?';
/** A header cell that names the classes ("| Label | Use when |"), in the first column. */
const CLASS_HEADER_CELL = new RegExp(String.raw`^${CELL_MARKUP}${classNouns([...ANSWER_SET_NOUNS, 'value', 'code', 'bucket'])}${CELL_MARKUP}$`, 'i');
/**
 * In a later column only a noun that can name nothing but a class ("| prefix | bucket |" is a
 * lookup into buckets); "| field | type |" is a schema, so `type`, `value` and `code` do not count there.
 */
const CLASS_HEADER_LATER = new RegExp(String.raw`^${CELL_MARKUP}${classNouns([...without(ANSWER_SET_NOUNS, 'type'), 'bucket', 'department', 'desk'])}${CELL_MARKUP}$`, 'i');

/** The index of the table column whose header names the classes, or -1. */
function classColumn(header: string): number {
  const cells = header.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').map((cell) => cell.trim());
  if (CLASS_HEADER_CELL.test(cells[0] ?? '')) return 0;
  return cells.findIndex((cell, index) => index > 0 && CLASS_HEADER_LATER.test(cell));
}

interface LabelSet {
  /** The list items that define the labels (empty for a table, which is never part of the statement). */
  items: StructureSpan[];
  /** Each item cut down to its label name(s), as the statement keeps it. */
  cut: Map<StructureSpan, StructureSpan[]>;
  names: string[];
  evidence: OffsetRange;
  /** The set alone says the task is a choice (a list after "output one label:", a "| Label |" table). */
  implies: boolean;
}

/**
 * The first run of two or more list items that each define a label, right after a lead-in that
 * asks for one of them. A run after any other lead-in ("Return these fields:", "Rules:") is not a
 * choice, and stays part of the statement.
 */
function findLabelSet(text: string, blocks: readonly StructureSpan[], tables: readonly StructureSpan[], all: readonly StructureSpan[]): LabelSet | null {
  for (const table of tables) {
    const rows = text.slice(table.range.start, table.range.end).split('\n');
    if (rows.length < 4) continue;
    const column = classColumn(rows[0]);
    if (column === -1) continue;
    const names = rows
      .slice(2)
      .map((row) => (row.replace(/^\s*\|/, '').split('|')[column] ?? '').replace(/[`*_]/g, '').trim())
      .filter((name) => /^[\w-]{1,40}(?: [\w-]{1,20}){0,2}$/.test(name));
    if (names.length >= 2) return { items: [], cut: new Map(), names, evidence: { start: table.range.start, end: table.range.start + rows[0].length }, implies: true };
  }
  for (let i = 1; i < blocks.length; i++) {
    const lead = blocks[i - 1];
    if (!announcesChoice(text, lead)) continue;
    const items: StructureSpan[] = [];
    const names: string[] = [];
    const cut = new Map<StructureSpan, StructureSpan[]>();
    for (let j = i; j < blocks.length && (blocks[j].kind === 'list-item' || blocks[j].kind === 'checklist'); j++) {
      const gap = text.slice(blocks[j - 1].range.end, blocks[j].range.start);
      if (gap.trim() !== '') break;
      const own = text.slice(blocks[j].range.start, blocks[j].range.end);
      // A bare name ("- EMAIL") is a label too, between ones that carry a definition.
      const match = LABEL_ITEM.exec(own) ?? BARE_LABEL_ITEM.exec(own);
      if (!match) break;
      items.push(blocks[j]);
      names.push(match[1]);
      cut.set(blocks[j], [{ ...blocks[j], range: { start: blocks[j].range.start, end: blocks[j].range.start + match[0].length } }]);
    }
    if (items.length >= 2) return { items, cut, names, evidence: { start: items[0].range.start, end: items[0].range.end }, implies: true };
  }
  return findUnmarkedLabelSet(text, blocks, all);
}

/**
 * A block that announces a choice among the list items after it: a sentence ending in a colon
 * that names a choice ("output one label:"), a last sentence that asks for one class even with no
 * colon ("Pick the single queue that should own the ticket."), or a heading that names the classes
 * ("# Queues").
 */
function announcesChoice(text: string, lead: StructureSpan): boolean {
  if (lead.kind === 'heading') return CLASS_HEADING.test(text.slice(lead.range.start, lead.range.end));
  if (lead.kind !== 'instruction' && lead.kind !== 'label') return false;
  if (CHOICE_LEAD.test(leadSentence(text, lead.range))) return true;
  const tail = text.slice(Math.max(lead.range.start, lead.range.end - 300), lead.range.end).replace(/\s+/g, ' ').trim();
  const last = tail.slice(Math.max(tail.lastIndexOf('. ', tail.length - 2), tail.lastIndexOf('? ', tail.length - 2)) + 1);
  return ONE_OF.test(last);
}

/** A heading that names the classes: "# Queues", "## Allowed labels", "### Categories:". */
const CLASS_HEADING = new RegExp(String.raw`^#{1,6}[ \t]+(?:the[ \t]+)?(?:allowed[ \t]+|valid[ \t]+|possible[ \t]+|available[ \t]+)?${classNouns([...without(ANSWER_SET_NOUNS, 'type'), ...DESTINATION_NOUNS, 'inbox'], 'many')}[ \t]*:?[ \t]*$`, 'i');

/** A sentence that asks for one item of a given set: "into one category", "to one of these flows", "the single queue". */
const ONE_OF = new RegExp(String.raw`\b(?:one|exactly\s+one|(?:a|the)\s+single)\s+(?:of\b|(?:[\w-]+\s+)?${classNouns([...ANSWER_SET_NOUNS, 'flow', 'bucket', 'department', 'code', 'id', 'value', 'option'])}\b)`, 'i');

/**
 * Label definitions without list markers: a paragraph of "NAME — meaning" lines, or a table whose
 * first column holds one identifier per row (`CARD_ISSUE`), right after a sentence that asks for
 * one of a set ("Route the message to one of these flows."). The definitions describe the input;
 * the statement keeps only the names.
 */
function findUnmarkedLabelSet(text: string, blocks: readonly StructureSpan[], all: readonly StructureSpan[]): LabelSet | null {
  for (let i = 1; i < all.length; i++) {
    const lead = all[i - 1];
    if (lead.kind !== 'instruction' && lead.kind !== 'label' && lead.kind !== 'list-item') continue;
    if (!ONE_OF.test(text.slice(lead.range.start, lead.range.end))) continue;
    const block = all[i];
    if (block.kind === 'table') {
      const names = tableIdentifiers(text, block);
      if (names) return { items: [], cut: new Map(), names, evidence: { start: block.range.start, end: text.indexOf('\n', block.range.start) }, implies: false };
      continue;
    }
    if (block.kind !== 'instruction' || !blocks.includes(block)) continue;
    const lines = definitionLines(text, block);
    if (!lines) continue;
    const cut = new Map<StructureSpan, StructureSpan[]>([[block, lines.map((line) => ({ ...block, range: line.range }))]]);
    return { items: [block], cut, names: lines.map((line) => line.name), evidence: lines[0].range, implies: false };
  }
  return null;
}

/** The closed-set signal from label definitions or from an enum in the declared output. */
function closedSetSignal(labelSet: LabelSet | null, hints: TaskHints): TaskSignal | null {
  if (labelSet) {
    return { signal: 'output.enum', weight: 1.5, evidence: labelSet.evidence, description: `the answer is one of ${labelSet.names.length} labels defined in a ${labelSet.items.length > 0 ? 'list' : 'table'}` };
  }
  const values = hints.outputEnum ?? [];
  if (values.length >= 2) {
    return { signal: 'output.enum', weight: 1.5, evidence: null, description: `the declared output is an enum (${values.slice(0, 4).join(', ')}${values.length > 4 ? ', …' : ''})` };
  }
  return null;
}

function readableSpans(text: string, regions: readonly OffsetRange[] | undefined): Span[] {
  const ranges = regions && regions.length > 0 ? regions : [{ start: 0, end: text.length }];
  const spans: Span[] = [];
  for (const range of ranges) {
    const start = clamp(range.start, 0, text.length);
    const end = clamp(range.end, start, text.length);
    if (end - start <= HEAD_CHARS + TAIL_CHARS) {
      spans.push({ offset: start, text: text.slice(start, end) });
    } else {
      spans.push({ offset: start, text: text.slice(start, start + HEAD_CHARS) });
      spans.push({ offset: end - TAIL_CHARS, text: text.slice(end - TAIL_CHARS, end) });
    }
  }
  return spans;
}

/** The earliest match of any of the rule's patterns, skipping negated ones when the rule allows. */
function firstMatch(rule: SignalRule, spans: Span[]): OffsetRange | null {
  for (const span of spans) {
    let best: OffsetRange | null = null;
    for (const pattern of rule.patterns) {
      const found = matchIn(pattern, span, rule.negatable === true);
      if (found && (!best || found.start < best.start)) best = found;
    }
    if (best) return best;
  }
  return null;
}

function matchIn(pattern: RegExp, span: Span, negatable: boolean): OffsetRange | null {
  for (const match of nonEmptyMatches(pattern, span.text)) {
    if (negatable && isNegated(span.text, match.index)) continue;
    return { start: span.offset + match.index, end: span.offset + match.index + match[0].length };
  }
  return null;
}

/** Every non-empty match of `pattern` in `text`, left to right. */
function* nonEmptyMatches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  // A fresh global copy per call keeps the shared patterns free of `lastIndex` state.
  const regex = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    yield match;
  }
}

function isNegated(text: string, index: number): boolean {
  // A sentence may wrap across lines, but a blank line ends it.
  const blank = text.lastIndexOf('\n\n', index - 1);
  const paragraphStart = blank === -1 ? 0 : blank + 2;
  let before = text.slice(Math.max(paragraphStart, index - 64), index).replace(/\s+/g, ' ');
  // Only the current sentence counts: "No markdown. Summarize…" is not a negated summary.
  const sentenceEnd = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf(': '));
  if (sentenceEnd >= 0) before = before.slice(sentenceEnd + 2);
  // "and", "then" and "but" start a new clause: "spam or not spam and explain your choice" asks
  // for an explanation, while "do not summarize or rewrite" negates both verbs.
  const clause = /.*\b(?:and|then|but)\s/.exec(before);
  if (clause) before = before.slice(clause[0].length);
  return NEGATION_BEFORE.test(before);
}

function toSignal(rule: SignalRule, evidence: OffsetRange): TaskSignal {
  const signal: TaskSignal = { signal: rule.signal, weight: rule.weight, evidence, description: rule.description };
  if (rule.blocking) signal.blocking = true;
  return signal;
}

/** The strongest routine task named; an enum-shaped answer alone implies a classification. */
function primaryKind(
  kindRules: Array<{ rule: SignalRule; evidence: OffsetRange }>,
  impliedClassification: boolean,
): { kind: TaskKind; short: boolean } | null {
  let best: { rule: SignalRule; evidence: OffsetRange } | null = null;
  for (const candidate of kindRules) {
    if (!best || candidate.rule.weight > best.rule.weight || (candidate.rule.weight === best.rule.weight && candidate.evidence.start < best.evidence.start)) {
      best = candidate;
    }
  }
  if (best?.rule.kind) return { kind: best.rule.kind, short: best.rule.short === true };
  return impliedClassification ? { kind: 'classification', short: false } : null;
}

function blockKind(blockers: TaskSignal[]): TaskKind {
  const kinds = new Set<TaskKind>();
  for (const blocker of blockers) {
    const rule = BLOCKING_RULES.find((r) => r.signal === blocker.signal);
    if (rule?.blockKind) kinds.add(rule.blockKind);
  }
  return BLOCK_PRIORITY.find((kind) => kinds.has(kind)) ?? 'reasoning';
}

function addHintSignals(signals: TaskSignal[], hints: TaskHints): void {
  const max = hints.maxOutputTokens;
  if (typeof max === 'number' && Number.isFinite(max) && max > 0) {
    if (max <= 16) signals.push({ signal: 'hint.max-tokens', weight: 1.5, evidence: null, description: `output limited to ${max} tokens` });
    else if (max <= 128) signals.push({ signal: 'hint.max-tokens', weight: 1, evidence: null, description: `output limited to ${max} tokens` });
    else if (max <= 512) signals.push({ signal: 'hint.max-tokens', weight: 0.5, evidence: null, description: `output limited to ${max} tokens` });
    else if (max >= 2048) signals.push({ signal: 'hint.max-tokens', weight: -1.5, evidence: null, description: `long output allowed (${max} tokens)` });
  }
  if (hints.hasJsonSchema === true) {
    signals.push({ signal: 'hint.json-schema', weight: 1, evidence: null, description: 'output constrained by a JSON schema' });
  }
  // Enum values such as approve / reject make the answer a decision, wherever they are declared.
  const values = (hints.outputEnum ?? []).join(' ').replace(/_/g, ' ');
  const decision = BLOCKING_RULES.find((rule) => rule.signal === 'reasoning.judgement');
  if (decision && values && !signals.some((signal) => signal.signal === decision.signal) && decision.patterns.some((pattern) => pattern.test(values))) {
    signals.push({ signal: decision.signal, weight: decision.weight, blocking: true, evidence: null, description: `${decision.description} (the declared output is a decision: ${hints.outputEnum!.slice(0, 4).join(', ')})` });
  }
  if (hints.usesTools === true && !signals.some((signal) => signal.signal === 'task.agent')) {
    signals.push({ signal: 'task.agent', weight: -10, blocking: true, evidence: null, description: 'runs as an agent with tools (declared beside the prompt): decisions chain across calls' });
  }
}

/**
 * Few-shot structure: at least two complete examples of the same labelled pair of lines
 * (`Input:`/`Output:`, `Message:`/`Intent:`, `Q:`/`A:`) or two `<example>` blocks.
 */
function findFewShot(spans: Span[]): { count: number; evidence: OffsetRange } | null {
  for (const span of spans) {
    const tagged = [...span.text.matchAll(/<example>/gi)];
    if (tagged.length >= 2 && tagged[0].index !== undefined) {
      const start = span.offset + tagged[0].index;
      return { count: tagged.length, evidence: { start, end: start + tagged[0][0].length } };
    }
    // `input -> output` lines: at least two worked examples in arrow form.
    const arrows = [...span.text.matchAll(/^[^\n]{1,120}?\s(?:->|=>|→)\s[^\n]{1,120}$/gm)];
    if (arrows.length >= 2 && arrows[0].index !== undefined) {
      const start = span.offset + arrows[0].index;
      return { count: arrows.length, evidence: { start, end: start + arrows[0][0].length } };
    }
    const labels: Array<{ label: string; index: number; length: number }> = [];
    for (const match of span.text.matchAll(/^[ \t]*([A-Z][A-Za-z ]{0,20}?):/gm)) {
      if (match.index !== undefined) labels.push({ label: match[1].toLowerCase(), index: match.index, length: match[0].length });
    }
    // Count consecutive (first, second) label pairs; a pair seen twice or more is an example shape.
    const pairs = new Map<string, { count: number; index: number; length: number }>();
    for (let i = 0; i + 1 < labels.length; i++) {
      if (labels[i].label === labels[i + 1].label) continue;
      const key = `${labels[i].label}\u0000${labels[i + 1].label}`;
      const seen = pairs.get(key);
      if (seen) seen.count++;
      else pairs.set(key, { count: 1, index: labels[i].index, length: labels[i].length });
    }
    let best: { count: number; index: number; length: number } | null = null;
    for (const pair of pairs.values()) if (pair.count >= 3 && (!best || pair.count > best.count)) best = pair;
    // Three pairs: two complete examples plus the open one the model completes.
    if (best) {
      const start = span.offset + best.index;
      return { count: best.count - 1, evidence: { start, end: start + best.length } };
    }
  }
  return null;
}

function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return matches ? matches.length : 0;
}

function countListItems(spans: Span[]): number {
  let count = 0;
  for (const span of spans) count += (span.text.match(/^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S/gm) ?? []).length;
  return count;
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The analysis as hover lines: the verdict, then one line per signal with its weight and the text
 * it was found in (`+2  asks to classify or label the input ("Classify")`).
 */
export function explainTaskAnalysis(analysis: TaskAnalysis, text: string): string[] {
  const verdict = analysis.neededTier === 'frontier'
    ? `No cheaper tier suggested (task: ${analysis.taskKind}, score ${analysis.score}).`
    : `Task: ${analysis.taskKind}; a ${analysis.neededTier}-tier model looks adequate (score ${analysis.score}, confidence ${Math.round(analysis.confidence * 100)}%).`;
  const lines = [verdict];
  for (const signal of analysis.signals) {
    const weight = signal.blocking ? 'veto' : (signal.weight > 0 ? `+${signal.weight}` : `${signal.weight}`);
    let quote = '';
    if (signal.evidence) {
      const raw = text.slice(signal.evidence.start, signal.evidence.end).replace(/\s+/g, ' ');
      quote = ` ("${raw.length > 60 ? raw.slice(0, 57) + '...' : raw}")`;
    }
    lines.push(`${weight}  ${signal.description}${quote}`);
  }
  return lines;
}
