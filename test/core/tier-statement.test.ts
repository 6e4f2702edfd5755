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
import { analyzeTask, declaredOutputEnum, declaresToolUse, modelTierDiagnostics, type TaskHints } from '../../server/src/core/rules/tier';
import { definitionLines, exampleShapedBlocks, findTaskClauses, findValueSet, tableIdentifiers } from '../../server/src/core/rules/tier/statement';

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

/**
 * Session 5: the grammar of the statement, not a list of phrasings. Each mechanism has rows that
 * must fire and rows that must not:
 * - the head verb of an instruction sentence (after "From the excerpt,", "You", "Your task is to")
 *   names the task when no phrasing did, but only with a closed answer (values, fields, a length
 *   cap, a small limit); a rewrite only when the content is kept; a second verb that writes or
 *   acts in the same sentence cancels it;
 * - a complement that is itself the closed answer ("into ERROR, WARN and INFO", "the language");
 * - values after a colon, in the sentence or as the next paragraph, when the lead-in ties them to
 *   the answer;
 * - label definitions without bullets ("CONNECTION — …") and tables of identifiers after a
 *   "one of these …" sentence; bare label names in a list ("- EMAIL");
 * - worked examples the structure kept as prose ("Review: …" / "Label: …" pairs, "For example …");
 * - length caps anywhere make a summary short; named fields, key lists and inline table headers
 *   are fields to fill, and fields with no task verb and nothing to create imply an extraction.
 */
const GRAMMAR_ROWS: Row[] = [
  // Head verbs.
  ['a head verb after a source phrase, with a closed answer', 'From the order confirmation, copy out the order number and the delivery date. Return JSON with the keys order_number, delivery_date and carrier.\n\n{{email}}', 'extraction/small'],
  ['a head verb after "Your task is to"', 'Your task is to pull the order number out of the email. Reply with the number only.\n\n{{email}}', 'extraction/small'],
  ['a head verb with no closed answer does not count', 'Copy out the key ideas of the essay.\n\n{{essay}}', 'unknown/frontier'],
  ['a rewrite that keeps the content is a reformatting', 'Rewrite the ingredient list with metric units. Keep the order and the item names unchanged. One item per line.\n\n{{list}}', 'reformatting/small'],
  ['a rewrite that does not keep the content is no reformatting', 'Rewrite this paragraph with simpler words. One paragraph.\n\n{{paragraph}}', 'unknown/frontier'],
  ['a negated head verb is no task', 'Do not extract anything from the data. Use at most 3 lines.\n\n{{data}}', 'unknown/frontier'],
  ['a routine verb followed by acting in the same sentence is not the task', 'Route the customer to the right specialist and resolve their issue in the chat. Return JSON with the keys specialist, resolution and follow_up.', 'unknown/frontier'],
  ['a phrasing followed by writing gets a penalty', 'Label each slide with a title and write speaker notes for it. Return JSON.\n\n{{slides}}', 'classification/frontier'],
  // Closed complements.
  ['sorting into named classes', 'Sort the following log lines into ERROR, WARN and INFO.\n\n{{lines}}', 'classification/small'],
  ['deciding among named alternatives', 'Decide if the message is a complaint, a question or praise. Reply with the word only.\n\n{{message}}', 'classification/small'],
  ['quality grades as alternatives are a judgement', 'Decide whether the essay is excellent, good or poor. Answer with one word.\n\n{{essay}}', 'reasoning/frontier'],
  ['the language of a text is a closed answer by nature', 'Detect the language of the review. Answer with the ISO code.\n\n{{review}}', 'classification/small'],
  ['a type with no set given is not a closed answer', 'Identify the communication type from the request, then follow the matching guide.', 'unknown/frontier'],
  ['returning the type of something is no classification', 'Return the type of each variable in the snippet. One per line.\n\n{{snippet}}', 'unknown/frontier'],
  // Value sets after a colon.
  ['values after "Allowed types:" in the same sentence', 'Label a git commit with its Conventional Commits type. Allowed types: feat, fix, docs, style,\nrefactor, perf, test. Answer with the type only.\n\n{{message}}', 'classification/small'],
  ['values as the paragraph after the colon lift a word in a usage note', 'Tag the article with 1-3 tags from this fixed list:\n\npolitics, economy, markets, sport\n\nUse `markets` only for stock and bond news.\n\n{{article}}', 'classification/small'],
  ['values after a colon that names no answer are content', 'Write three taglines, each stressing a different benefit: speed, price, support.', 'unknown/frontier'],
  ['sections of an answer are not alternatives', 'Read the incident log and return these sections: overview, impact, timeline.\n\n{{log}}', 'unknown/frontier'],
  // Label definitions without bullets, identifier tables, bare label names.
  ['definition lines after "into one category" are not the statement', 'Put this database error into one category.\n\nCONNECTION — host unreachable\nAUTH — permission denied\nCONSTRAINT — unique or foreign key violations\nOTHER — anything else\n\nError:\n```\n{{error}}\n```', 'classification/small'],
  ['identifier definition lines are cut to their names', 'Put the ticket into one category.\n\nBUG — the user asks us to debug this code\nBILLING — invoices\nOTHER — anything else\n\n{{ticket}}', 'classification/small'],
  ['definition lines with prose names stay part of the statement', 'Put the ticket into one category.\n\nBug report — the user asks us to debug this code\nBilling question — invoices\nAnything else — other\n\n{{ticket}}', 'code/frontier'],
  ['a table of identifiers after "one of these flows"', "Route the customer's message to one of these flows. Output only the flow id.\n\n| flow id | when |\n|---|---|\n| CARD_ISSUE | card declined |\n| LOANS | loans, mortgage questions |\n| HUMAN | complaints, fraud in progress |\n\n{{message}}", 'classification/small'],
  ['a table of identifiers after a sentence that asks for no choice', 'Here are the commands of our tool.\n\n| cmd | what |\n|---|---|\n| build | builds |\n| test | tests |\n| lint | lints |\n', 'unknown/frontier'],
  ['bare label names in a list after "one of:"', 'Find every span of personal data in the text and return a JSON array.\n\nTYPE is one of:\n- PERSON — a name\n- EMAIL\n- PHONE\n- ID_NUMBER — passport, national insurance or card numbers\n\nOutput the array only.\n\n{{text}}', 'extraction/small'],
  // Worked examples kept as prose.
  ['words inside labelled example pairs are not the statement', 'You label app-store reviews by sentiment. Answer with one word: positive, negative, mixed or neutral.\n\nReview: "Love it."\nLabel: positive\n\nReview: "They moved the settings again, why"\nLabel: mixed\n\nReview: "{{review}}"\nLabel:', 'classification/small'],
  ['the same word in the instruction still counts', 'You label app-store reviews by sentiment and say why. Answer with one word: positive, negative, mixed or neutral.\n\n{{review}}', 'classification/medium'],
  ['a "For example" paragraph is an example', 'Classify the log line as one of: db, network, other.\n\nFor example `duplicate key violates unique constraint` is db.\n\n{{line}}', 'classification/small'],
  // Length caps and fields.
  ['a count with an adjective is a length cap', 'Summarise the changelog in two plain sentences.\n\n{{changelog}}', 'summary/small'],
  ['condensing into a few bullets is a short summary', 'Condense the meeting notes into 3 bullet points.\n\n{{notes}}', 'summary/small'],
  ['an N-word summary is a short summary', 'Write a 20-word summary of the abstract.\n\n{{abstract}}', 'summary/small'],
  ['a long summary stays writing', 'Write a 1,500-word summary of the quarter for the board.\n\n{{notes}}', 'creative/frontier'],
  ['table columns are fields; copying as written lifts the medical veto', 'From the discharge summary, list every medication. Output a Markdown table with columns: Medication | Dose | Route. Copy names and doses exactly as written.\n\n{{summary}}', 'extraction/small'],
  ['the same extraction without copying as written stays medical', 'From the discharge summary, list every medication. Output a Markdown table with columns: Medication | Dose | Route.\n\n{{summary}}', 'medical/frontier'],
  ['a list of keys to fill from the input implies an extraction', 'You will receive a support ticket.\n\nReturn a JSON object with these keys:\n- `customer_name` — as signed, or null\n- `order_id` — the order number, or null\n- `product` — as written\n\n{{ticket}}', 'extraction/small'],
  ['a list of keys for something to create is no extraction', 'Write a launch announcement for the feature.\n\nReturn a JSON object with these keys:\n- `title` — a headline\n- `body` — the announcement\n- `cta` — a call to action\n\n{{feature}}', 'creative/frontier'],
  ['keys to fill after a creating verb imply no extraction', 'Invent a mascot for the brand.\n\nReturn a JSON object with these keys:\n- `name` — the mascot name\n- `animal` — its species\n- `motto` — a short motto\n\n{{brand}}', 'unknown/frontier'],
  ['an inline table header is fields to fill', 'For every email in the thread, capture the sender and the date it was sent as a two-column table: Sender | Date.\n\n{{thread}}', 'extraction/small'],
  // Question forms, choices by number, summary nouns, record fields, corrections.
  ['the question form of a classification', 'What kind of request is this: a bug report, a feature request, or a question? Answer with one of those three phrases.\n\n{{issue}}', 'classification/small'],
  ['a choice among numbered entries', "Here are our FAQ entries, numbered. Return the number of the entry that answers the user's question, or 0 if none does.\n\n{{faq}}", 'classification/small'],
  ['the gist in one sentence is a short summary', 'Give me the gist of this article in one sentence.\n\n{{article}}', 'summary/small'],
  ['the fields of each record after a colon', 'Turn each line of the receipt into a CSV row: item, quantity, unit_price. No header.\n\n{{receipt}}', 'reformatting/small'],
  ['get … from the input with a closed answer', 'Get the name, email and phone number of the sender from the signature. JSON only.\n\n{{email}}', 'extraction/small'],
  ['a correction that keeps the content is a reformatting', 'Fix the JSON below so that it parses. Do not change any keys or values. Output the JSON only.\n\n{{json}}', 'reformatting/small'],
  ['a fix that keeps nothing is no reformatting', 'Fix the wording of the email so it sounds friendlier. Output the email only.\n\n{{email}}', 'unknown/frontier'],
  // Instruction tags, preamble verbs, output headings, coordinated items.
  ['the prose inside an <instructions> tag is the statement; "read … and pick" names the task', '<instructions>\nRead the customer message and pick the team that should own it.\n</instructions>\n\n<teams>\nidentity: login, SSO\nbilling: invoices, refunds\nother: anything else\n</teams>\n\n<format>Reply with the team name only.</format>\n\n<message>\n{{message}}\n</message>', 'classification/small', { maxOutputTokens: 20 }],
  ['picking something that is not a class is no classification', 'Read the proposals and pick the one you would fund. Reply with its title only.', 'unknown/frontier', { maxOutputTokens: 20 }],
  ['a JSON skeleton under an output heading is fields; "Your job:" leads into the verb', '## Task\nThe selection is a scanned purchase order. Your job: get the order number, the supplier, the order date and every line item.\n\n## Output\n```json\n{\n  "po_number": "",\n  "supplier": "",\n  "order_date": "YYYY-MM-DD",\n  "lines": []\n}\n```\n\n{{po}}', 'extraction/small'],
  ['a JSON sample under a heading that names no answer is no template', '## Example\n```json\n{\n  "po_number": "",\n  "supplier": "",\n  "order_date": "YYYY-MM-DD"\n}\n```\n\nGet the order number, the supplier and the date.', 'unknown/frontier'],
  ['merging duplicates is a reformatting', 'Merge duplicate contacts in the list below. Keep the original order of first appearance.\n\n{{contacts}}', 'reformatting/small'],
  ['merging documents is not', 'Merge the two drafts into one. Keep the original order of sections.\n\n{{drafts}}', 'unknown/frontier'],
  ['splitting into sentences is an extraction; "one sentence per line" is no length cap', 'Split the text into sentences. Output one sentence per line, exactly as written.\n\n{{text}}', 'extraction/small'],
  // Substitutions, booleans, code as the target.
  ['replacing every X with a token while changing nothing else is a reformatting', 'You are a redaction filter. Replace every person name with [NAME] and every phone number with [PHONE]. Change nothing else.\n\n{{text}}', 'reformatting/small'],
  ['replacing one part with new writing is not', 'Replace the introduction with a catchier one. Change nothing else.\n\n{{post}}', 'unknown/frontier'],
  ['a true|false field is a closed answer', 'Return {"is_question": true|false} for the message below.\n\n{{message}}', 'classification/small'],
  ['turning a description into a regular expression is code', 'Turn the description into a regular expression. Output the regex only.\n\n{{description}}', 'code/frontier'],
  // Prose lines of a paragraph the structure reads as unfenced code.
  ['the prose line above "a = …; b = …" definitions is the statement', 'Classify the bug report as one of: critical, major, minor, trivial.\ncritical = data loss or outage; major = core feature unusable;\ntrivial = cosmetic. Reply with the label only.\n\n{{report}}', 'classification/small'],
  ['code lines of an unfenced snippet stay code', 'const label = classify(report);\nreturn label;\nexport default label;', 'unknown/frontier'],
  // One-line tags and prose lines inside an HTML block.
  ['prose in an <instructions> tag may name other tags ("from the list in <labels>", "inside <label></label> tags")', '<instructions>\nYou will be given a GitHub issue. Apply exactly one label from the list in <labels>.\nRespond with the label name inside <label></label> tags and nothing else.\n</instructions>\n\n<labels>\nbug: something that used to work does not\nenhancement: a request for new behaviour\ndocs: missing or wrong documentation\nquestion: the reporter needs help\n</labels>\n\n<issue>\n{{issue}}\n</issue>', 'classification/small'],
  ['an <instructions> tag whose body compares with < is not read as prose', '<instructions>\nIf a < b then return the label, else write a function that returns b.\n</instructions>', 'unknown/frontier'],
  ['a one-line tag named for the classes is a value set; the prose line after it is statement', '<task>\nAssign each expense line to a category.\n</task>\n<categories>travel, meals, software, hardware, other</categories>\nReply with a JSON array of category names in the same order as the lines.\n\n{{lines}}', 'classification/small'],
  ['a one-line tag named for something else is no value set', '<task>\nAssign each expense line to a category.\n</task>\n<notes>travel, meals, software, hardware, other</notes>\n\n{{lines}}', 'classification/frontier'],
  ["placing a person by their CV is a people decision, however closed", "Read the candidate's CV and pick the team they should join: platform, data, mobile. Reply with the team only.", 'reasoning/frontier'],
  ['a decision among options in a tag is still a decision', '<instructions>\nRead the application and pick one decision.\n</instructions>\n<options>approve, decline, refer</options>', 'reasoning/frontier'],
  ['fields of a message to write get no hint (the head verb does not count; the fields alone stay below the threshold)', 'From the CRM record, fill in the fields subject, greeting and body of a renewal email to the customer.\n\n{{record}}', 'extraction/frontier'],
  ['fields to copy from the input are an extraction', 'You receive a job posting. Fill in the fields title, company, location, salary_range and remote (true/false). Use null for anything not stated.\n\n{{posting}}', 'extraction/small'],
  ['a catchy translation is copywriting', 'Translate the slogan into German, making it catchy and culturally adapted; offer three options.\n\n{{slogan}}', 'creative/frontier'],
];

describe('model-tier reads the grammar of the statement (session 5)', () => {
  for (const [name, text, expected, hints] of GRAMMAR_ROWS) {
    it(name, () => assert.equal(verdict(text, hints), expected));
  }
  it('length caps: counts of short units are caps, "one sentence per line" is not', () => {
    const capped = (text: string) => analyzeTask(text).signals.some((signal) => signal.signal === 'output.length-limit');
    assert.equal(capped('Summarise it in two plain sentences.'), true);
    assert.equal(capped('Condense the notes into 3 bullet points.'), true);
    assert.equal(capped('Write a 20-word summary.'), true);
    assert.equal(capped('Output one sentence per line.'), false);
    assert.equal(capped('Answer with one word.'), false, 'a one-word answer is counted as such, not twice');
  });
  it('a declared schema of fields with a split verb is an extraction', () => {
    assert.equal(verdict('Split the free-text shipping address into the fields of the output schema.\n\n{{raw}}', { hasJsonSchema: true }), 'extraction/small');
    // Session 6: a routine clause that is the whole statement is evidence of its own.
    assert.equal(verdict('Split the free-text shipping address into the fields of the output schema.\n\n{{raw}}'), 'extraction/small', 'the split is the only instruction');
    assert.equal(verdict('Split the free-text shipping address into the fields of the output schema. Write a note on anything unclear.\n\n{{raw}}'), 'unknown/frontier', 'without the schema, a second instruction that writes leaves the split open');
  });
});

/** Session 5, after blind4: the shape of the demanded output, and where a domain word stands. */
const SHAPE_ROWS: Row[] = [
  // Text turned into something a machine runs is code generation, never reformatting.
  ['a question converted into a database query is code', "Convert the user's question into one MySQL query over the tables below. Return the SQL only.\n\n{{question}}", 'code/frontier'],
  ['a request turned into a shell command is code', 'Turn the request into a single shell command and nothing else.\n\n{{request}}', 'code/frontier'],
  ['a notation conversion that names a code is not', 'Convert each country name into its ISO code. One per line, nothing else.\n\n{{countries}}', 'reformatting/small'],
  // Negation reaches a verb joined by "or".
  ['"do not comment or try to debug it" negates debugging', 'Mask every email address in the log with ***. Keep every other character exactly as it is. Do not comment on the log or try to debug it.\n\n{{log}}', 'reformatting/small'],
  ['debugging asked for after a mask still vetoes', 'Mask every email address in the log with ***, then debug the error it shows.\n\n{{log}}', 'code/frontier'],
  // Keeping the content, and a bare answer.
  ['"keep key order" and "do not rename keys" keep the content', 'Convert the JSON below to YAML. Keep key order and do not rename keys.\n\n{{json}}', 'reformatting/small'],
  ['"nothing before or after it" is a bare answer', 'Convert the CSV below to a Markdown table. Reply with the table and nothing before or after it.\n\n{{csv}}', 'reformatting/small'],
  ['a conversion with nothing that keeps or closes the answer stays below the threshold', 'Convert the CSV below to a Markdown table for our wiki page, with a friendly intro.\n\n{{csv}}', 'reformatting/frontier'],
  // A domain named only in input the prompt sets aside.
  ['"Ignore legal disclaimers" in an extraction does not veto', 'From the email signature, pull out the contact details as JSON with the keys name, title, phone and email. Ignore legal disclaimers and quoted replies.\n\n{{signature}}', 'extraction/small'],
  // Session 6: "From the contract," names the document; the row now asks for a legal item itself.
  ['a domain word outside what is set aside still vetoes', 'From the contract, pull out the liability caps as JSON with the keys party and cap. Ignore the signature block.\n\n{{contract}}', 'legal/frontier'],
  ['"X are not Y" sets X aside', 'List the companies named in the headline as a JSON array of names. Regulators and governments are not companies.\n\n{{headline}}', 'extraction/small'],
  // A sentence that defines one of the answer's labels.
  ['labels quoted as code; a label defined in a sentence does not veto', 'Is this comment spam? Answer `spam` or `ok` only.\nSpam = ads, loan offers and investment pitches.\n\n{{comment}}', 'classification/small'],
  ['a domain word in a sentence that defines no label still vetoes', 'Is this comment spam? Answer `spam` or `ok` only. Treat anything about investment returns with care.\n\n{{comment}}', 'financial/frontier'],
  ['one medical word in a label definition does not veto', 'Do these two crash reports describe the same problem? Answer with one word: `duplicate`, `related` or `different`. `related` means same module but a different symptom.\n\n{{a}}\n\n{{b}}', 'classification/small'],
  ['a triage with defined labels stays vetoed', 'Classify the message as `urgent` or `routine` only. `urgent` means symptoms that need a nurse today.\n\n{{message}}', 'medical/frontier'],
  // A closed set the structure read as data, its values explained in parentheses.
  ['values after a colon, explained in parentheses, are a closed set', 'For each job title, give the level it maps to:\n\n`exec` (CEO, CFO, founder) · `director` (VP, head of) · `staff` (engineer, analyst)\n\nOne per line, as `title → level`.\n\n{{titles}}', 'classification/small'],
  ['records after a colon that names no class are data, not a value set', 'Write a short welcome note for each of these customers:\n\n`Anna` (Berlin) · `Bob` (Oslo) · `Carl` (Rome)\n\n{{profiles}}', 'unknown/frontier'],
  // Compound labels are named by their head.
  ['a compound topic label such as acceptable-use is no judgement', 'Tag each clause of the policy with one topic from this list: privacy, payment, acceptable-use, other. Reply with the topic only.\n\n{{policy}}', 'classification/small'],
  ['a compound risk label is a judgement', 'Tag each clause of the contract with one label from this list: high-risk, medium-risk, low-risk. Reply with the label only.\n\n{{contract}}', 'legal/frontier'],
  // A recap under a length cap.
  ['a capped recap that adds nothing is a short summary', "Write a recap of the call transcript as **exactly three bullet points**, each under 20 words. Don't add anything that was not said.\n\n{{transcript}}", 'summary/small'],
  // Medical content routed to the people who handle it.
  ['routing patient messages to staff queues, with no clinical assessment, is routing', 'Messages from the patient portal go to a staff queue. Pick one of these queues:\n\n- appointments: booking or cancelling a visit\n- billing: invoices and insurance forms\n- clinician: anything about symptoms\n\nYou are not a clinician: do not assess the symptoms. Answer with the queue name only.\n\n{{message}}', 'classification/small'],
  ['the same routing without ruling out an assessment stays vetoed', 'Messages from the patient portal go to a staff queue. Pick one of these queues:\n\n- appointments: booking or cancelling a visit\n- billing: invoices and insurance forms\n- clinician: anything about symptoms\n\nAnswer with the queue name only.\n\n{{message}}', 'medical/frontier'],
  ['routing by urgency stays vetoed whatever the disclaimer', 'Patient messages go to a staff queue. Pick one of these queues:\n\n- emergency: needs care now\n- urgent: today\n- routine: this week\n\nDo not diagnose. Answer with the queue name only.\n\n{{message}}', 'medical/frontier'],
];

describe('model-tier reads the shape of the answer and where a domain word stands (session 5, after blind4)', () => {
  for (const [name, text, expected, hints] of SHAPE_ROWS) {
    it(name, () => assert.equal(verdict(text, hints), expected));
  }
});

describe('the statement readers', () => {
  const spans = (text: string) => [{ offset: 0, text }];
  it('findTaskClauses finds the head verb after lead-ins, never a verb elsewhere or a negated one', () => {
    const rows: Array<[string, string | null]> = [
      ['From the agreement excerpt, copy out the parties.', 'extraction:copy'],
      ['You label app-store reviews by sentiment.', 'classification:label'],
      ['Your task is to extract the dates.', 'extraction:extract'],
      ['- Redact every phone number.', 'reformatting:redact'],
      ['Please summarise the thread.', 'summary:summarise'],
      ['Do not summarise the thread.', null],
      ['The tags you extract go into the report.', null],
      ['List the steps to deploy the service.', null],
      ['Put a plan together for the launch.', null],
    ];
    for (const [text, expected] of rows) {
      const [clause] = findTaskClauses(spans(text));
      assert.equal(clause ? `${clause.kind}:${clause.verb}` : null, expected, text);
    }
    const [clause] = findTaskClauses([{ offset: 10, text: 'From the excerpt, copy out the parties.' }]);
    assert.deepEqual(clause.evidence, { start: 28, end: 32 }, 'the evidence is the verb, in document offsets');
  });
  it('findValueSet needs a lead-in that names a class or the answer', () => {
    assert.deepEqual(findValueSet(spans('Allowed types: feat, fix, docs.'))?.names, ['feat', 'fix', 'docs']);
    assert.deepEqual(findValueSet(spans('Tag it from this list:\n\npolitics, economy, sport'))?.names, ['politics', 'economy', 'sport']);
    assert.equal(findValueSet(spans('Each stressing a different benefit: speed, price, support.')), null);
    assert.equal(findValueSet(spans('Allowed types: two of them, then more words here.')), null, 'prose is no value');
  });
  it('definitionLines and tableIdentifiers read identifiers only', () => {
    const block = (text: string) => ({ kind: 'instruction' as const, range: { start: 0, end: text.length } });
    const lines = 'CONNECTION — refused\nAUTH — denied\nOTHER — anything else';
    assert.deepEqual(definitionLines(lines, block(lines))?.map((line) => line.name), ['CONNECTION', 'AUTH', 'OTHER']);
    const prose = 'Note: back up first\nAlso: it is slow\nThen: restart';
    assert.equal(definitionLines(prose, block(prose)), null);
    const table = '| id | when |\n|---|---|\n| CARD_ISSUE | x |\n| LOANS | y |\n| HUMAN | z |';
    assert.deepEqual(tableIdentifiers(table, { kind: 'table', range: { start: 0, end: table.length } }), ['CARD_ISSUE', 'LOANS', 'HUMAN']);
    const words = '| step | what |\n|---|---|\n| Build the app | x |\n| Run it | y |\n| Ship | z |';
    assert.equal(tableIdentifiers(words, { kind: 'table', range: { start: 0, end: words.length } }), null);
  });
  it('exampleShapedBlocks: two blocks of the same labelled lines, or "For example"', () => {
    const text = 'Label the review.\n\nReview: a\nLabel: x\n\nReview: b\nLabel: y\n\nFor example `z` is x.\n\nReview: c\nAnswer: w';
    const blocks = text.split('\n\n').reduce<Array<{ kind: 'instruction'; range: { start: number; end: number } }>>((acc, part) => {
      const start = acc.length === 0 ? 0 : acc[acc.length - 1].range.end + 2;
      acc.push({ kind: 'instruction', range: { start, end: start + part.length } });
      return acc;
    }, []);
    const examples = exampleShapedBlocks(text, blocks);
    assert.deepEqual(blocks.map((block) => examples.has(block)), [false, true, true, true, false]);
  });
  it('statement read from tags and HTML blocks keeps document offsets (no span read twice)', () => {
    const text = '<task>\nRead the expense line and pick the category that fits.\n</task>\n<categories>travel, meals, software, other</categories>\nReply with the category name only.\n\n{{line}}';
    const analysis = analyzeTask(text, { maxOutputTokens: 10 });
    for (const signal of analysis.signals) {
      if (!signal.evidence) continue;
      const quoted = text.slice(signal.evidence.start, signal.evidence.end);
      if (signal.signal === 'task.classify') assert.match(quoted, /^pick\b/);
      if (signal.signal === 'output.enum') assert.equal(quoted, '<categories>');
      if (signal.signal === 'output.only') assert.match(quoted, /^Reply with the category name only/);
    }
    assert.equal(`${analysis.taskKind}/${analysis.neededTier}`, 'classification/small');
  });
  it('declaredOutputEnum reads a Picoschema "one of" description', () => {
    assert.deepEqual(declaredOutputEnum({ output: { schema: { category: 'string, one of CONNECTION, AUTH, OTHER' } } }), ['CONNECTION', 'AUTH', 'OTHER']);
    assert.deepEqual(declaredOutputEnum({ output: { schema: { renewal: 'string, one of automatic, by notice, none' } } }), ['automatic', 'by notice', 'none']);
    assert.deepEqual(declaredOutputEnum({ output: { schema: { note: 'string, one of the things the author said, in their words' } } }), []);
  });
  it('the hover quotes the sentences of a head verb and of a value set', () => {
    const text = 'Label a git commit with its Conventional Commits type. Allowed types: feat, fix, docs, style. Answer with the type only.\n\n{{message}}';
    const [diagnostic] = modelTierDiagnostics({
      text,
      regions: [],
      modelRange: null,
      model: { id: 'gpt-4.1', tier: 'frontier', provider: 'openai', costPerThousandCalls: 3 },
      candidates: [{ id: 'gpt-4.1-mini', tier: 'small', provider: 'openai', costPerThousandCalls: 0.5 }],
      suppressed: false,
    });
    assert.match(diagnostic.message, /Decided by: “Label a git commit with its Conventional Commits type\.” “Allowed types: feat, fix, docs, style\.”/);
  });
  it('the hover quotes a sentence wrapped over lines whole, and does not end it at "e.g."', () => {
    const text = 'You are a tagging assistant. Tag the article with 1-3 tags from this fixed list and\nthis list alone:\n\npolitics, economy, sport\n\nAnswer with the tags only (e.g. `sport`).\n\n{{article}}';
    const [diagnostic] = modelTierDiagnostics({
      text,
      regions: [],
      modelRange: null,
      model: { id: 'gpt-4.1', tier: 'frontier', provider: 'openai', costPerThousandCalls: 3 },
      candidates: [{ id: 'gpt-4.1-mini', tier: 'small', provider: 'openai', costPerThousandCalls: 0.5 }],
      suppressed: false,
    });
    assert.match(diagnostic.message, /“Tag the article with 1-3 tags from this fixed list and this list alone:”/);
    assert.doesNotMatch(diagnostic.message, /You are a tagging assistant/, 'the sentence before the evidence is not quoted');
    assert.match(diagnostic.message, /“Answer with the tags only \(e\.g\. `sport`\)\.”/);
  });
});

/**
 * Session 6: grammar that generalises beyond one round's phrasings (issue 12, model-tier recall on
 * unseen prompts). Each feature has a row that must hint and a row that must not.
 */
const GENERAL_ROWS: Row[] = [
  // Binary answers: two values after a lead-in that asks for the answer, joined by "or", a slash or a bar.
  ['two values after "say whether …:" are a closed answer', 'For each job title below, say whether it is a people-manager role: Y or N, one per line, same order.\n\n{{titles}}', 'classification/small'],
  ['two values after a colon that asks for nothing are content', 'Write a tagline for each product, stressing one benefit: speed or price.\n\n{{products}}', 'unknown/frontier'],
  ['a conditional label given by a labelling verb and a bar-joined format', 'For each comment below, flag it TOXIC if it contains insults or threats, otherwise OK.\nOutput format, one per line:\n<comment number>: TOXIC|OK\n\n{{comments}}', 'classification/small'],
  ['"yes / no" with spaces closes the answer', 'Does the customer ask for a refund anywhere in this message? yes / no only.\n\nMessage: {{message}}', 'classification/small'],
  ['a closed question names its alternatives', 'Is this review positive or negative?\n\n{{review}}', 'classification/small'],
  ['alternatives joined by slashes complete a sort into classes', 'sort each of these app store reviews into positive / negative / mixed. one word per line, same order. no explanations\n\n{{reviews}}', 'classification/small'],
  ['"as either A, B, C or D" of any length is a value set', 'pls categorize these support emails as either ACCOUNT, SHIPPING, DAMAGED or OTHER. just the category next to the email number. dont need any explanation\n\n{{emails}}', 'classification/small'],
  // Third-person lead-ins, "decide which", Title Case values of several words.
  ['"The assistant will … decide which office" with multi-word values', 'The assistant will read an email and decide which office it should be forwarded to: Admissions, Registry, Finance, IT Service Desk, or Student Wellbeing. The assistant will answer with the office name only.\n\nEmail:\n{{email}}', 'classification/small'],
  ['"decide which" between designs is a judgement', 'Decide which approach is better for our team: microservices or a monolith. One word.\n\n{{context}}', 'reasoning/frontier'],
  ['"count how many" is a decision per item, summed', 'The assistant will count how many of the survey responses below mention price, and will reply with the count followed by the response numbers. The assistant will not summarise or comment on the responses.\n\n{{responses}}', 'classification/small'],
  // Labels announced by a heading or by a choice sentence without a colon; their domain words name queues.
  ['a list under "# Queues" defines labels; legal and finance words there name queues', '# Role\nYou sort messages arriving at the info inbox into team queues.\n\n# Queues\n- LEGAL — contracts, NDAs, subpoenas\n- FINANCE — invoices, refunds, tax forms\n- HR — job applications, payroll\n- GENERAL — anything else\n\n# Output\nOne queue name in capitals. No explanation.\n\n{{body}}', 'classification/small'],
  ['a list under a heading that names no classes stays part of the statement', '# Role\nYou sort messages into team queues: billing, support, other.\n\n# Rules\n- tone: keep it short\n- code: refactor this code before you answer\n\n{{body}}', 'code/frontier'],
  ['a choice sentence without a colon announces the label list after it', 'You route incoming helpdesk tickets. Pick the single queue that should own the ticket.\n- billing: invoices, refunds, card problems\n- platform: API errors, SDK or code problems\n- sales: pricing questions, enterprise contracts\nIf two fit, pick the one the customer needs first.\n\n{{ticket}}', 'classification/small'],
  ['a table whose later column names buckets is a lookup into classes', 'Put the static-analysis finding into its reporting bucket, using the rule id prefix:\n\n| prefix | bucket |\n|---|---|\n| `INJ-` | injection |\n| `XSS-` | xss |\n| `AUTH-` | authentication |\n| anything else | misc |\n\nOutput the bucket name only.\n\n{{finding}}', 'classification/small'],
  ['a table whose later column is a type is a schema, not classes', 'Describe each field of the record below in a paragraph for new engineers:\n\n| field | type |\n|---|---|\n| id | string |\n| total | number |\n| paid | boolean |\n\n{{record}}', 'unknown/frontier'],
  // Content kept: the signals that let a rewrite or a removal count.
  ['stripping markup while keeping the wording is a reformatting', "Strip the HTML below down to plain text: remove tags, scripts and nav menus. Keep headings on their own lines. Don't reword or shorten the product text.\n\n{{html}}", 'reformatting/small'],
  ['converting units while leaving the text word-for-word is a reformatting', 'Convert every measurement in this recipe to metric (g, ml). Leave the method text otherwise word-for-word.\n\n{{recipe}}', 'reformatting/small'],
  ['removing a bug is no reformatting', 'Remove the bug in the handler below.\n\n{{handler}}', 'unknown/frontier'],
  // Judgement however closed the answer.
  ['deciding how urgent a ticket is, weighing factors, is a judgement', 'Decide how urgent this customer ticket is, weighing business impact and whether a workaround exists.\n\nAnswer with exactly one of: `P1`, `P2`, `P3`, `P4`.\n\n{{ticket}}', 'reasoning/frontier'],
  ['rating a severity is grading', 'Read the vulnerability report and rate its severity as low, medium, high or critical. Respond with the severity only.\n\n{{report}}', 'reasoning/frontier'],
  ['a risk level considering listed factors is a judgement', 'Classify the risk level of this change request as LOW, MEDIUM or HIGH, considering blast radius, rollback options and timing.\n\n{{change}}', 'reasoning/frontier'],
  ['a priority with every class defined stays a classification', 'Assign a priority to the ticket.\n\nP1 — production down\nP2 — major feature broken\nP3 — workaround exists\n\nReply with the priority only.\n\n{{ticket}}', 'classification/small'],
  ['marking against a scheme, with feedback, is grading', "Label the student's answer PASS or FAIL against the marking scheme, and give feedback the student can act on.\n\n{{scheme}}\n\n{{answer}}", 'reasoning/frontier'],
  // The routine step as the whole task.
  ['one routine instruction with no closed set is enough', 'Extract the invoice number, date and total as JSON.\n\n{{invoice}}', 'extraction/small'],
  ['a routine verb followed by its list after a colon', 'Given the following job posting, extract: title, company, location, salary range. Use null for missing fields.\n\n{{posting}}', 'extraction/small'],
  ['a search for what must be judged is no extraction', 'List all the risks in this project plan.\n\n{{plan}}', 'unknown/frontier'],
  ['a conversion into something that is no notation is writing', 'Convert this user story into acceptance criteria.\n\n{{story}}', 'reformatting/frontier'],
  ['a reformat with added sections is writing', 'Reformat the selected README so that a product manager can follow it: rewrite every section in plain language, add a FAQ of likely questions.\n\n{{readme}}', 'reformatting/frontier'],
  ['an extraction followed by an estimate is no routine step', 'Extract the tasks from this project brief and estimate how many days each will take.\n\n{{brief}}', 'extraction/frontier'],
  ['a label over the input ("Copy:") is no verb', 'Turn the marketing copy below into a complete, responsive landing page with a hero section and a pricing table.\n\nCopy:\n{{copy}}', 'creative/frontier'],
  // Domain words that only name the source document.
  ['a financial word naming the source document does not veto an extraction', 'Extract the invoice number, the due date and the total from this insurance claim as JSON.\n\n{{claim}}', 'extraction/small'],
  ['a domain word naming what to extract still vetoes', 'From the contract, pull out the liability caps as JSON with the keys party and cap.\n\n{{contract}}', 'legal/frontier'],
  ['a domain document under review still vetoes', 'Review the loan application below and extract the applicant name and income as JSON.\n\n{{application}}', 'financial/frontier'],
  ['a medical record is never waived as a source', 'From the patient record, list the medications as JSON.\n\n{{record}}', 'medical/frontier'],
  // A verb that finds hands over to the verb that acts; a set named by the asked noun.
  ['"detect … and mask it" is a masking', 'Detect personal information in the message below and mask it: replace names with [NAME] and emails with [EMAIL]. Everything else stays exactly the same.\n\n{{message}}', 'reformatting/small'],
  ['"work out which plan" reads the plans listed in the context', "## Context\nCustomers write to us about their subscription. Our plans are Free, Starter, Pro and Enterprise.\n\n## Instructions\nWork out which plan the customer says they are on. If they don't say, answer Unknown.\n\nRespond with the plan name and nothing else.\n\n{{message}}", 'classification/small'],
  ['updating code and listing what changes is code work', 'Given our integration code, update the code to v2, keeping behaviour identical, and list any behaviour changes we cannot avoid.\n\n{{code}}', 'code/frontier'],
  // Reordering by a property read off each item, not by a judged one.
  ['grouping by file extension is a reformatting', 'Below is a list of file paths. Group them by file extension and output a JSON object mapping each extension to the list of paths.\n\n{{paths}}', 'reformatting/small'],
  ['grouping by theme is no routine step', 'Group the feedback by theme.\n\n{{feedback}}', 'unknown/frontier'],
  ['checking each sentence for a property, with capital labels after "write"', 'Check each sentence below for the passive voice. For every sentence, write ACTIVE or PASSIVE on its own line, in the same order.\n\n{{sentences}}', 'classification/small'],
  // Answers named without a colon, and content kept in other words.
  ['three bare values right after "Reply" close the answer', "What is the overall sentiment of the customer's message? Reply positive, negative or neutral.\n\n{{message}}", 'classification/small'],
  ['"Reply politely and briefly" names no values', "What does the customer want? Reply politely and briefly.\n\n{{message}}", 'unknown/frontier'],
  ['a code from a standard list is a one-value answer', 'Respond with the ISO 3166 alpha-2 country code for the address below, e.g. "DE". Nothing else.\n\n{{address}}', 'classification/small'],
  ['a rewrite keeping the words unchanged is a reformatting', 'Rewrite every title below in Title Case and remove any emoji, keeping the words themselves unchanged.\n\n{{titles}}', 'reformatting/small'],
  ['a rewrite with no words kept is writing', 'Rewrite every title below so it sounds more exciting.\n\n{{titles}}', 'unknown/frontier'],
  ['"give me a list of every …" quoting as written is an extraction', "Give me a list of every question someone asked that didn't get an answer, quoting the question as written.\n\n{{thread}}", 'extraction/small'],
  // Questions about facts in the input, answer templates, markers, judgement of reasoning.
  ['a question about a fact in the input with an answer template is an extraction', 'Below is an email thread. Who sent the last message, and on what date? Answer as "Name — YYYY-MM-DD".\n\n{{thread}}', 'extraction/small'],
  ['a question about contract terms stays legal, even without the word contract', 'When does this software subscription auto-renew, and how many days\' notice are needed to cancel? Answer in the format "renews YYYY-MM-DD; notice N days".\n\n{{terms}}', 'legal/frontier'],
  ['"find the X in the invoice … as a number" is an extraction', 'Find the total amount due in the invoice text below and return it as a number with two decimals, without the currency symbol.\n\n{{invoice}}', 'extraction/small'],
  ['marking qualifying items with a fixed marker keeps the rest', 'Mark every sentence in the paragraph that contains a number with [NUM] at the start. Leave other sentences as they are.\n\n{{paragraph}}', 'reformatting/small'],
  ['values inside a placeholder close the answer', '## Task\nDecide if each support chat below was resolved.\n\n## Answer format\nOne line per chat: `<chat id>,<resolved|unresolved>`\n\n{{chats}}', 'classification/small'],
  ['whether an argument is logically valid is a judgement', 'Is the following argument logically valid? Answer VALID or INVALID.\n\n{{argument}}', 'reasoning/frontier'],
  ['breaking an address into named parts, as JSON', 'Here is a customer address typed in one line. Break it into street, city, postcode and country, as JSON.\n\n{{address}}', 'extraction/small'],
  // Decisions written as participles, codes from one standard list, quality adjectives in the result.
  ['a classification into APPROVED or REJECTED is a decision', 'Classify each expense claim as APPROVED or REJECTED according to the travel policy below.\n\n{{policy}}\n\n{{claims}}', 'reasoning/frontier'],
  ['"declined" reporting what happened in an example is no decision', 'Summarise a support call in one sentence for the CRM timeline.\n\nExample\nNotes: Wants to cancel. Offered a pause instead, declined.\nSummary: Cancelling; declined a pause.\n\nNotes: {{notes}}\nSummary:', 'summary/small'],
  ['a turn-into with a quality of writing is writing', 'Turn these raw interview notes into a polished candidate summary for the hiring committee.\n\n{{notes}}', 'creative/frontier'],
  ['one ISO code per line is a one-value answer per item', 'Identify the currency in each price string below (e.g. "$12" → USD). Answer with one ISO code per line.\n\n{{prices}}', 'classification/small'],
  ['"list the decisions that were made" is an extraction', "From the meeting transcript below, list the decisions that were made. One decision per bullet, in the words used in the meeting.\n\n{{transcript}}", 'extraction/small'],
  ['"list the steps to …" is still no extraction', 'List the steps to deploy the service.', 'unknown/frontier'],
  ['"Don\'t change spelling" keeps a rewrite\'s content', 'Rewrite the list of names below so that each one is "Surname, Given name". Don\'t change spelling.\n\n{{names}}', 'extraction/small'],
  // Verdicts on worth or quality, however closed; observable properties stay routine.
  ['whether an idea is worth pursuing is a verdict', 'Tell me whether this startup idea is worth pursuing. Answer YES or NO.\n\n{{idea}}', 'reasoning/frontier'],
  ['HELPFUL or UNHELPFUL is a verdict on quality', 'Label each comment as HELPFUL or UNHELPFUL for a newcomer trying to learn the library.\n\n{{comments}}', 'reasoning/frontier'],
  ['"Do not judge whether … is acceptable" negates the verdict', 'Copy the client name and date of birth from the form into JSON. Do not judge whether the client is acceptable.\n\n{{form}}', 'extraction/small'],
  ['an observable property with a yes/no answer stays routine', 'Does this text contain an email address? Answer yes or no.\n\n{{text}}', 'classification/small'],
  ['"tell me which of the products are vegan", comma-separated', 'Tell me which of the following products are vegan. Answer with the product numbers only, comma-separated.\n\n{{products}}', 'classification/small'],
  ['"If so, copy …; if not, write NONE" is an extraction with a sentinel', 'Does this job posting mention a salary? If so, copy the salary text exactly; if not, write NONE.\n\n{{posting}}', 'extraction/small'],
  ['shortening to a word cap is a short summary', 'Reduce this product description to a maximum of 20 words, keeping the product name.\n\n{{description}}', 'summary/small'],
  ['"tell us whether each one is A, B or C"', 'You are a helpful assistant. Your job is to read customer reviews and tell us whether each one is positive, neutral or negative. Output one word per review.\n\n{{reviews}}', 'classification/small'],
];

describe('model-tier grammar that generalises (session 6)', () => {
  for (const [name, text, expected, hints] of GENERAL_ROWS) {
    it(name, () => assert.equal(verdict(text, hints), expected));
  }
  it('the whole-task signal quotes the routine verb as its evidence', () => {
    const text = 'Extract the invoice number, date and total as JSON.\n\n{{invoice}}';
    const whole = analyzeTask(text).signals.find((signal) => signal.signal === 'task.whole');
    assert.ok(whole?.evidence, 'task.whole is found with evidence');
    assert.equal(text.slice(whole.evidence.start, whole.evidence.end), 'Extract');
  });
  it('findValueSet reads binary sets only after an answer lead-in, and sets under an asked noun', () => {
    const spans = (text: string) => [{ offset: 0, text }];
    assert.deepEqual(findValueSet(spans('Say whether it is a manager role: Y or N, one per line.'))?.names, ['Y', 'N']);
    assert.equal(findValueSet(spans('Each stressing one benefit: speed or price.')), null);
    assert.deepEqual(findValueSet(spans('Pick one office: Admissions, IT Service Desk, or Student Wellbeing.'))?.names, ['Admissions', 'IT Service Desk', 'Student Wellbeing']);
    assert.deepEqual(findValueSet(spans('Possible intents are book_flight, cancel_booking, other.'))?.names, ['book_flight', 'cancel_booking', 'other']);
    assert.deepEqual(findValueSet(spans('Our plans are Free, Starter, Pro and Enterprise.'), ['plan'], true)?.names, ['Free', 'Starter', 'Pro', 'Enterprise']);
    assert.equal(findValueSet(spans('Our plans are Free, Starter, Pro and Enterprise.'), [], true), null, 'without the asked noun the sentence is context');
  });
  it('findTaskClauses hands a finding verb over to the verb after "and"; a label with a colon is no verb', () => {
    const spans = (text: string) => [{ offset: 0, text }];
    assert.deepEqual(findTaskClauses(spans('Detect personal data in the message and mask it.')).map((clause) => `${clause.kind}:${clause.verb}`), ['reformatting:mask']);
    assert.deepEqual(findTaskClauses(spans('Write a story and extract the names.')).map((clause) => clause.verb), [], 'a creating verb never hands over');
    assert.deepEqual(findTaskClauses(spans('Copy:')), []);
    assert.deepEqual(findTaskClauses(spans('Given the posting, extract: title, company, location.')).map((clause) => clause.verb), ['extract']);
  });
});
