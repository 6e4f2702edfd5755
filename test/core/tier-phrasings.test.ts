/**
 * model-tier recognises routine tasks as authors phrase them (issue 12): tagging and labelling,
 * "which … applies", language identification, renaming keys and case conversion, splitting into
 * fields, capitalised binary labels, a label set written after its name. Domain words veto a
 * hint only when the task is a judgement in that domain; a reformatting verb that produces a new
 * document is writing. Each row is a prompt and the verdict `kind/tier` it must get.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTask, declaresStructuredOutput, explainTaskAnalysis } from '../../server/src/core/rules/tier';
import { parsePromptDocument } from '../../server/src/core/documents/parse';

const verdict = (text: string) => {
  const a = analyzeTask(text);
  return `${a.taskKind}/${a.neededTier}`;
};

const ROUTINE: Array<[string, string]> = [
  ['Tag each review comment with one category:\nbug, style, naming, question.\n\nReply with the category only.', 'classification/small'],
  ['Label every sentence with one topic: pricing, shipping, quality, other. One per line.', 'classification/small'],
  ['Identify which language each app review is written in. Return the ISO 639-1 codes only, one per line.', 'classification/small'],
  ['Which entry number answers the question? Reply with the number only, or 0 if none fits.', 'classification/small'],
  ['Given a commit message, return the type that fits best: feat, fix, docs, chore.\n\nReply with the type only.', 'classification/small'],
  ['Reply FLAG if the comment contains spam links or insults; otherwise reply OK. One word.', 'classification/small'],
  ['Is the new ticket a duplicate of the open one? Answer DUPLICATE or NEW.', 'classification/small'],
  ['Rename the CSV header columns to snake_case. Do not touch the data rows. Output only the CSV.', 'reformatting/small'],
  ['Rewrite the selected JSON so that every key is in camelCase. Do not change values or order. Output only the JSON.', 'reformatting/small'],
  ['Convert every imperial measurement in the recipe to metric. Keep the rest of the text unchanged.', 'reformatting/small'],
  ['Rewrite each phone number in E.164 format. One number per line, same order.', 'reformatting/small'],
  ['Turn these bullet points into a single paragraph. Keep every fact and do not add new information.', 'reformatting/small'],
  ['Split the free-text address into structured fields: street, city, postal_code. Respond with a JSON object using exactly these keys.', 'extraction/small'],
  ['From the notes, list every action item as a checklist line. Nothing else.', 'extraction/small'],
  ['Summarize the following text concisely.', 'summary/small'],
  ['Determine the sentiment of each tweet: positive, negative or neutral.', 'classification/small'],
  ['Give each support ticket a priority label: P1, P2, P3. Output one label per line.', 'classification/small'],
  ['Identify the programming language of the snippet below. Reply with the language name only.', 'classification/small'],
  ['Label each sentence as FACT or OPINION.', 'classification/small'],
  ['Summarize the article below in one paragraph.', 'summary/small'],
  ['Which team should handle this ticket: billing, platform or security? Reply with the team only.', 'classification/small'],
  ['Convert dates in the text to ISO 8601. Keep everything else unchanged.', 'reformatting/small'],
  // A label definition that names a security hole is no code review.
  ['Classify the bug report as one of: critical, major, minor. critical = data loss or a security hole. Reply with the label only.', 'classification/small'],
  // Domain words that name the categories to route by, or text copied as written.
  ["Classify the customer's email as one GDPR data-subject request type: ACCESS, ERASURE, OTHER. Reply with the type only.", 'classification/small'],
  ['You route calls for a bank. Pick one intent:\n\nCARD_LOST, BALANCE, MORTGAGE, AGENT\n\nRespond with the intent id only.', 'classification/small'],
  ['List every drug name mentioned in the abstract with the dose as written. Return a JSON array.', 'extraction/small'],
  ['From the agreement, extract the effective date and the end date and return them as JSON. Copy, do not interpret.', 'extraction/small'],
];

const NOT_ROUTINE: Array<[string, string]> = [
  // Judgement in a domain stays vetoed, whatever the output shape.
  ["Classify this contract clause's legal risk as low, medium or high. Reply with the label only.", 'legal/frontier'],
  ["Extract the dosage and frequency from the patient's prescription. Return JSON.", 'medical/frontier'],
  ["Classify the patient's message into one triage category: urgent, routine, self_care. Reply with the category only.", 'medical/frontier'],
  ['Classify the application as approve, review or reject according to our anti-money-laundering rules. Return only the label.', 'financial/frontier'],
  // A reformatting verb that produces a new document is writing.
  ['Convert these meeting notes into a blog post for our customers.', 'creative/frontier'],
  ['Turn the bullet list below into a product requirements document.', 'creative/frontier'],
  ['Turn these call notes into an email to the customer.', 'creative/frontier'],
  ["Turn the user's idea into a detailed project plan.", 'creative/frontier'],
  // Renaming identifiers in code is editing code, however mechanical.
  ['Rename the variables in this function to camelCase. Output only the code.', 'code/frontier'],
  ["Translate the user's question into SQL against the orders table.", 'code/frontier'],
  ['Classify each test failure as flaky, regression or environment, and fix the regressions.', 'code/frontier'],
  ['Classify the severity of the incident as SEV1, SEV2 or SEV3 and write the postmortem.', 'creative/frontier'],
  ['Is this mole cancerous? Answer yes or no.', 'medical/frontier'],
  // A decision about a request or a plan is a judgement, even as a yes/no label.
  ['Answer YES or NO: should we migrate the monolith to microservices this quarter?', 'reasoning/frontier'],
  ['Reply APPROVE or REJECT for each expense report according to policy.', 'reasoning/frontier'],
  // Choosing a design or a person is a judgement, however short the answer.
  ['Which framework fits best for our new mobile app? Reply with the name only.', 'reasoning/frontier'],
  ['Which of these three job candidates fits best for the senior role? Reply with the name only.', 'reasoning/frontier'],
  // Looking for vulnerabilities is a code review.
  ['Find any security vulnerabilities in the login handler. Reply with the label only.', 'code/frontier'],
];

describe('analyzeTask: routine tasks as authors phrase them', () => {
  for (const [text, expected] of ROUTINE) it(`${expected}: ${text.slice(0, 70).replace(/\n/g, ' ')}`, () => assert.equal(verdict(text), expected));
});

describe('analyzeTask: no hint for judgement or generation phrased like routine work', () => {
  for (const [text, expected] of NOT_ROUTINE) it(`${expected}: ${text.slice(0, 70).replace(/\n/g, ' ')}`, () => assert.equal(verdict(text), expected));
  it('a list after a colon that is not a label set is no enum', () => {
    assert.equal(analyzeTask('Write five taglines, each stressing a different benefit: speed, price, support, security.').neededTier, 'frontier');
  });
});

describe('soft evidence keeps a routine verb from deciding alone', () => {
  it('labelling plus suggesting actions is advice', () => {
    assert.equal(analyzeTask('Label each customer as high, medium or low churn risk from their usage, and suggest a retention action.').neededTier, 'frontier');
  });
  it('classifying plus writing the reply is a chat assistant', () => {
    assert.equal(analyzeTask("Classify the user's intent as one of: billing, bug, other. Then write a helpful reply.").neededTier, 'frontier');
  });
});

describe('the hover says why a domain veto did not count', () => {
  it('a routed GDPR request shows the legal signal at weight 0 with the reason', () => {
    const text = "Classify the customer's email as one GDPR request type: ACCESS, ERASURE, OTHER. Reply with the type only.";
    const lines = explainTaskAnalysis(analyzeTask(text), text);
    assert.ok(lines.some((line) => /^0 {2}legal content.*not counted: the domain words name categories to route by/.test(line)), lines.join('\n'));
  });
});

describe('declaresStructuredOutput', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['Prompty v2 outputs list', { outputs: [{ name: 'city', kind: 'string' }] }, true],
    ['Prompty v1 outputs map', { outputs: { apology: { type: 'string' } } }, true],
    ['response_format json_object', { model: { parameters: { response_format: { type: 'json_object' } } } }, true],
    ['Dotprompt enum output', { output: { format: 'enum', schema: ['a', 'b'] } }, true],
    ['Dotprompt text output', { output: { format: 'text' } }, false],
    ['no output declaration', { model: { id: 'gpt-4o' } }, false],
    ['not a mapping', 'model: gpt-4o', false],
  ];
  for (const [name, data, expected] of cases) it(name, () => assert.equal(declaresStructuredOutput(data), expected));
});

describe('Prompty v2 output limits', () => {
  it('reads model.options.max_tokens and model.options.maxOutputTokens', () => {
    assert.equal(parsePromptDocument('---\nmodel:\n  id: gpt-4o\n  options:\n    max_tokens: 8\n---\nx', 'prompty').maxOutputTokens, 8);
    assert.equal(parsePromptDocument('---\nmodel:\n  id: gpt-4o\n  options:\n    maxOutputTokens: 512\n---\nx', 'prompty').maxOutputTokens, 512);
  });
});
