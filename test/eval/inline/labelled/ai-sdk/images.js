import { openai } from '@ai-sdk/openai';
import { experimental_generateImage as generateImage, generateText } from 'ai';

const ALT_TEXT_PROMPT = 'Describe the image for a screen reader in one sentence.';

export async function avatar(description) {
  const { image } = await generateImage({
    model: openai.image('dall-e-3'),
    prompt: `A friendly cartoon avatar: ${description}. Plain background.`,
    size: '1024x1024',
  });
  return image.uint8Array;
}

export async function altText(url) {
  const { text } = await generateText({
    model: openai('gpt-4.1'),
    system: ALT_TEXT_PROMPT,
    messages: [{ role: 'user', content: [{ type: 'image', image: new URL(url) }] }],
  });
  return text;
}

export function showError() {
  alert('Could not generate the avatar. Please try a shorter description.');
}
