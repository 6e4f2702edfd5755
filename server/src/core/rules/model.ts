import type { Analysis } from '../index';
import { formatCount } from '../../shared/format';
import type { Diagnostic } from '../types';
import { budgetAnchor } from './budget';

/** Share of the context window above which the prompt is flagged before it overflows. */
export const CONTEXT_WARNING_RATIO = 0.8;

/**
 * `unknown-model`: the prompt names a model the catalog does not know, or a `model:` string that
 * names several (`GPT-4.1 | 'gpt-5'`), so it is counted with o200k_base as an estimate and shown
 * as unpriced. `model-list`: a VS Code fallback list is priced as its first model; the hint names
 * the others. Placed on the declaration.
 */
export function modelDiagnostics(_text: string, analysis: Analysis): Diagnostic[] {
  const range = analysis.modelRange;
  if (!range) return [];
  const choice = analysis.document?.declaredModelChoice;
  if (choice?.kind === 'ambiguous') {
    return [{
      code: 'unknown-model',
      severity: 'information',
      message: `\`model:\` reads "${analysis.document?.declaredModel}", which names ${choice.others.length} models (${choice.others.map((name) => `"${name}"`).join(', ')}), not one: counted as an estimate and unpriced. Write one model, or a YAML list where the first is the one to price.`,
      range,
    }];
  }
  const diagnostics: Diagnostic[] = [];
  if (!analysis.modelInfo) {
    diagnostics.push({
      code: 'unknown-model',
      severity: 'information',
      message: `Unknown model "${analysis.model}": counted as an estimate and unpriced. Add it to tokenwise.models with its prices and context window to price it.`,
      range,
    });
  }
  if (choice?.kind === 'list') {
    diagnostics.push({
      code: 'model-list',
      severity: 'hint',
      message: `Priced as "${analysis.document?.declaredModel}", the first model of the list; the runtime falls back to ${choice.others.map((name) => `"${name}"`).join(', ')} when it is unavailable, at their prices.`,
      range,
    });
  }
  return diagnostics;
}

/**
 * `context-window-exceeded`: prompt tokens, chat overhead and the reserved output must fit the
 * model's context window; over it is an error, above 80% a warning. Unknown windows are skipped.
 */
export function contextWindowDiagnostics(text: string, analysis: Analysis): Diagnostic[] {
  const window = analysis.modelInfo?.contextWindow;
  if (!window) return [];
  const needed = analysis.tokens + analysis.overheadTokens + analysis.outputTokens;
  if (needed <= window * CONTEXT_WARNING_RATIO) return [];
  const over = needed > window;
  const estimate = !analysis.accuracy.exact;
  const parts = `${formatCount(analysis.tokens, { estimate })} prompt + ${formatCount(analysis.overheadTokens, { estimate })} overhead + ${formatCount(analysis.outputTokens)} reserved output`;
  const message = over
    ? `${parts} = ${formatCount(needed, { estimate })} tokens, over ${analysis.model}'s context window of ${formatCount(window)}.`
    : `${parts} = ${formatCount(needed, { estimate })} tokens, ${Math.round((needed / window) * 100)}% of ${analysis.model}'s context window of ${formatCount(window)}.`;
  return [{ code: 'context-window-exceeded', severity: over ? 'error' : 'warning', message, range: analysis.document?.declaredModelRange ?? budgetAnchor(text, analysis) }];
}
