// Open this file with the extension running: a code lens above each SDK call shows its tokens and
// cost, and hovering a prompt string shows that message's own count.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { generateText } from 'ai';
import { openai as openaiProvider } from '@ai-sdk/openai';
import dedent from 'dedent';

const openai = new OpenAI();
const anthropic = new Anthropic();

const SUPPORT_SYSTEM_PROMPT = dedent`
  You are the support assistant of Acme Cloud Storage.
  Answer in the customer's language, in at most three short paragraphs.
  If the question is about billing, explain where to find the invoice and offer to escalate.
  Never promise refunds: a human agent decides them.
`;

export async function reply(customerName: string, question: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 400,
    messages: [
      { role: 'system', content: SUPPORT_SYSTEM_PROMPT },
      { role: 'user', content: `Customer: ${customerName}\n\nQuestion: ${question}` },
    ],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function summarizeThread(thread: string): Promise<string> {
  const message = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 300,
    system: 'You summarize support threads for the next agent on shift.',
    messages: [{ role: 'user', content: `Summarize this thread in five bullet points:\n\n${thread}` }],
  });
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

export async function suggestTags(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openaiProvider('gpt-4.1-nano'),
    prompt: 'Suggest up to three tags (billing, bug, account, feature) for this ticket:\n' + ticket,
  });
  return text;
}

// tokenwise: prompt
export const ESCALATION_NOTE = 'Write a one-paragraph handover note for a human agent, listing what was already tried.';
