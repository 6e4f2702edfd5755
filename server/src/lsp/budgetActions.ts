import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from './languageServer';

/**
 * The budget finding's own action: open the budget file that sets the limit, to raise it or to
 * scope it with an override. (Compressing the prompt is offered by the fix-all action, which
 * comes with every Tokenwise diagnostic when a safe fix saves tokens.)
 */
export function budgetFileActions(diagnostics: readonly LspDiagnostic[], configUri: string | null, command: string): CodeAction[] {
  if (!configUri) return [];
  const budget = diagnostics.filter((diagnostic) => diagnostic.source === 'tokenwise' && diagnostic.code === 'budget-exceeded');
  if (budget.length === 0 || !budget.some((diagnostic) => typeof diagnostic.message === 'string' && diagnostic.message.includes('tokenwise.config.json'))) return [];
  const title = 'Open the budget file (tokenwise.config.json)';
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: budget, command: { title, command, arguments: [configUri] } }];
}
