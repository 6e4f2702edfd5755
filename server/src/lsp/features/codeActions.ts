import { CodeActionKind, type CodeAction } from '../languageServer';
import { formatCount } from '../../shared/format';
import { budgetFileActions } from '../budgetActions';
import { minimalEdit, quickFixActions, toOffsetRange } from '../convert';
import { SERVER_COMMANDS } from './commands';
import type { FeatureContext } from './context';

/** Fix-all for Tokenwise's safe compressions, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.tokenwise`;

/**
 * Code actions for both kinds of document: quick fixes of the diagnostics under the cursor, the
 * budget finding's "open the budget file", the chat mode rename, and fix-all (every safe
 * compression as one edit).
 */
export function registerCodeActions(context: FeatureContext): void {
  const { connection, guard, store, prompts, sources, agent, workspace, settings, isSource } = context;
  connection.onCodeAction(
    guard('codeAction', async (params): Promise<CodeAction[]> => {
      const uri = params.textDocument.uri;
      const document = store.get(uri);
      if (!document) return [];
      const source = isSource(uri);
      const only = params.context.only;
      const wantsQuickFix = !only || only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));
      const actions: CodeAction[] = [];
      if (wantsQuickFix) actions.push(...(source ? await sources.quickFixes(params) : quickFixActions(document, await prompts.diagnosticsOf(uri), toOffsetRange(document, params.range))));
      if (wantsQuickFix) actions.push(...budgetFileActions(params.context.diagnostics, (await workspace.documentConfig(uri, await settings.get(uri)))?.configUri ?? null, SERVER_COMMANDS.openBudgetFile));
      if (wantsQuickFix && !source) actions.push(...agent.renameActions(uri, params.context.diagnostics));
      const wantsFixAll = only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind !== CodeActionKind.Source) ?? false;
      if (wantsFixAll || (!only && params.context.diagnostics.some((diagnostic) => diagnostic.source === 'tokenwise'))) {
        const fixAll = source ? await sources.compress(uri) : await prompts.compressionOf(uri);
        if (fixAll && fixAll.text !== document.getText()) {
          actions.push({
            title: `Compress prompt: apply all safe fixes (${formatCount(fixAll.before - fixAll.after, { estimate: fixAll.estimate, reduction: true })} tokens)`,
            kind: FIX_ALL_KIND,
            edit: { changes: { [uri]: [minimalEdit(document, fixAll.text)] } },
          });
        }
      }
      return actions;
    }, []),
  );
}
