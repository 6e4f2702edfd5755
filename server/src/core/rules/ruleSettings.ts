import type { Diagnostic, Severity } from '../types';

/**
 * Applies `tokenwise.rules`: a rule set to `off` is dropped, any other value is its severity.
 * Its own module, apart from the advisory rules, because every analysis calls it and the server
 * loads those rules only when one first runs (esbuild.mjs, `lazyAdvisoryRules`).
 */
export function applyRuleSettings(diagnostics: Diagnostic[], rules: Record<string, Severity | 'off'>): Diagnostic[] {
  if (Object.keys(rules).length === 0) return diagnostics;
  return diagnostics.flatMap((diagnostic) => {
    const setting = rules[diagnostic.code];
    if (setting === undefined) return [diagnostic];
    return setting === 'off' ? [] : [{ ...diagnostic, severity: setting }];
  });
}
