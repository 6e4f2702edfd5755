/**
 * Context windows and output limits the price dataset lacks. Every entry names the page it was
 * taken from. The dataset always wins (the model's own entry, then the same model at another
 * provider in the dataset), so an entry here only fills a gap; a test checks that every entry
 * still names a model of the bundled dataset.
 */
export interface KnownLimit {
  provider: string;
  modelId: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  source: string;
}

const OPENAI = 'https://platform.openai.com/docs/models';
const ANTHROPIC = 'https://docs.anthropic.com/en/docs/about-claude/models/overview';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/models';
const MISTRAL = 'https://docs.mistral.ai/getting-started/models/models_overview/';
const COHERE = 'https://docs.cohere.com/docs/models';

export const KNOWN_LIMITS: readonly KnownLimit[] = [
  { provider: 'openai', modelId: 'gpt-4o', maxOutputTokens: 16_384, source: `${OPENAI}/gpt-4o` },
  { provider: 'openai', modelId: 'gpt-4o-mini', maxOutputTokens: 16_384, source: `${OPENAI}/gpt-4o-mini` },
  { provider: 'openai', modelId: 'gpt-4.1', maxOutputTokens: 32_768, source: `${OPENAI}/gpt-4.1` },
  { provider: 'openai', modelId: 'gpt-4.1-mini', maxOutputTokens: 32_768, source: `${OPENAI}/gpt-4.1-mini` },
  { provider: 'openai', modelId: 'gpt-4.1-nano', maxOutputTokens: 32_768, source: `${OPENAI}/gpt-4.1-nano` },
  { provider: 'openai', modelId: 'gpt-4.5-preview', contextWindow: 128_000, maxOutputTokens: 16_384, source: `${OPENAI}/gpt-4.5-preview` },
  { provider: 'openai', modelId: 'gpt-5', maxOutputTokens: 128_000, source: `${OPENAI}/gpt-5` },
  { provider: 'openai', modelId: 'gpt-5-mini', maxOutputTokens: 128_000, source: `${OPENAI}/gpt-5-mini` },
  { provider: 'openai', modelId: 'gpt-5-nano', maxOutputTokens: 128_000, source: `${OPENAI}/gpt-5-nano` },
  { provider: 'openai', modelId: 'o3', maxOutputTokens: 100_000, source: `${OPENAI}/o3` },
  { provider: 'openai', modelId: 'o3-mini', maxOutputTokens: 100_000, source: `${OPENAI}/o3-mini` },
  { provider: 'openai', modelId: 'o4-mini', maxOutputTokens: 100_000, source: `${OPENAI}/o4-mini` },
  { provider: 'anthropic', modelId: 'claude-3-5-haiku-latest', maxOutputTokens: 8_192, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-3-5-sonnet', maxOutputTokens: 8_192, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-3-7-sonnet-latest', maxOutputTokens: 64_000, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-sonnet-4-0', maxOutputTokens: 64_000, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-opus-4-0', maxOutputTokens: 32_000, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-opus-4-1', maxOutputTokens: 32_000, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-sonnet-4-5', maxOutputTokens: 64_000, source: ANTHROPIC },
  { provider: 'anthropic', modelId: 'claude-haiku-4-5', maxOutputTokens: 64_000, source: ANTHROPIC },
  { provider: 'google', modelId: 'gemini-2.0-flash', maxOutputTokens: 8_192, source: `${GOOGLE}#gemini-2.0-flash` },
  { provider: 'google', modelId: 'gemini-2.5-pro', contextWindow: 1_048_576, maxOutputTokens: 65_536, source: `${GOOGLE}#gemini-2.5-pro` },
  { provider: 'google', modelId: 'gemini-2.5-flash', maxOutputTokens: 65_536, source: `${GOOGLE}#gemini-2.5-flash` },
  { provider: 'google', modelId: 'gemini-2.5-flash-lite', maxOutputTokens: 65_536, source: `${GOOGLE}#gemini-2.5-flash-lite` },
  { provider: 'google', modelId: 'gemini-3-pro-preview', contextWindow: 1_048_576, maxOutputTokens: 65_536, source: `${GOOGLE}#gemini-3-pro` },
  { provider: 'mistral', modelId: 'mistral-medium-3-1', contextWindow: 128_000, source: MISTRAL },
  { provider: 'mistral', modelId: 'mistral-small-latest', contextWindow: 128_000, source: MISTRAL },
  { provider: 'cohere', modelId: 'command-a', contextWindow: 256_000, source: `${COHERE}#command-a` },
  { provider: 'cohere', modelId: 'command-r', contextWindow: 128_000, source: `${COHERE}#command-r` },
  { provider: 'cohere', modelId: 'command-r-plus', contextWindow: 128_000, source: `${COHERE}#command-r-plus` },
  { provider: 'cohere', modelId: 'command-r7b', contextWindow: 128_000, source: `${COHERE}#command-r7b` },
];
