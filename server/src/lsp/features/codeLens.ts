import type { CodeLens } from 'vscode-languageserver';
import { formatCost, formatCount } from '../../shared/format';
import type { FeatureContext } from './context';

/**
 * Code lenses: a prompt file's total on its first region, one per region and one per markdown
 * section, plus the always-on context lens of agent files; source documents get one per prompt.
 * While a large prompt file is still being counted, one lens says so at once (the client is asked
 * to refresh lenses when the count ends).
 */
export function registerCodeLens(context: FeatureContext): void {
  const { connection, guard, prompts, sources, agent, isSource } = context;
  connection.onCodeLens(
    guard('codeLens', async (params): Promise<CodeLens[]> => {
      const uri = params.textDocument.uri;
      if (isSource(uri)) return sources.codeLens(uri);
      const read = await prompts.read(uri);
      if (!read) return [];
      if (read.pending) {
        const top = { line: 0, character: 0 };
        return [{ range: { start: top, end: top }, command: { title: 'Tokenwise: counting…', command: 'tokenwise.showStats', arguments: [uri] } }];
      }
      const { analysis, document } = read;
      if (!analysis || analysis.skipped) return [];
      const approx = analysis.accuracy.exact ? '' : '≈ ';
      const summary = `${approx}${formatCount(analysis.tokens)} tokens · ${analysis.cost.perCall === null ? 'unpriced' : `${formatCost(analysis.cost.perCall)}/call`} · ${analysis.model}`;
      const top = document.positionAt(analysis.regions[0]?.markerRange?.start ?? analysis.regions[0]?.range.start ?? 0);
      const lenses: CodeLens[] = [{ range: { start: top, end: top }, command: { title: summary, command: 'tokenwise.showStats', arguments: [uri] } }];
      lenses.push(...analysis.regions.map((region) => {
        const anchor = region.markerRange ?? region.range;
        const start = document.positionAt(anchor.start);
        return {
          range: { start, end: start },
          command: { title: `${region.name} · ${approx}${formatCount(region.tokens)} tokens`, command: 'tokenwise.showStats', arguments: [uri] },
        };
      }));
      for (const section of analysis.sections) {
        const start = document.positionAt(section.headingRange.start);
        lenses.push({ range: { start, end: start }, command: { title: `${approx}${formatCount(section.tokens)} tokens`, command: 'tokenwise.showStats', arguments: [uri] } });
      }
      lenses.push(...(await agent.codeLenses(uri, document)));
      return lenses;
    }, []),
  );
}
