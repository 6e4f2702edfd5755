/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';

const anthropic = new Anthropic();
const MODEL = 'claude-sonnet-4-5';
const STYLE_GUIDE = readFileSync(new URL('./style-guide.md', import.meta.url), 'utf8');

export async function summarizeThread(thread: string, maxWords = 120) {
  const message = await anthropic.messages.create({
    model: MODEL,
    max_tokens: 1024,
    system: [
      {
        type: 'text',
        text: 'You summarise Slack threads for people who missed them. Keep decisions, owners and dates.',
      },
      { type: 'text', text: STYLE_GUIDE, cache_control: { type: 'ephemeral' } },
    ],
    messages: [{ role: 'user', content: `Summarise in at most ${maxWords} words:\n\n<thread>\n${thread}\n</thread>` }],
  });
  const block = message.content[0];
  return block?.type === 'text' ? block.text : '';
}

export async function editDraft(draft: string) {
  const stream = anthropic.messages.stream({
    model: 'claude-opus-4-1',
    max_tokens: 4096,
    system: 'You are a meticulous copy editor. Fix grammar and clarity; keep the author voice.',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: draft },
          { type: 'text', text: 'Edit the draft above. Return only the edited text.' },
        ],
      },
    ],
  });
  return (await stream.finalMessage()).content;
}

const tools: Anthropic.Tool[] = [
  {
    name: 'get_invoice',
    description: 'Fetch an invoice by number. Use it whenever the user mentions an invoice.',
    input_schema: { type: 'object', properties: { number: { type: 'string' } }, required: ['number'] },
  },
];

export async function billingQuestion(question: string) {
  try {
    return await anthropic.messages.create({
      model: process.env.CLAUDE_MODEL ?? 'claude-3-7-sonnet-latest',
      max_tokens: 2000,
      tools,
      messages: [{ role: 'user', content: question }],
    });
  } catch (err) {
    console.error('Claude request failed; the billing question was not answered', err);
    throw new Error('The assistant is unavailable right now. Please try again later.', { cause: err });
  }
}
