/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { GoogleGenAI, Type } from '@google/genai';

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const model = process.env.GEMINI_MODEL ?? 'gemini-2.5-flash';
const QUOTA_ERROR = 'Gemini quota exceeded. Please try again in a minute.';

export async function summarize(article: string) {
  const response = await ai.models.generateContent({
    model,
    contents: `Summarise this article in three bullet points:\n\n${article}`,
    config: { systemInstruction: 'You write neutral, factual summaries for a news app.', maxOutputTokens: 300 },
  });
  return response.text;
}

export async function extractEvents(text: string) {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-pro',
    contents: [{ role: 'user', parts: [{ text: 'Extract every event with its date and place.' }, { text }] }],
    config: {
      responseMimeType: 'application/json',
      responseSchema: {
        type: Type.ARRAY,
        items: { type: Type.OBJECT, properties: { date: { type: Type.STRING }, place: { type: Type.STRING } } },
      },
    },
  });
  return JSON.parse(response.text ?? '[]');
}

export async function vineyardClip() {
  let operation = await ai.models.generateVideos({
    model: 'veo-3.0-generate-001',
    prompt: 'A slow drone shot over a vineyard at sunrise, mist between the rows',
  });
  while (!operation.done) {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    operation = await ai.operations.getVideosOperation({ operation });
  }
  return operation.response?.generatedVideos?.[0];
}

export function onError(status: number) {
  if (status === 429) throw new Error(QUOTA_ERROR);
}
