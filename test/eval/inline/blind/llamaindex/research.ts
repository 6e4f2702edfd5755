/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { openai } from '@llamaindex/openai';
import { agent } from '@llamaindex/workflow';
import { PromptTemplate, Settings } from 'llamaindex';
import { webSearch } from './tools/web-search';

Settings.llm = openai({ model: 'gpt-4.1-mini' });

export const summaryTemplate = new PromptTemplate({
  template: `Summarise the following meeting notes for {audience}.
Keep the action items as a bulleted list with owners.

{notes}`,
  templateVars: ['audience', 'notes'],
});

export async function summarise(notes: string) {
  const prompt = summaryTemplate.format({ audience: 'the executive team', notes });
  const response = await Settings.llm.complete({ prompt });
  return response.text;
}

export const researchAgent = agent({
  llm: openai({ model: 'gpt-5' }),
  tools: [webSearch],
  systemPrompt: 'You research companies for the sales team. Cite every source URL you use.',
});

export async function terseAnswer(question: string) {
  const llm = openai({ model: 'gpt-4o' });
  const res = await llm.chat({
    messages: [
      { role: 'system', content: 'You are terse. One paragraph at most.' },
      { role: 'user', content: question },
    ],
  });
  if (!res.message.content) throw new Error('Empty answer from the model, check the prompt template');
  return res.message.content;
}
