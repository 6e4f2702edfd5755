import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function recipe(ingredients) {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: `Suggest one dinner recipe using only: ${ingredients.join(', ')}.`,
    config: { systemInstruction: 'You are a home cook. Keep recipes under 30 minutes.', temperature: 0.7 },
  });
  return response.text;
}

export async function platePhoto(dish) {
  const response = await ai.models.generateImages({
    model: 'imagen-4.0-generate-001',
    prompt: `Overhead photo of ${dish} on a rustic plate, natural light`,
    config: { numberOfImages: 1 },
  });
  return response.generatedImages?.[0]?.image?.imageBytes;
}

export async function* chatAboutFood(message) {
  const chat = ai.chats.create({ model: 'gemini-2.5-flash' });
  const stream = await chat.sendMessageStream({ message });
  for await (const chunk of stream) yield chunk.text;
}

export const EMPTY_PANTRY = 'Add at least one ingredient to get a recipe.';
