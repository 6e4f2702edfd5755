/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import OpenAI from 'openai';
import { Agent, run } from '@openai/agents';
import { sql } from './db';

const client = new OpenAI();
const WRITER_MODEL = process.env.WRITER_MODEL ?? 'gpt-4o';

const NEWSLETTER_SYSTEM_PROMPT = `You write the weekly customer newsletter.
Tone: warm, concise, no emojis. Structure: intro, three highlights, one tip, sign-off.`;

export async function draftNewsletter(highlights: string[], tip: string) {
  const completion = await client.chat.completions.create({
    model: WRITER_MODEL,
    max_completion_tokens: 900,
    messages: [
      { role: 'system', content: NEWSLETTER_SYSTEM_PROMPT },
      { role: 'user', content: `Highlights:\n${highlights.join('\n')}\n\nTip of the week: ${tip}` },
    ],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function subjectLine(draft: string) {
  const response = await client.responses.create({
    model: 'gpt-5',
    instructions: 'Write one email subject line under 50 characters for the newsletter. No clickbait.',
    input: draft,
  });
  return response.output_text;
}

export const proofreader = new Agent({
  name: 'Proofreader',
  instructions: 'Fix spelling and grammar only. Never change the meaning or the tone.',
  model: 'gpt-4.1-mini',
});

export async function proofread(text: string) {
  return (await run(proofreader, text)).finalOutput;
}

export async function headerImage(theme: string) {
  const img = await client.images.generate({ model: 'dall-e-3', prompt: `Minimal watercolour illustration of ${theme}, pastel colours`, n: 1 });
  return img.data?.[0]?.url;
}

export async function recipients(segment: string) {
  const rows = await sql`SELECT email FROM subscribers WHERE segment = ${segment} AND unsubscribed_at IS NULL`;
  console.info(`Sending the newsletter prompt output to ${rows.length} subscribers`);
  return rows;
}
