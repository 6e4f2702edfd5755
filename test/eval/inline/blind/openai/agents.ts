/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { Agent, run, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { db } from './db';

const openai = new OpenAI();
const AGENT_MODEL = process.env.AGENT_MODEL ?? 'gpt-4.1';

const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Look up an order by its id and return its status and items',
  parameters: z.object({ orderId: z.string() }),
  execute: async ({ orderId }) => db.orders.find(orderId),
});

export const refundAgent = new Agent({
  name: 'Refund agent',
  instructions: 'You handle refund requests. Check the order with lookup_order first, and refuse refunds for orders older than 30 days.',
  model: AGENT_MODEL,
  tools: [lookupOrder],
});

export const triageAgent = new Agent({
  name: 'Triage agent',
  instructions: `You route customers to the right specialist.
If the message is about getting money back, hand off to the refund agent.
Otherwise answer yourself in at most two sentences.`,
  handoffs: [refundAgent],
  model: 'gpt-5-mini',
});

export async function handle(message: string) {
  const result = await run(triageAgent, message);
  return result.finalOutput;
}

export async function productImage(productName: string, style: string) {
  const image = await openai.images.generate({
    model: 'gpt-image-1',
    prompt: `A studio photo of ${productName} on a white background, ${style} lighting, no text`,
    size: '1024x1024',
  });
  return image.data?.[0]?.b64_json;
}

export async function moderate(text: string) {
  // Moderation input is classified, not answered: it is not a prompt.
  const result = await openai.moderations.create({ model: 'omni-moderation-latest', input: text });
  if (result.results[0]?.flagged) {
    throw new Error('Your message was flagged by moderation; please rephrase it and try again');
  }
}

export async function streamAnswer(question: string, model = process.env.ANSWER_MODEL || 'gpt-4o') {
  const stream = await openai.chat.completions.create({
    model,
    stream: true,
    messages: [
      { role: 'developer', content: 'Answer in the language of the question. Use short paragraphs.' },
      { role: 'user', content: question },
    ],
  });
  let answer = '';
  for await (const chunk of stream) answer += chunk.choices[0]?.delta?.content ?? '';
  console.log(`answered ${question.length} chars with model ${model}`);
  return answer;
}
