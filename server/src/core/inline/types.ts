import type { OffsetRange, ParseProblem } from '../types';

/** The grammars the inline finder knows; `tsx` also serves `typescriptreact`. */
export type InlineLanguage = 'typescript' | 'tsx' | 'javascript' | 'python';

/** The SDK a call belongs to, judged from the call's shape (not from imports). */
export type InlineSdk = 'openai' | 'anthropic' | 'ai-sdk' | 'langchain' | 'google-genai' | 'llamaindex' | 'mistral' | 'cohere' | 'replicate' | 'pydantic-ai';

/** What a media generation prompt produces: priced per image or per second, not as chat input. */
export type InlineMedia = 'image' | 'video';

/**
 * How a prompt was found: an SDK `call`, a `constant` whose name says it is a prompt
 * (`SYSTEM_PROMPT`, `summary_prompt`), or a string under a `tokenwise: prompt` `marker` comment.
 */
export type InlinePromptKind = 'call' | 'constant' | 'marker';

/** A string literal in the source: what an edit inside it must respect. */
export interface InlineStringLiteral {
  /** The whole literal, prefix and quotes included. */
  range: OffsetRange;
  /** Between the quotes. */
  content: OffsetRange;
  /** The delimiter: `'`, `"`, `` ` `` (JS template literal), `'''` or `"""`. */
  quote: string;
  /** Python's string prefix, lower-cased (`f`, `r`, `rf`, `u`…); empty for JS. */
  prefix: string;
}

/** A piece of a message's text and the source it came from. */
export interface InlineTextPart {
  /** Source range the piece was read from: verbatim text, or one escape sequence. */
  range: OffsetRange;
  /** The decoded text of the piece, exactly as it appears in the message's `text`. */
  text: string;
  /** The string literal the piece lies in, when the finder knows it. */
  literal?: InlineStringLiteral;
}

/** One message (or content block) of a prompt, as it would be sent. */
export interface InlineMessage {
  /** `system`, `user`, `assistant`, `developer` or `tool`; LangChain `human`/`ai` are normalized. */
  role: string;
  /**
   * The expression the text comes from: the string literal(s), the concatenation, or, when the
   * message was given by a name, the literal in that name's declaration.
   */
  range: OffsetRange;
  /** The static text as sent: escapes decoded, concatenated, dedented; interpolations left out. */
  text: string;
  /** How many interpolations (or template placeholders) the text has; their text is unknown. */
  variables: number;
  /**
   * Source ranges ↔ text pieces, in order; `parts.map(p => p.text).join('') === text`.
   * A part whose text equals the source slice can be edited in place.
   */
  parts: InlineTextPart[];
  /** Where each interpolation or placeholder is in the source. */
  variableRanges: OffsetRange[];
}

/** A prompt found in source code. */
export interface InlinePrompt {
  /** The whole call (for `call`) or declaration/statement (for `constant` and `marker`). */
  range: OffsetRange;
  kind: InlinePromptKind;
  sdk: InlineSdk | null;
  /** What was recognised, e.g. `chat.completions.create` or `generateText`; null for non-calls. */
  api: string | null;
  /** The declared name for `constant` and `marker` prompts (`SYSTEM_PROMPT`), else null. */
  name: string | null;
  /** The model as written (`gpt-4o`), when it is a static string in this file. */
  model: string | null;
  /** The model string's text, without quotes. */
  modelRange: OffsetRange | null;
  /**
   * `literal`: the model is written at the call (or in a constant or constructor it uses).
   * `default`: a literal default of a run-time value (`process.env.M ?? 'gpt-4o'`,
   * `os.environ.get("M", "gpt-4.1")`, a parameter's default); another model may run. (Not the
   * settings' default model, which `InlinePromptStats.modelSource` calls `default`.)
   */
  modelSource?: 'literal' | 'default';
  /** Set for image and video generation prompts (`generateImage`, `images.generate`, Imagen, Replicate). */
  media?: InlineMedia;
  /** The call's output budget (`max_tokens`, `maxOutputTokens`…) when it is a static number. */
  maxOutputTokens: number | null;
  messages: InlineMessage[];
}

/** What one pass over a source file found. */
export interface InlineScan {
  languageId: string;
  /** The grammar used, or null when the language is not one the finder handles. */
  language: InlineLanguage | null;
  prompts: InlinePrompt[];
  /** Syntax errors (prompts inside them may be missed) and grammar-loading failures. */
  problems: ParseProblem[];
  /** True when the parse reused the previous scan's tree. */
  incremental: boolean;
}
