/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { anthropic } from '@llamaindex/anthropic';
import { PromptTemplate, VectorStoreIndex } from 'llamaindex';

const llm = anthropic({ model: 'claude-sonnet-4-5' });

const qaTemplate = new PromptTemplate({
  template: `Answer the question using the context.
Context: {context}
Question: {query}
If the context does not contain the answer, say "I don't know".`,
});

export async function ask(index: VectorStoreIndex, query: string) {
  const engine = index.asQueryEngine({ llm });
  engine.updatePrompts({ 'responseSynthesizer:textQATemplate': qaTemplate });
  return engine.query({ query });
}

export async function oneLiner(text: string) {
  const res = await llm.complete({ prompt: `Summarise in one line: ${text}` });
  return res.text;
}
