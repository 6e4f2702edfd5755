import type { Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { summarizeVerdict } from '../../core/config';
import { offsetAfterChanges, offsetBeforeChanges } from '../documentStore';
import { promptFileHover } from '../hover';
import type { PromptFileEntry, PromptFiles } from '../promptFiles';
import type { Analysis } from '../../core';
import type { FeatureContext } from './context';

/** Where the line starting at `offset` ends (before its line break). */
function lineEndOffset(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Hovers: a prompt file's region (tokens, cost, budget, the model comparison, the always-on
 * context of agent files) on the region's first line; a source document's prompt or message.
 * While a large prompt file is still being counted, the hover is the latest complete count's,
 * found through the edits since and saying so; before the first count there is none.
 */
export function registerHover(context: FeatureContext): void {
  const { connection, guard, store, prompts, sources, agent, isSource } = context;
  connection.onHover(
    guard('hover', async (params): Promise<Hover | null> => {
      const uri = params.textDocument.uri;
      if (isSource(uri)) return sources.hover(uri, params.position);
      const read = await prompts.read(uri);
      if (!read) return null;
      if (read.pending) {
        const current = store.get(uri);
        if (!read.analysis || !read.document || !current) return null;
        // Find the hovered line in the counted text, and the answer's line in the current one.
        const changes = store.changesSinceAnalysis(uri);
        const before = offsetBeforeChanges(changes, current.offsetAt({ line: params.position.line, character: 0 }));
        if (before === null) return null;
        const found = regionHover(prompts, read.entry, read.analysis, read.document, read.document.positionAt(before).line);
        const start = found && offsetAfterChanges(changes, found.start);
        const end = found && offsetAfterChanges(changes, found.end);
        if (!found || start === null || end === null) return null;
        const value = `${found.value}\n\n*Counting the latest edit: these figures are from before it.*`;
        return { contents: { kind: 'markdown', value }, range: { start: current.positionAt(start), end: current.positionAt(end) } };
      }
      const { analysis, document, entry } = read;
      if (!analysis) return null;
      const found = regionHover(prompts, entry, analysis, document, params.position.line);
      if (!found) return null;
      let value = found.value;
      const alwaysOn = await agent.hoverMarkdown(uri);
      if (alwaysOn) value += `\n\n${alwaysOn}`;
      return { contents: { kind: 'markdown', value }, range: { start: document.positionAt(found.start), end: document.positionAt(found.end) } };
    }, null),
  );
}

/**
 * The hover of the region whose first line (its role marker or its first line of text, where the
 * code lenses are) is `line`, with the line's offsets; null on every other line of the prompt.
 */
function regionHover(prompts: PromptFiles, entry: PromptFileEntry, analysis: Analysis, document: TextDocument, line: number): { value: string; start: number; end: number } | null {
  if (analysis.skipped) return null;
  const lineOf = (offset: number) => document.positionAt(offset).line;
  const region = analysis.regions.find((candidate) => [candidate.markerRange?.start, candidate.range.start].some((start) => start !== undefined && lineOf(start) === line));
  if (!region) return null;
  const text = document.getText();
  const value = promptFileHover(analysis, region, summarizeVerdict(analysis, entry.verdict), entry.catalog ?? undefined, (encoding) => prompts.countWith(entry, analysis, text, encoding));
  const start = document.offsetAt({ line, character: 0 });
  return { value, start, end: Math.min(text.length, lineEndOffset(text, start)) };
}
