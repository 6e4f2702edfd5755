import OpenAI from 'openai';

const client = new OpenAI();

/** Classifies a support ticket. Tokenwise shows what this call sends and costs above it. */
export async function classify(ticket: string): Promise<string | null> {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are a support triage assistant. Answer with one word: billing, outage, bug or other.' },
      { role: 'user', content: `Ticket: ${ticket}` },
    ],
  });
  return response.choices[0].message.content;
}
