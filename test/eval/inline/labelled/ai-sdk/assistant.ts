/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { anthropic } from '@ai-sdk/anthropic';
import { google } from '@ai-sdk/google';
import { openai } from '@ai-sdk/openai';
import { Experimental_Agent as Agent, generateText, streamObject, streamText, tool } from 'ai';
import { z } from 'zod';

const SUPPORT_MODEL = anthropic(process.env.SUPPORT_MODEL ?? 'claude-sonnet-4-5');

const supportAgent = new Agent({
  model: SUPPORT_MODEL,
  system: 'You are a support agent for a bike shop. Use the stock tool before promising availability.',
  tools: {
    stock: tool({
      description: 'Check stock for a product id',
      inputSchema: z.object({ productId: z.string() }),
      execute: async ({ productId }) => ({ productId, available: 3 }),
    }),
  },
});

export async function answer(question: string) {
  const { text } = await supportAgent.generate({ prompt: question });
  return text;
}

export function streamRepairSteps(bike: string, problem: string) {
  return streamText({
    model: google('gemini-2.5-pro'),
    prompt: `Give step-by-step repair instructions for a ${bike} with this problem: ${problem}`,
    temperature: 0.3,
  });
}

export function streamPartsList(job: string) {
  return streamObject({
    model: openai('gpt-4.1'),
    schema: z.object({ parts: z.array(z.object({ name: z.string(), quantity: z.number() })) }),
    prompt: `List the parts needed for this repair job: ${job}`,
  });
}

export async function greeting(locale: string) {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    messages: [
      { role: 'system', content: 'Greet the customer in their language in one short sentence.' },
      { role: 'user', content: `Locale: ${locale}` },
    ],
    maxOutputTokens: 30,
  });
  return text;
}

export const LABELS = { send: 'Send', placeholder: 'Describe the problem with your bike…' };
