/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import { PromptTemplate } from '@langchain/core/prompts';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { TavilySearch } from '@langchain/tavily';

const llm = new ChatAnthropic({ model: 'claude-3-7-sonnet-latest' });
const gemini = new ChatGoogleGenerativeAI({ model: 'gemini-2.5-flash', maxOutputTokens: 512 });

export const researcher = createReactAgent({
  llm,
  tools: [new TavilySearch({ maxResults: 3 })],
  prompt: 'You are a research assistant. Search first, then answer with citations.',
});

const tweetPrompt = PromptTemplate.fromTemplate('Write a tweet (max 280 characters) announcing {feature} for {audience}.');
export const tweetChain = tweetPrompt.pipe(gemini);

export async function headline(topic: string) {
  const res = await gemini.invoke([
    ['system', 'You write newspaper headlines.'],
    ['human', `Topic: ${topic}`],
  ]);
  return res.content;
}

export function debugPrompt(text: string) {
  console.debug('[agent] prompt length', text.length);
}
