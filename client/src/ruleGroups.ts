/**
 * The Compress Prompt preview's grouping, kept free of `vscode` so it can be tested on its own:
 * the applied fixes grouped by rule code, biggest saving first, which is what the reviewer
 * chooses from before the diff.
 */
export interface RuleGroup {
  code: string;
  fixes: number;
  saved: number;
}

export function groupByRule(applied: ReadonlyArray<{ code: string; saved: number }>): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const fix of applied) {
    const group = groups.get(fix.code) ?? { code: fix.code, fixes: 0, saved: 0 };
    group.fixes++;
    group.saved += fix.saved;
    groups.set(fix.code, group);
  }
  return [...groups.values()].sort((a, b) => b.saved - a.saved || (a.code < b.code ? -1 : 1));
}
