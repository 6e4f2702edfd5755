/**
 * Builds the chat request that classifies a support ticket. The messages are inline prompts:
 * Tokenwise should show their token counts in code lenses here, as it does in prompt files.
 */
export function classifyRequest(ticket: string) {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are a support triage assistant. Answer with one word: billing, outage, bug or other.' },
      { role: 'user', content: `Ticket: ${ticket}` },
    ],
  };
}
