/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
import Anthropic from '@anthropic-ai/sdk';
import { Octokit } from '@octokit/rest';

const claude = new Anthropic({ maxRetries: 3 });
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

export const REVIEW_SYSTEM_PROMPT = `You review pull requests for a TypeScript monorepo.
Comment only on bugs, security issues and missing tests. Quote the line you comment on.`;

export async function reviewPullRequest(owner: string, repo: string, pull: number) {
  const { data: diff } = await octokit.pulls.get({ owner, repo, pull_number: pull, mediaType: { format: 'diff' } });
  const response = await claude.messages.create({
    model: 'claude-opus-4-1',
    max_tokens: 3000,
    system: REVIEW_SYSTEM_PROMPT,
    messages: [{ role: 'user', content: [{ type: 'text', text: String(diff) }] }],
    thinking: { type: 'enabled', budget_tokens: 2000 },
  });
  return response.content;
}

export async function labelPullRequest(title: string) {
  const res = await claude.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    messages: [{ role: 'user', content: `Label this PR title as feature, fix, chore or docs: "${title}"` }],
  });
  if (res.stop_reason === 'max_tokens') console.warn('Label output was cut; check the prompt');
  return res.content;
}
