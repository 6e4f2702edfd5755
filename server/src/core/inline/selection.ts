/**
 * The selection count of a source file: what the model would read of the selected text. Inside
 * prompts that is the prompt text the selection covers (escapes decoded, quotes and code left
 * out); a selection that touches no prompt is counted as written.
 */
import { estimateTokens, nonLatinShare } from '../pricing';
import { countRaw } from '../tokens/encoders';
import type { EncodingName, OffsetRange } from '../types';
import type { InlineAnalysis, InlinePromptStats } from './analysis';
import type { InlineMessage } from './types';

export interface SelectionCount {
  tokens: number;
  /** The tokenizer of the first prompt counted. */
  encoding: EncodingName;
  /** False when any count is an estimate for another vendor's tokenizer. */
  exact: boolean;
}

/**
 * The part of a message's text that `range` of the source covers, or null when it covers none.
 * Verbatim text is cut at the range's edges; an escape sequence (`\n`, `\u00e9`) counts whole
 * once any of it is selected.
 */
export function messageTextIn(source: string, message: InlineMessage, range: OffsetRange): string | null {
  let text = '';
  let touched = false;
  for (const part of message.parts) {
    const start = Math.max(range.start, part.range.start);
    const end = Math.min(range.end, part.range.end);
    if (end <= start) continue;
    touched = true;
    const verbatim = part.text === source.slice(part.range.start, part.range.end);
    text += verbatim ? part.text.slice(start - part.range.start, end - part.range.start) : part.text;
  }
  return touched ? text : null;
}

/** Counts `ranges` of `source` as the status bar's selection count; null when the file has no prompt. */
export function countSelection(source: string, analysis: InlineAnalysis, ranges: readonly OffsetRange[]): SelectionCount | null {
  const fallback = analysis.prompts[0];
  if (!fallback) return null;
  let tokens = 0;
  let exact = true;
  let encoding: EncodingName | null = null;
  const add = (text: string, stats: InlinePromptStats) => {
    encoding ??= stats.encoding;
    const raw = countRaw(text, stats.encoding);
    const info = stats.modelInfo;
    if (info && !info.accuracy.exact) {
      tokens += estimateTokens(info, raw, nonLatinShare(text)).tokens;
      exact = false;
    } else {
      tokens += raw;
      exact &&= stats.accuracy.exact;
    }
  };
  for (const range of ranges) {
    if (range.end <= range.start) continue;
    // A constant used by several calls is one piece of text: count it once, with its first call's model.
    const counted = new Set<string>();
    let touched = false;
    for (const stats of analysis.prompts) {
      for (const message of stats.prompt.messages) {
        const key = `${message.range.start}:${message.range.end}`;
        if (counted.has(key)) continue;
        const text = messageTextIn(source, message, range);
        if (text === null) continue;
        counted.add(key);
        touched = true;
        add(text, stats);
      }
    }
    if (!touched) add(source.slice(range.start, range.end), fallback);
  }
  return { tokens, encoding: encoding ?? fallback.encoding, exact };
}
