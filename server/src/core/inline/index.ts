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
export { countSelection, messageTextIn, type SelectionCount } from './selection';
export { fixInlinePrompts, samePrompts } from './fixAll';
export type {
  InlineLanguage,
  InlineMessage,
  InlinePrompt,
  InlinePromptKind,
  InlineScan,
  InlineSdk,
  InlineMedia,
  InlineStringLiteral,
  InlineTextPart,
} from './types';
export {
  escapeForLiteral,
  inlineCompressionDiagnostics,
  inlineMessageCompression,
  inlineTierDiagnostics,
  type InlineCompressionOptions,
  type InlineTierInput,
} from './compression';
export {
  analyzeInline,
  inlineAnchor,
  inlinePromptReport,
  summarizeInline,
  InlineAnalyzer,
  type InlineAnalysis,
  type InlineAnalysisInput,
  type InlineMessageStats,
  type InlinePromptReport,
  type InlinePromptStats,
  type InlineSummary,
} from './analysis';
