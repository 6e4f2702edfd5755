/**
 * model-tier weighs the task statement, not every word of the prompt (issue 12), and treats a
 * closed answer as strong evidence of routine work:
 * - label definitions (a list after "output one label:", a "| Label | Use when |" table) describe
 *   the input; their words neither veto nor ask for a task, except medical words;
 * - a sentence wrapped over several lines reads as one sentence;
 * - a closed answer set (labels defined in a list or a table, an enum in the declared output,
 *   "one type from this list") implies a classification, and lifts a legal or financial veto
 *   when the classes are no judgement;
 * - "do not judge …" negates a task-shape veto, never a domain one;
 * - tools declared beside the prompt, or "investigate and fix it", are never routine;
 * - a script named as the output's consumer is no code task.
 * Each row is a prompt (and hints) and the verdict `kind/tier` it must get.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTask, declaredOutputEnum, declaresToolUse, type TaskHints } from '../../server/src/core/rules/tier';

const verdict = (text: string, hints: TaskHints = {}) => {
  const a = analyzeTask(text, hints);
  return `${a.taskKind}/${a.neededTier}`;
};

type Row = [name: string, text: string, expected: string, hints?: TaskHints];

const ROWS: Row[] = [
  // An LLM-as-judge evaluator grades an answer: a judgement, even with a closed 1-5 answer.
  [
    'rating an answer\'s coherence on a 1-5 scale is a judgement',
    'You will be given a question and an answer. Your task is to rate the coherence of the answer.\nYou should return a single integer value between 1 to 5 representing the evaluation metric.\n\nquestion: {{question}}\nanswer: {{answer}}',
    'reasoning/frontier',
  ],
  [
    'deciding whether an answer is entailed by its context is a judgement',
    'Decide whether the ANSWER is entailed by the CONTEXT. Reply with one number from 1 to 5.\n\nCONTEXT: {{context}}\nANSWER: {{answer}}',
    'reasoning/frontier',
  ],
  // Label definitions are not the task statement.
  [
    'a code word inside a label definition does not veto',
    'Decide for each log line what the on-call rotation should do with it:\n\n- page: a customer-facing failure happening now\n- ticket: deprecation warnings from our own code, retries that succeed\n- ignore: health checks and debug output\n\nReturn one entry per line.',
    'classification/small',
  ],
  [
    'the same code word in the task sentence still vetoes',
    'Review our own code and decide for each line what to do with it:\n\n- page: failure now\n- ticket: can wait\n- ignore: noise\n',
    'code/frontier',
  ],
  [
    'a list after a lead-in that announces no choice stays part of the statement',
    'Follow these rules:\n\n- tone: keep it short\n- code: refactor this code before you answer\n\nClassify the ticket as one of: bug, billing, other.',
    'code/frontier',
  ],
  [
    'label names are still read: approve / reject is a decision',
    'Choose one of the following actions for the request:\n\n- approve: the request matches the policy\n- reject: anything else\n- escalate: unclear cases\n\nOne word.',
    'reasoning/frontier',
  ],
  [
    'an enum of decisions in the declared output vetoes',
    'Read the request and return the action.',
    'reasoning/frontier',
    { outputEnum: ['approve', 'reject', 'escalate'] },
  ],
  [
    'options for what the team should build are a decision, not labels',
    'Decide what the team should build next quarter:\n\n- option A: a new billing system\n- option B: a mobile app\n- option C: nothing\n\nReply with the option letter only.',
    'reasoning/frontier',
  ],
  [
    'labels for each pull request still mean reading code',
    'For each pull request, decide which action to take:\n\n- merge: tests pass and the diff is small\n- request_changes: the code has bugs\n- close: duplicate or stale\n\nReply with the action only.',
    'code/frontier',
  ],
  [
    'medical words in label definitions still veto',
    'For each message, output one label:\n\n- URGENT: the patient reports chest pain or bleeding\n- ROUTINE: prescription refills and appointments\n\nOne word only.',
    'medical/frontier',
  ],
  [
    'a label table is a closed set and its rows are not instructions',
    'You are labelling incoming issues for the repository.\n\n| Label | Use when |\n|---|---|\n| `bug` | a stack trace shows it used to work |\n| `feature` | a request for new behaviour |\n| `docs` | the README is wrong |\n\nOne line: the label, then at most eight words.',
    'classification/small',
  ],
  // Soft-wrapped sentences.
  [
    'a sentence wrapped over two lines is read as one',
    'Two questions from our forum follow. Answer DUPLICATE if they ask for the same thing\n(a single accepted answer would answer both), otherwise DISTINCT. One word only.',
    'classification/small',
  ],
  [
    'a route sentence wrapped inside a parenthesis still names the class',
    'Route a chatbot utterance (customers write in English, Spanish, Portuguese\nand Polish) to one intent. Reply with the intent name only.\n\ncard_lost · card_declined · balance · other',
    'classification/small',
  ],
  // Closed answer sets.
  [
    'an enum in the declared output implies a classification',
    'Decide for each line what should happen with it. Return {"decisions": [...]} with one entry per line.',
    'classification/small',
    { outputEnum: ['page', 'ticket', 'ignore'], hasJsonSchema: true },
  ],
  [
    'one type from a given list lifts the legal veto of the domain noun',
    'You tag contract clauses. For every numbered clause, give its number and one type from this list:\n\ntermination, indemnification, governing_law, payment_terms, other\n\nOne line per clause. Nothing else.',
    'classification/small',
  ],
  [
    'a closed set of judgement classes keeps the legal veto',
    'You tag contract clauses. For every clause give one label from this list:\n\nhigh_risk, medium risk, acceptable\n\nNothing else.',
    'legal/frontier',
  ],
  [
    'labels defined for financial sentences with no judgement lift the financial veto',
    'You are tagging sentences from earnings call transcripts.\n\nFor each sentence, output one label:\n\n- RAISED: guidance raised\n- LOWERED: guidance lowered\n- NONE: not about guidance\n\nReturn a JSON array. Do not judge whether the guidance is credible.',
    'classification/small',
  ],
  [
    'a fixed template of empty fields makes an extraction narrow',
    'Extract the following from the CV and return YAML:\n\n```yaml\nfull_name:\ncurrent_title:\nlocation:\nskills: []\n```\n',
    'extraction/small',
  ],
  [
    'one line of labelled placeholders after "Format:" is a fixed template',
    'Read the transcript and list every decision that was made.\n\nFormat:\n\n- **Decision:** … — **Owner:** …\n',
    'extraction/small',
  ],
  [
    'the same content in another notation is a reformatting',
    'Render the JSON array as a GitHub-flavoured Markdown table. Output only the table.',
    'reformatting/small',
  ],
  [
    'mapping each item to an id of a taxonomy is a classification',
    'Map each product title to the id of the best-fitting leaf category in our taxonomy. Return a JSON object. Nothing else.',
    'classification/small',
  ],
  [
    'listing every item that the input contains is an extraction',
    'Read the meeting transcript and list every decision that was made. Give each decision in one sentence. Nothing else.',
    'extraction/small',
  ],
  [
    'a question about the category with a choice list is a classification',
    'What category does this expense belong to? Choose from: travel, meals, software, hardware, other. Reply with the category.',
    'classification/small',
  ],
  [
    'pulling fields from the input is an extraction; summarising a pull request is not',
    'Pull the order number, the customer name and the total from the email below and return them as JSON.',
    'extraction/small',
  ],
  [
    'a pull request is no extraction',
    'Summarise the pull request from the diff below and suggest improvements.',
    'summary/frontier',
  ],
  // Negation.
  [
    'a negated judgement is no judgement',
    'Label each review as positive, negative or neutral. Do not judge whether the review is fair. One word.',
    'classification/small',
  ],
  [
    'a negated domain word still vetoes',
    'Summarize the message in one sentence. Never give investment advice.',
    'financial/frontier',
  ],
  // Changing things, tools, and code named as a destination.
  [
    'investigating and fixing is never routine, even with a classify step',
    'CI has been failing since this morning. Investigate and fix it. Classify the failure first and summarize what you changed.',
    'code/frontier',
  ],
  [
    'tools declared beside the prompt veto a hint',
    'Classify the ticket as one of: bug, billing, other. One word.',
    'agent/frontier',
    { usesTools: true },
  ],
  [
    'picking a tool from a list is an agent step, not a classification',
    'Pick one tool from this list and call it:\n\n- search: look up docs\n- edit: change the code\n- run: run the tests\n',
    'agent/frontier',
  ],
  [
    'a script named as the consumer of the output is no code task',
    'Reformat the export as a JSON array for our migration script. Output valid JSON only.',
    'reformatting/small',
  ],
  [
    'working on a script is a code task',
    'Reformat our migration script and convert it to JSON. Output valid JSON only.',
    'code/frontier',
  ],
  [
    'a rule about how to count a stack trace in the input is no debugging',
    'Classify each log line as page, ticket or ignore. A stack trace that spans several lines counts once. One word per line.',
    'classification/small',
  ],
  [
    'explaining a stack trace is debugging',
    'Explain the stack trace below and classify it as one of: bug, config, other.',
    'code/frontier',
  ],
  [
    'a reformatting verb whose result is a new document stays writing',
    'Convert the meeting notes into a blog post. Output only the post.',
    'creative/frontier',
  ],
];

describe('model-tier reads the task statement and weighs a closed answer', () => {
  for (const [name, text, expected, hints] of ROWS) {
    it(name, () => assert.equal(verdict(text, hints), expected));
  }
});

describe('output and tools declared beside the prompt', () => {
  it('declaredOutputEnum reads Picoschema and JSON-schema enums at any depth', () => {
    assert.deepEqual(declaredOutputEnum({ output: { format: 'json', schema: { 'team(enum)': ['identity', 'network'] } } }), ['identity', 'network']);
    assert.deepEqual(declaredOutputEnum({ output: { schema: { 'decisions(array)': { line: 'integer', 'action(enum)': ['page', 'ticket', 'ignore'] } } } }), ['page', 'ticket', 'ignore']);
    assert.deepEqual(declaredOutputEnum({ outputs: { label: { type: 'string', enum: ['a', 'b'] } } }), ['a', 'b']);
    assert.deepEqual(declaredOutputEnum({ output: { format: 'json' } }), []);
    assert.deepEqual(declaredOutputEnum({ input: { 'team(enum)': ['x', 'y'] } }), [], 'an input enum says nothing about the answer');
    assert.deepEqual(declaredOutputEnum(null), []);
  });
  it('declaresToolUse: a tools list or agent mode, not an empty list', () => {
    const rows: Array<[unknown, boolean]> = [
      [{ tools: ['codebase', 'terminal'] }, true],
      [{ mode: 'agent' }, true],
      [{ agent: 'agent' }, true],
      [{ tools: [] }, false],
      [{ mode: 'ask' }, false],
      [{ agent: 'ask' }, false],
      ['tools', false],
    ];
    for (const [frontMatter, expected] of rows) assert.equal(declaresToolUse(frontMatter), expected, JSON.stringify(frontMatter));
  });
  it('the hover says why an enum counted', () => {
    const analysis = analyzeTask('Decide what should happen with the line.', { outputEnum: ['page', 'ticket', 'ignore'] });
    assert.ok(analysis.signals.some((s) => s.signal === 'output.enum' && /enum \(page, ticket, ignore\)/.test(s.description)));
  });
});
