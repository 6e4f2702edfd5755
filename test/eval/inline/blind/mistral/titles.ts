/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });

export async function shortenTitle(title: string) {
  const result = await mistral.chat.complete({
    model: 'mistral-small-latest',
    messages: [
      { role: 'system', content: 'Rewrite product titles to at most 60 characters. Keep the brand and the size.' },
      { role: 'user', content: title },
    ],
    maxTokens: 40,
  });
  return result.choices?.[0]?.message?.content;
}

export async function solve(problem: string) {
  const stream = await mistral.chat.stream({
    model: 'magistral-medium-latest',
    messages: [{ role: 'user', content: `Solve step by step and give the final answer on the last line:\n${problem}` }],
  });
  for await (const event of stream) process.stdout.write(String(event.data.choices[0]?.delta.content ?? ''));
}

export const TITLE_HELP = 'Titles longer than 60 characters are cut in search results.';
