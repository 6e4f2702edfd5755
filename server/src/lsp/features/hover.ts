import type { Hover } from 'vscode-languageserver';
import { summarizeVerdict } from '../../core/config';
import { promptFileHover } from '../hover';
import type { FeatureContext } from './context';

/** Where the line starting at `offset` ends (before its line break). */
function lineEndOffset(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Hovers: a prompt file's region (tokens, cost, budget, the model comparison, the always-on
 * context of agent files) on the region's first line; a source document's prompt or message.
 * While a large prompt file is still being counted there is nothing to show yet: no hover, at once.
 */
export function registerHover(context: FeatureContext): void {
  const { connection, guard, prompts, sources, agent, isSource } = context;
  connection.onHover(
    guard('hover', async (params): Promise<Hover | null> => {
      const uri = params.textDocument.uri;
      if (isSource(uri)) return sources.hover(uri, params.position);
      const read = await prompts.read(uri);
      if (!read || read.pending) return null;
      const { analysis, document, entry } = read;
      if (!analysis || analysis.skipped) return null;
      // A hover opens on a region's first line (its role marker or its first line of text, where
      // the code lenses are), not on every character of the prompt.
      const lineOf = (offset: number) => document.positionAt(offset).line;
      const region = analysis.regions.find((candidate) => [candidate.markerRange?.start, candidate.range.start].some((start) => start !== undefined && lineOf(start) === params.position.line));
      if (!region) return null;
      const text = document.getText();
      let value = promptFileHover(analysis, region, summarizeVerdict(analysis, entry.verdict), entry.catalog ?? undefined, (encoding) => prompts.countWith(entry, analysis, text, encoding));
      const alwaysOn = await agent.hoverMarkdown(uri);
      if (alwaysOn) value += `\n\n${alwaysOn}`;
      const line = params.position.line;
      return { contents: { kind: 'markdown', value }, range: { start: { line, character: 0 }, end: document.positionAt(Math.min(text.length, lineEndOffset(text, document.offsetAt({ line, character: 0 })))) } };
    }, null),
  );
}
