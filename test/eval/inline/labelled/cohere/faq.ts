/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { CohereClient } from 'cohere-ai';

const cohere = new CohereClient({ token: process.env.COHERE_API_KEY });

export async function answerFaq(question: string, history: { role: 'USER' | 'CHATBOT'; message: string }[]) {
  const response = await cohere.chat({
    model: 'command-r',
    preamble: 'You answer FAQ questions for a dentist practice. Never give medical advice; suggest booking an appointment.',
    chatHistory: history,
    message: question,
  });
  return response.text;
}

export const FAQ_TITLE = 'Frequently asked questions';
