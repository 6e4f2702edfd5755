import { countRaw } from '../tokens/encoders';
import type { EncodingName } from '../types';
import type { InlinePrompt } from './types';

export interface InlinePromptCount {
  /** Tokens of the static text of every message, summed. */
  tokens: number;
  /** Tokens per message, in `prompt.messages` order. */
  messages: number[];
  /** Interpolations over all messages: each adds tokens only known at run time. */
  variables: number;
}

/**
 * Counts a prompt's static text, message by message. Chat formatting (a few tokens per message)
 * and the variables' text are not included: the total is a floor, shown with `≈`.
 */
export function countInlinePrompt(prompt: InlinePrompt, encoding: EncodingName): InlinePromptCount {
  const messages = prompt.messages.map((message) => countRaw(message.text, encoding));
  return {
    tokens: messages.reduce((sum, count) => sum + count, 0),
    messages,
    variables: prompt.messages.reduce((sum, message) => sum + message.variables, 0),
  };
}
