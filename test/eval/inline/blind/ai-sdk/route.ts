/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { openai } from '@ai-sdk/openai';
import { anthropic } from '@ai-sdk/anthropic';
import { convertToModelMessages, stepCountIs, streamText, tool, ToolLoopAgent, type UIMessage } from 'ai';
import { z } from 'zod';
import { fetchWeather } from '@/lib/weather';

export const maxDuration = 60;

const weatherTool = tool({
  description: 'Get the current weather for a city',
  inputSchema: z.object({ city: z.string().describe('City name, for example "Lisbon"') }),
  execute: async ({ city }) => fetchWeather(city),
});

const travelAgent = new ToolLoopAgent({
  model: anthropic('claude-sonnet-4-5'),
  instructions: 'You are a travel assistant. Check the weather before recommending outdoor activities.',
  tools: { weather: weatherTool },
  stopWhen: stepCountIs(5),
});

export async function POST(req: Request) {
  const { messages }: { messages: UIMessage[] } = await req.json();
  const result = streamText({
    model: openai('gpt-4.1'),
    system: 'You are the assistant for Acme Travel. Never book anything without an explicit confirmation.',
    messages: convertToModelMessages(messages),
    tools: { weather: weatherTool },
    maxOutputTokens: 800,
  });
  return result.toUIMessageStreamResponse();
}

export async function GET(req: Request) {
  const city = new URL(req.url).searchParams.get('city');
  if (!city) return new Response('Missing city. Please enter a city name.', { status: 400 });
  const result = await travelAgent.generate({ prompt: `Plan a rainy-day afternoon in ${city}.` });
  return Response.json({ text: result.text });
}
