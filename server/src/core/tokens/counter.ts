import type { EncodingName } from '../types';
import { planChunks } from './chunking';
import { countRaw } from './encoders';

export interface RangeCount {
  tokens: number;
  /** False when a pathological run forced a cut that the pre-tokenizer would not make. */
  exact: boolean;
}

/**
 * Counts ranges of a text exactly, re-tokenizing only chunks whose text changed since the last
 * pass. One counter belongs to one document: the memo keeps the chunks of the latest two passes,
 * so memory follows the document's size, not its edit history.
 */
export class TokenCounter {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(readonly encoding: EncodingName) {}

  /** Exact count of `text[start, end)` as one message would be counted. */
  countRange(text: string, start = 0, end = text.length): RangeCount {
    if (end <= start) return { tokens: 0, exact: true };
    const plan = planChunks(text, start, end);
    let tokens = 0;
    let chunkStart = start;
    for (const cut of plan.cuts) {
      tokens += this.countChunk(text.slice(chunkStart, cut));
      chunkStart = cut;
    }
    tokens += this.countChunk(text.slice(chunkStart, end));
    return { tokens, exact: !plan.forced };
  }

  /** Ends a pass: chunks not seen since the previous pass are forgotten. */
  endPass(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  private countChunk(chunk: string): number {
    let count = this.current.get(chunk);
    if (count !== undefined) return count;
    count = this.previous.get(chunk);
    if (count === undefined) count = countRaw(chunk, this.encoding);
    this.current.set(chunk, count);
    return count;
  }
}
