/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { CohereClientV2 } from 'cohere-ai';

const cohere = new CohereClientV2({ token: process.env.CO_API_KEY });
const TAGLINE_MODEL = process.env.TAGLINE_MODEL ?? 'command-r-plus-08-2024';

export async function taglines(product: string) {
  const response = await cohere.chat({
    model: TAGLINE_MODEL,
    messages: [{ role: 'user', content: `Write three taglines for ${product}. Max eight words each.` }],
  });
  return response.message?.content?.[0];
}

export async function streamPitch(product: string, audience: string) {
  const stream = await cohere.chatStream({
    model: 'command-a-03-2025',
    messages: [
      { role: 'system', content: 'You write 30-second elevator pitches. No superlatives.' },
      { role: 'user', content: `Pitch ${product} to ${audience}.` },
    ],
  });
  for await (const event of stream) {
    if (event.type === 'content-delta') process.stdout.write(event.delta?.message?.content?.text ?? '');
  }
}

export async function searchIndex(query: string) {
  return cohere.rerank({ model: 'rerank-v3.5', query, documents: ['Pricing', 'Security', 'Integrations'] });
}
