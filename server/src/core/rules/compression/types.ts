/**
 * Types of the compression rules. Everything here is plain data: offsets are UTF-16 indices into
 * the whole document text, as everywhere in the core.
 */
import type { Fix, OffsetRange, Severity, TemplateVariable } from '../../types';

/** The stable codes of the compression rules. Settings, code actions and the CLI use these names. */
export type CompressionRuleCode =
  | 'filler-phrase'
  | 'verbose-phrase'
  | 'duplicate-instruction'
  | 'whitespace'
  | 'json-minify'
  | 'meta-talk';

export const COMPRESSION_RULE_CODES: readonly CompressionRuleCode[] = [
  'filler-phrase',
  'verbose-phrase',
  'duplicate-instruction',
  'whitespace',
  'json-minify',
  'meta-talk',
];

/** The severity a rule reports with unless settings say otherwise. */
export const DEFAULT_SEVERITIES: Readonly<Record<CompressionRuleCode, Severity>> = {
  'filler-phrase': 'hint',
  'verbose-phrase': 'information',
  'duplicate-instruction': 'information',
  whitespace: 'hint',
  'json-minify': 'information',
  'meta-talk': 'hint',
};

/** A user phrase: `from` is matched case-insensitively as whole words; `to` may be empty. */
export interface PhraseSetting {
  from: string;
  to: string;
}

export interface CompressionSettings {
  /** Per rule: `off`, or the severity to report with. Unknown codes are ignored. */
  rules?: Partial<Record<string, 'off' | Severity>>;
  /** Extra wordy → concise pairs, reported by `verbose-phrase` (e.g. `tokenwise.compression.phrases`). */
  phrases?: PhraseSetting[];
}

export interface CompressionInput {
  /** The prompt text that is sent: front matter and role-marker lines lie outside these ranges. */
  regions: OffsetRange[];
  /** Template spans already found by the document parser; the rules also detect their own. */
  variables?: TemplateVariable[];
  /** Exact token count of one piece of text with the document's tokenizer. */
  countTokens: (text: string) => number;
  /**
   * `countTokens` gives estimates in a model's unit (a model without a public tokenizer): every
   * saving a fix states is then labelled `≈`, as the model's other figures are.
   */
  estimate?: boolean;
  settings?: CompressionSettings;
  /**
   * The natural language the document declares (BCP 47, e.g. `en`, `de-DE`). When it names a
   * language other than English the English-only rules stay silent; when absent, each sentence's
   * language is detected from its script and stopwords.
   */
  language?: string;
  /**
   * Whether `json-minify` may act (default true). Off for markdown documents read by an agent or
   * chat harness (instructions, agents, skills, VS Code prompt files): their JSON blocks are
   * configuration to copy or code to read, not payload the author sends through an API.
   */
  minifyJson?: boolean;
  /**
   * Ranges no fix may touch, in addition to those detected. `compressAll` uses it to carry the
   * spans protected in the original text through later passes.
   */
  protectedRanges?: OffsetRange[];
  /**
   * Called when a rule fails internally (`analysis` when the shared analysis did); the failing
   * part then reports nothing and the rest still runs. For logging: user input never causes it.
   */
  onError?: (code: CompressionRuleCode | 'analysis', error: unknown) => void;
  /**
   * Called before each rule and between the phases of reading the prompt. A host that runs the
   * rules in the background throws from it to abandon work on a version the user has already
   * typed past; what it throws is not caught here.
   */
  checkpoint?: () => void;
}

/** A fix produced by a compression rule: it knows the code of the rule that offered it. */
export interface CompressionFix extends Fix {
  code: CompressionRuleCode | string;
}

export interface AppliedFix {
  code: string;
  /** Tokens the fix saved, as measured when it was offered. */
  saved: number;
}
