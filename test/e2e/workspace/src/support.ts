import OpenAI from 'openai';

const client = new OpenAI();

// Please note that in order to run this, it is important to note that an API key is needed.
export async function reply(question: string): Promise<string | null> {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Please note that you are a friendly support agent. In order to answer, you should basically read the question carefully.' },
      { role: 'user', content: question },
    ],
  });
  return response.choices[0].message.content;
}
