/**
 * cache-prefix knows what each format's harness substitutes per call (issue 12): nothing in
 * instructions, agents and skills; VS Code's variables in prompt files; `{{…}}` in Prompty and
 * Dotprompt; anything outside code in free text. `cache_control` advice only where the author
 * makes the call.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cachePrefixDiagnostics, findDynamicSpans, substitutionOf } from '../../server/src/core/rules/cache';
import { findTemplateVariables } from '../../server/src/core/documents/variables';
import { agentFileKind } from '../../server/src/core/agent/kinds';
import type { PromptFormat } from '../../server/src/core/types';

const STATIC = 'Follow the refund policy exactly as written in every case. '.repeat(400);

function labels(text: string, substitution: ReturnType<typeof substitutionOf>): string[] {
  const regions = [{ start: 0, end: text.length }];
  return findDynamicSpans(text, regions, findTemplateVariables(text), substitution).map((s) => s.label);
}

describe('substitutionOf', () => {
  it('reads the format and the harness file names', () => {
    assert.equal(substitutionOf('vscode-instructions', 'a/x.instructions.md'), 'none');
    assert.equal(substitutionOf('markdown', 'repo/AGENTS.md'), 'none');
    assert.equal(substitutionOf('markdown', 'skills/pdf/SKILL.md'), 'none');
    assert.equal(substitutionOf('markdown', 'agents/planner.agent.md'), 'none');
    assert.equal(substitutionOf('vscode-prompt', 'p/review.prompt.md'), 'vscode');
    assert.equal(substitutionOf('prompty', 'x.prompty'), 'template');
    assert.equal(substitutionOf('dotprompt', 'x.prompt'), 'template');
    assert.equal(substitutionOf('text', 'x.txt'), 'any');
  });
  it('takes agent files from agentFileKind, by name wherever they stand', () => {
    const cases: Array<[PromptFormat, string, ReturnType<typeof substitutionOf>]> = [
      // A Cursor rule collection, read with --prompt-files as text: still rules Cursor sends as written.
      ['text', 'PatrickJS/awesome-cursorrules/rules/python-best-practices.mdc', 'none'],
      ['text', '.cursor/rules/ts.mdc', 'none'],
      ['text', 'repo/.cursorrules', 'none'],
      ['markdown', 'docs/SKILL.md', 'none'],
      ['markdown', 'copilot-instructions.md', 'none'],
      ['markdown', '.claude/rules/testing.md', 'none'],
      ['markdown', 'pkg/CLAUDE.local.md', 'none'],
      ['markdown', 'AGENTS.override.md', 'none'],
      ['markdown', 'docs/notes.md', 'any'],
      ['text', 'prompts/rules.txt', 'any'],
    ];
    for (const [format, path, expected] of cases) assert.equal(substitutionOf(format, path), expected, path);
  });
  it('agentFileKind needs the place unless asked about the name alone', () => {
    assert.equal(agentFileKind('rules/python.mdc'), null);
    assert.equal(agentFileKind('rules/python.mdc', { anyPlace: true }), 'cursor-rule');
    assert.equal(agentFileKind('docs/SKILL.md'), null);
    assert.equal(agentFileKind('docs/SKILL.md', { anyPlace: true }), 'skill');
    assert.equal(agentFileKind('copilot-instructions.md', { anyPlace: true }), 'copilot-instructions');
    assert.equal(agentFileKind('notes.md', { anyPlace: true }), null);
  });
});

describe('template comments and variables in code are never per-call content', () => {
  const cases: Array<[string, string, ReturnType<typeof substitutionOf>, string[]]> = [
    ['a Dotprompt comment', '{{! The static policy goes first. }}\nAnswer {{question}}.', 'template', ['{{question}}']],
    ['a long Handlebars comment', '{{!-- keep {{this}} out --}}\nAnswer {{question}}.', 'template', ['{{question}}']],
    ['a comment in free text', '{{~! trimmed comment ~}} Name: {{name}}', 'any', ['{{name}}']],
    ['inline code in a VS Code prompt file', 'Variables like `${input:name}` and `${selection}` work. Now review ${selection}.', 'vscode', ['${selection}']],
    ['a fence read as an example in a VS Code prompt file', 'With this example:\n\n```markdown\nReview ${selection} for ${input:audience}.\n```\n\nTopic: ${input:topic}', 'vscode', ['${input:topic}']],
    ['inline code in a Prompty body', 'Mention `{{name}}` literally. Hello {{name}}.', 'template', ['{{name}}']],
    ['a variable inside a fenced sample in a Prompty body', '```jsx\n<Provider client={{ queryClient }}>\n```\nAnswer {{question}}.', 'template', ['{{question}}']],
    // A fence that holds nothing but a variable wraps the code the call brings: still per call.
    ['a fence around a variable in a Prompty body', 'Review this diff:\n\n```diff\n{{diff}}\n```\n', 'template', ['{{diff}}']],
    ['a fence around the selection in a VS Code prompt file', 'Explain:\n\n```\n${selection}\n```\n', 'vscode', ['${selection}']],
    ['a fence around a variable in free text', '```\n{{code}}\n```\nNow {{task}}.', 'any', ['{{code}}', '{{task}}']],
  ];
  for (const [name, text, substitution, expected] of cases) it(name, () => assert.deepEqual(labels(text, substitution), expected));
});

describe('findDynamicSpans per format', () => {
  const text = 'Project: ${PROJECT_TYPE}. Selected: ${selection}. Topic: ${input:topic}. Name: {{name}}.\n\n```js\nconst q = `SELECT * FROM t WHERE id = ${userId}`;\n```\n';
  it('VS Code prompt files: only ${input:…} and the editor variables', () => {
    assert.deepEqual(labels(text, 'vscode'), ['${selection}', '${input:topic}']);
  });
  it('Prompty and Dotprompt: only {{…}}', () => {
    assert.deepEqual(labels(text, 'template'), ['{{name}}']);
  });
  it('instructions, agents, skills: nothing', () => {
    assert.deepEqual(labels(text, 'none'), []);
  });
  it('free text: every variable outside code; ${userId} inside the SQL sample is not dynamic', () => {
    assert.deepEqual(labels(text, 'any'), ['${PROJECT_TYPE}', '${selection}', '${input:topic}', '{{name}}']);
  });
  it('free text: inline code is code too', () => {
    assert.deepEqual(labels('Look up the `${id}` column. Today is {{today}}.', 'any'), ['{{today}}']);
  });
});

describe('cachePrefixDiagnostics per format', () => {
  const input = (text: string, substitution: ReturnType<typeof substitutionOf>) => ({
    text,
    regions: [{ range: { start: 0, end: text.length } }],
    variables: findTemplateVariables(text),
    countTokens: (t: string) => Math.ceil(t.length / 4),
    provider: 'anthropic',
    prices: { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    substitution,
  });
  it('warns about {{today}} first in a Prompty file', () => {
    assert.deepEqual(cachePrefixDiagnostics(input(`Today is {{today}}.\n\n${STATIC}`, 'template')).map((d) => d.severity), ['information']);
  });
  it('offers a cache_control breakpoint after the static prefix of a Prompty file', () => {
    assert.deepEqual(cachePrefixDiagnostics(input(`${STATIC}\n\nQuestion: {{question}}`, 'template')).map((d) => d.severity), ['hint']);
  });
  it('says nothing in an instructions file, not even about cache_control', () => {
    assert.deepEqual(cachePrefixDiagnostics(input(`Today is {{today}}.\n\n${STATIC}`, 'none')), []);
    assert.deepEqual(cachePrefixDiagnostics(input(`${STATIC}\n\nQuestion: {{question}}`, 'none')), []);
  });
  it('no cache_control advice in a VS Code prompt file (VS Code makes the call), but the move advice stays', () => {
    assert.deepEqual(cachePrefixDiagnostics(input(`${STATIC}\n\nTopic: \${input:topic}`, 'vscode')), []);
    assert.deepEqual(cachePrefixDiagnostics(input(`Topic: \${input:topic}\n\n${STATIC}`, 'vscode')).map((d) => d.severity), ['information']);
  });
});
