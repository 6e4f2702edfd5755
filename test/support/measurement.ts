/**
 * Prints a measurement a test computed (precision tables, savings, timings) only when asked:
 * `npm run test:measurements` (TOKENWISE_MEASUREMENTS=1). `npm test` prints test results and
 * one summary; the assertions on these figures run either way.
 */
export function measurement(text: string): void {
  if (process.env.TOKENWISE_MEASUREMENTS === '1') console.log(text);
}
