/**
 * Prompts inside TypeScript, JavaScript and Python source: SDK calls (OpenAI, Anthropic, the
 * Vercel AI SDK, LangChain, Google GenAI), constants named as prompts, and strings under a
 * `tokenwise: prompt` comment. Parsed with tree-sitter; the host supplies the WebAssembly bytes.
 */
export {
  createInlinePromptFinder,
  inlineLanguageOf,
  sourceLanguageIdForPath,
  INLINE_LANGUAGES,
  type InlinePromptFinder,
  type InlinePromptFinderOptions,
} from './finder';
export { GRAMMAR_FILES } from './runtime';
export { countInlinePrompt, type InlinePromptCount } from './count';
export type {
  InlineLanguage,
  InlineMessage,
  InlinePrompt,
  InlinePromptKind,
  InlineScan,
  InlineSdk,
  InlineTextPart,
} from './types';
