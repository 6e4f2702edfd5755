/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import { openai } from '@ai-sdk/openai';
import { google } from '@ai-sdk/google';
import { experimental_generateVideo, generateImage, generateObject, generateText } from 'ai';
import { z } from 'zod';

const IMAGE_MODEL = openai.image('gpt-image-1');
const CAPTION_PROMPT = 'Write a one-line, upbeat Instagram caption for this product photo. No hashtags.';

export async function heroImage(product: string) {
  const { image } = await generateImage({
    model: IMAGE_MODEL,
    prompt: `Flat-lay photo of ${product} on a linen tablecloth, soft morning light`,
    size: '1536x1024',
  });
  return image.base64;
}

export async function teaser(product: string) {
  const { video } = await experimental_generateVideo({
    model: google.video('veo-3.0-generate-001'),
    prompt: `A slow five-second pan over ${product} on a kitchen counter`,
  });
  return video;
}

export async function caption(imageUrl: string) {
  const { text } = await generateText({
    model: google('gemini-2.5-flash'),
    messages: [{ role: 'user', content: [{ type: 'text', text: CAPTION_PROMPT }, { type: 'image', image: new URL(imageUrl) }] }],
  });
  return text;
}

const listingSchema = z.object({
  title: z.string().describe('Product title without the brand, e.g. "Linen tablecloth 140x240"'),
  priceCents: z.number().int(),
  colours: z.array(z.string()),
});

export async function extractListing(html: string) {
  const { object } = await generateObject({
    model: 'openai/gpt-4.1-mini',
    schema: listingSchema,
    system: 'Extract the product listing fields from the HTML. Use null for anything not present.',
    prompt: html,
  });
  return object;
}

export function logMediaError(error: unknown) {
  console.error('Media generation failed — the prompt may violate the provider policy', error);
}
