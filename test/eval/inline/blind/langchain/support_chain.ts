/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';
import { search } from './search';

const claude = new ChatAnthropic({ model: 'claude-sonnet-4-5', temperature: 0, maxTokens: 1024 });
const cheap = new ChatOpenAI({ model: process.env.CHEAP_MODEL ?? 'gpt-4.1-mini' });

const answerPrompt = ChatPromptTemplate.fromMessages([
  ['system', 'You answer questions about {product} using the release notes below.\n\n{notes}'],
  ['human', '{question}'],
]);

export const answerChain = answerPrompt.pipe(claude).pipe(new StringOutputParser());

export async function titleFor(question: string) {
  const res = await cheap.invoke(`Write a five-word title for this support question: ${question}`);
  return res.content;
}

export async function quickFacts() {
  const results = await claude.batch([
    'Name three everyday uses of a Raspberry Pi.',
    'Name three everyday uses of an Arduino.',
  ]);
  return results.map((r) => r.content);
}

export async function* streamExplain(topic: string) {
  const stream = await claude.stream([
    ['system', 'Explain like a patient teacher. Use exactly one analogy.'],
    ['human', `Explain ${topic}.`],
  ]);
  for await (const chunk of stream) yield chunk.content;
}

const searchDocs = tool(async ({ query }) => search(query), {
  name: 'search_docs',
  description: 'Search the product documentation and return the top five pages',
  schema: z.object({ query: z.string() }),
});

export const docsAgent = createAgent({
  model: 'anthropic:claude-sonnet-4-5',
  tools: [searchDocs],
  systemPrompt: 'You are a documentation assistant. Always search before answering and cite the page title.',
});

export function traceLabel(run: string) {
  return `chain:${run} — open LangSmith to see the full prompt`;
}
