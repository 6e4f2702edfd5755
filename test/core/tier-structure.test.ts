/**
 * model-tier decides from the task statement (issue 12): words inside pasted data or examples
 * neither ask for a task nor veto one; generating UI is never routine; the diagnostic quotes the
 * sentences that decided.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTask, modelTierDiagnostics } from '../../server/src/core/rules/tier';

const verdict = (text: string) => {
  const a = analyzeTask(text);
  return `${a.taskKind}/${a.neededTier}`;
};

describe('analyzeTask reads the task statement only', () => {
  it('a classification whose pasted ticket talks about code and finances still gets a hint', () => {
    const text = 'Classify the ticket as one of: billing, bug, account. Answer with one word.\n\nTicket:\nMy financial report crashes with a stack trace in the code when I refactor the invoice tool.\n';
    assert.equal(verdict(text), 'classification/small');
  });
  it('the same words in the instructions still veto', () => {
    assert.equal(verdict('Refactor this code and classify the result as one of: good, bad. Answer with one word.'), 'code/frontier');
  });
  it('words inside <document> tags do not count', () => {
    const text = 'Extract the invoice number and the total as JSON. Return only the JSON.\n\n<document>\nPlease write a persuasive essay and a business plan.\n</document>\n';
    assert.equal(verdict(text), 'extraction/small');
  });
  it('generating UI is never reformatting', () => {
    assert.equal(verdict('Convert the selected list of icon names into a consistent set of 24x24 SVG icons.'), 'code/frontier');
    assert.equal(verdict('Reformat the notes as an HTML landing page with a hero section.').endsWith('/frontier'), true);
  });
  it('routing and assigning to a category are classifications', () => {
    assert.equal(verdict('Route the ticket to the queue for its language: German -> DACH, anything else -> EN. Reply with the queue only.'), 'classification/small');
    assert.equal(verdict('Assign the bank transaction to one expense category from this list: travel, meals, other. Reply with the category only.'), 'classification/small');
  });
});

describe('modelTierDiagnostics', () => {
  it('quotes the instruction sentences that decided, and a same-band cheaper model is a candidate', () => {
    const text = 'Classify the review as positive, negative or neutral. Answer with one word.\n\nReview:\nThe tent leaks.';
    const [diagnostic] = modelTierDiagnostics({
      text,
      regions: [],
      modelRange: null,
      model: { id: 'claude-sonnet-4-5', tier: 'medium', provider: 'anthropic', costPerThousandCalls: 1 },
      candidates: [{ id: 'claude-haiku-4-5', tier: 'medium', provider: 'anthropic', costPerThousandCalls: 0.3 }],
      suppressed: false,
    });
    assert.match(diagnostic.message, /claude-haiku-4-5 would cost 70% less/);
    assert.match(diagnostic.message, /Decided by: “Classify the review as positive, negative or neutral\.” “Answer with one word\.”$/);
  });
  it('a small-tier model gets no same-band suggestion', () => {
    const text = 'Classify the review as positive, negative or neutral. Answer with one word.';
    assert.deepEqual(
      modelTierDiagnostics({
        text,
        regions: [],
        modelRange: null,
        model: { id: 'gpt-4.1-mini', tier: 'small', provider: 'openai', costPerThousandCalls: 1 },
        candidates: [{ id: 'gpt-4.1-nano', tier: 'small', provider: 'openai', costPerThousandCalls: 0.25 }],
        suppressed: false,
      }),
      [],
    );
  });
});
