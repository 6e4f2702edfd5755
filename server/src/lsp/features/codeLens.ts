import type { CodeLens, Position } from 'vscode-languageserver';
import type { Analysis } from '../../core';
import { formatCost, formatCount } from '../../shared/format';
import { offsetAfterChanges } from '../documentStore';
import type { FeatureContext } from './context';

/**
 * Code lenses: a prompt file's total on its first region, one per region and one per markdown
 * section, plus the always-on context lens of agent files; source documents get one per prompt.
 * While a large prompt file is still being counted they answer at once: the latest complete
 * count's lenses, moved through the edits since, the total saying the count is running (or one
 * "counting…" lens before the first count); the client is asked to refresh them when it ends.
 */
export function registerCodeLens(context: FeatureContext): void {
  const { connection, guard, store, prompts, sources, agent, isSource } = context;
  connection.onCodeLens(
    guard('codeLens', async (params): Promise<CodeLens[]> => {
      const uri = params.textDocument.uri;
      if (isSource(uri)) return sources.codeLens(uri);
      const read = await prompts.read(uri);
      if (!read) return [];
      if (read.pending) {
        const current = store.get(uri);
        if (!read.analysis || !read.document || !current) {
          const top = { line: 0, character: 0 };
          return [{ range: { start: top, end: top }, command: { title: 'Tokenwise: counting…', command: 'tokenwise.showStats', arguments: [uri] } }];
        }
        const changes = store.changesSinceAnalysis(uri);
        const place = (offset: number) => {
          const moved = offsetAfterChanges(changes, offset);
          return moved === null ? null : current.positionAt(moved);
        };
        return promptFileLenses(uri, read.analysis, place, ' · counting the latest edit…');
      }
      const { analysis, document } = read;
      if (!analysis) return [];
      const lenses = promptFileLenses(uri, analysis, (offset) => document.positionAt(offset), '');
      if (lenses.length > 0) lenses.push(...(await agent.codeLenses(uri, document)));
      return lenses;
    }, []),
  );
}

/** A prompt file's lenses, each placed by `place` (null drops a lens whose anchor an edit replaced). */
function promptFileLenses(uri: string, analysis: Analysis, place: (offset: number) => Position | null, note: string): CodeLens[] {
  if (analysis.skipped) return [];
  const estimate = !analysis.accuracy.exact;
  const lens = (offset: number, title: string): CodeLens[] => {
    const start = place(offset);
    return start ? [{ range: { start, end: start }, command: { title, command: 'tokenwise.showStats', arguments: [uri] } }] : [];
  };
  const summary = `${formatCount(analysis.tokens, { estimate })} tokens · ${analysis.cost.perCall === null ? 'unpriced' : `${formatCost(analysis.cost.perCall)}/call`} · ${analysis.model}${note}`;
  return [
    ...lens(analysis.regions[0]?.markerRange?.start ?? analysis.regions[0]?.range.start ?? 0, summary),
    ...analysis.regions.flatMap((region) => lens((region.markerRange ?? region.range).start, `${region.name} · ${formatCount(region.tokens, { estimate })} tokens`)),
    ...analysis.sections.flatMap((section) => lens(section.headingRange.start, `${formatCount(section.tokens, { estimate })} tokens`)),
  ];
}
