/**
 * Long unbroken runs and the advisory rules that must read them in linear time. Shared by the
 * unit test (termination and correctness) and the bench (time per rule).
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { cachePrefixDiagnostics } from '../../server/src/core/rules/cache';
import { COMPRESSION_RULE_CODES, compressionDiagnostics, type CompressionRuleCode } from '../../server/src/core/rules/compression';
import { analyzeTask } from '../../server/src/core/rules/tier';
import { readStructure } from '../../server/src/core/structure';
import { parsePromptDocument } from '../../server/src/core/documents/parse';

/** Counting is not under test here: a cheap stand-in keeps the figures about the rules. */
const roughCount = (text: string): number => Math.ceil(text.length / 4);

function repeat(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

export const LINEAR_INPUTS: ReadonlyArray<{ name: string; make: (n: number) => string }> = [
  { name: 'letters', make: (n) => repeat('a', n) },
  { name: 'digits', make: (n) => repeat('7', n) },
  { name: 'spaces', make: (n) => `x${repeat(' ', n - 2)}y` },
  { name: 'punct', make: (n) => repeat('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', n) },
  { name: 'braces', make: (n) => repeat('{{%<', n) },
  { name: 'dots', make: (n) => repeat('a.', n) },
  { name: 'cjk', make: (n) => repeat('漢字仮名交じり文', n) },
];

function compressionRule(code: CompressionRuleCode) {
  const rules = Object.fromEntries(COMPRESSION_RULE_CODES.map((c) => [c, c === code ? 'hint' : 'off']));
  return (text: string) => compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens: roughCount, settings: { rules: rules as Record<string, 'hint' | 'off'> } });
}

export const LINEAR_RULES: ReadonlyArray<{ name: string; run: (text: string) => unknown }> = [
  ...COMPRESSION_RULE_CODES.map((code) => ({ name: code, run: compressionRule(code) })),
  {
    name: 'cache-prefix',
    run: (text: string) =>
      cachePrefixDiagnostics({
        text,
        regions: [{ range: { start: 0, end: text.length } }],
        variables: [],
        countTokens: roughCount,
        provider: 'anthropic',
        prices: { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 },
      }),
  },
  { name: 'model-tier', run: (text: string) => analyzeTask(text) },
  { name: 'structure', run: (text: string) => readStructure(text, [{ start: 0, end: text.length }]) },
  { name: 'documents (prompt.md)', run: (text: string) => parsePromptDocument(text, 'vscode-prompt') },
  { name: 'documents (prompty)', run: (text: string) => parsePromptDocument(`---\nname: x\n---\nsystem:\n${text}\n# ${text}`, 'prompty') },
];

/** The exact tokenizer, for callers that want real counts. */
export const exactCount = (text: string): number => countTokens(text);
