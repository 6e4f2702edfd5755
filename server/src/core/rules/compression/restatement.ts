/**
 * One reading of "the same instruction again" for both restatement checks: `meta-talk`'s declared
 * repetition ("Once again: …") and `duplicate-instruction`'s announced recap and adjacent
 * restatement. Both compare content words, stemmed alike, against earlier sentences of the message.
 */

/**
 * Words that say nothing a restated instruction needs checked against what came before: function
 * words, intensifiers and the words a recap announces itself with ("to repeat", "as mentioned
 * above", "the most important points"). "only", "always", "never" and "not" are constraints: they
 * are compared ("not" is left to each check, which weighs polarity its own way).
 */
export const RESTATEMENT_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above absolutely again all also am an and any anything are as at be because been before ' +
    'being both but by can cannot certainly circumstance circumstances completely could definitely did ' +
    'do does doing each earlier else enough entirely even every everything finally for from get going ' +
    'had has have having here how i if important in into is it it\'s its just keep lastly let like ll ' +
    'made make me mentioned mind more most much my of off on once one or our out over please point ' +
    'points quite rather really recap reiterate remember repeat restate said simply so some something ' +
    'stated stress such summarise summarize sure t than that the their them then there these they thing ' +
    'things this those time to too truly under up us use using very was we were what whatsoever when ' +
    'where whether which while who whom why will with would you your yours'
  ).split(' '),
);

/**
 * Same word as far as spelling tells: a possessive, plural, past, -ing, -ly or final "e" dropped and
 * a doubled last letter single ("comments"/"commenting", "tests"/"test", "write"/"writing").
 */
export function restatementStem(word: string): string {
  const base = word.replace(/'s$/, '').replace(/ies$/, 'y');
  return base.replace(/(?:ing|ed|es|s|ly|e)$/, '').replace(/(.)\1$/, '$1') || base;
}
