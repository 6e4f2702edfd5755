/**
 * Plain data shared by every part of the analysis core.
 *
 * All positions in the core are offsets into the document text, counted in UTF-16 code units
 * (JavaScript string indices). Only `lsp/` turns them into LSP positions, and the CLI uses the
 * same line index from `core/text` so both report identical ranges.
 */

/** A half-open span `[start, end)` of UTF-16 code-unit offsets. */
export interface OffsetRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Replace `range` with `newText`. Edits in one fix never overlap. */
export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

/** An edit the user can choose; `savedTokens` is in the prompt's model unit (an estimate for other vendors' models). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  savedTokens?: number;
  /** `savedTokens` is an estimate in the model's unit (no public tokenizer): shown with `≈`. */
  savedEstimate?: boolean;
  /** Safe to apply without review as part of fix-all. */
  safeForFixAll?: boolean;
  isPreferred?: boolean;
}

export interface Diagnostic {
  /** Stable rule code, e.g. `budget-exceeded`. Tools outside the code rely on these names. */
  code: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  /** `unnecessary` lets editors fade the text out. */
  tags?: Array<'unnecessary' | 'deprecated'>;
  fixes?: Fix[];
}

export type EncodingName = 'o200k_base' | 'cl100k_base' | 'o200k_harmony';

/** How sure a token count is: exact, or an estimate within ±band (a fraction, 0.12 = ±12%). */
export interface Accuracy {
  exact: boolean;
  band: number | null;
}

export type PromptFormat =
  | 'vscode-prompt' // *.prompt.md
  | 'vscode-instructions' // *.instructions.md
  | 'vscode-chatmode' // *.chatmode.md
  | 'prompty' // *.prompty
  | 'dotprompt' // *.prompt
  | 'markdown' // a markdown file marked as a prompt by a glob
  | 'text'; // any other file marked as a prompt by a glob

/** A template variable such as `{{name}}`, `{% if x %}`, `${input:topic}` or `{name}`. */
export interface TemplateVariable {
  name: string;
  range: OffsetRange;
  syntax: 'mustache' | 'jinja-block' | 'jinja-comment' | 'vscode-input' | 'dollar' | 'brace';
}

/** A message (or the single body) of a prompt, as it would be sent. */
export interface PromptRegion {
  /** Display name: the role, or `body` for single-message prompts. */
  name: string;
  role?: string;
  /** The text that is sent: excludes front matter and role-marker lines. */
  range: OffsetRange;
  /** The role-marker line (`system:` or `{{role "user"}}`) when there is one. */
  markerRange?: OffsetRange;
  /** Parts of `range` the runtime drops before sending (Dotprompt `{{! }}` comments), sorted. */
  omitted?: OffsetRange[];
}

/** A markdown heading section inside a region; informational, not a separate message. */
export interface PromptSection {
  name: string;
  level: number;
  /** From the heading line to the next heading of the same or higher level. */
  range: OffsetRange;
  headingRange: OffsetRange;
}

export interface ParseProblem {
  message: string;
  range: OffsetRange;
}

export interface FrontMatter {
  /** From the opening `---` to the end of the closing `---` line (newline included). */
  range: OffsetRange;
  /** The YAML between the fences. */
  contentRange: OffsetRange;
  /** Parsed YAML as plain data, or `undefined` when it did not parse to a mapping. */
  data: Record<string, unknown> | undefined;
  /** Source ranges of scalar values by dotted key path (`model.configuration.name`). */
  valueRanges: Record<string, OffsetRange>;
  problems: ParseProblem[];
}

/** A budget for one call: in tokens, in US dollars, or both. */
export interface Budget {
  tokens: number | null;
  usd: number | null;
}

/** What a prompt file says about itself, before any counting. */
export interface PromptDocument {
  format: PromptFormat;
  frontMatter: FrontMatter | null;
  /** The model the document declares, as written (normalized by the model catalog). */
  declaredModel: string | null;
  declaredModelRange: OffsetRange | null;
  /**
   * Set when `model:` names several models: `list` for a YAML list (a VS Code fallback list; the
   * first is declared), `ambiguous` for a scalar such as `GPT-4.1 | 'gpt-5'` (nothing is declared
   * as priced; `declaredModel` is what was read). `others` are the models not priced.
   */
  declaredModelChoice?: { kind: 'list' | 'ambiguous'; others: string[] };
  budget: Budget | null;
  maxOutputTokens: number | null;
  regions: PromptRegion[];
  sections: PromptSection[];
  variables: TemplateVariable[];
  problems: ParseProblem[];
}
