/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { Mistral } from '@mistralai/mistralai';

const client = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });

export async function explainRegex(pattern: string) {
  const res = await client.chat.complete({
    model: 'codestral-latest',
    messages: [
      { role: 'system', content: 'Explain regular expressions piece by piece, as a table.' },
      { role: 'user', content: pattern },
    ],
  });
  return res.choices?.[0]?.message?.content;
}

export function validatePattern(pattern: string) {
  try {
    new RegExp(pattern);
  } catch {
    throw new Error(`Invalid pattern: ${pattern}. Please check the escaping.`);
  }
}
