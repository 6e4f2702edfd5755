import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePromptDocument } from '../../server/src/core/documents/parse';
import { detectFormat } from '../../server/src/core/documents/formats';
import { parseFrontMatter } from '../../server/src/core/documents/frontMatter';
import type { PromptFormat } from '../../server/src/core';
import { markers, slice } from './check';

/** Checks that the regions of `annotated` (marked with «») come out with the given roles. */
function checkRegions(format: PromptFormat, annotated: string, roles: string[]): void {
  const { text, ranges } = markers(annotated);
  const document = parsePromptDocument(text, format);
  assert.deepEqual(
    document.regions.map((region) => [region.role, slice(text, region.range)]),
    ranges.map((range, index) => [roles[index], slice(text, range)]),
  );
}

describe('regions', () => {
  test('a prompt file body starts after the newline that closes the front matter', () => {
    checkRegions('vscode-prompt', '---\nmodel: GPT-4o\n---\n«Summarize ${input:file}.\n»', ['user']);
  });
  test('without front matter the whole file is the body', () => {
    checkRegions('markdown', '«# Title\n\nDo the thing.»', ['user']);
  });
  test('CRLF front matter', () => {
    checkRegions('vscode-instructions', '---\r\napplyTo: "**"\r\n---\r\n«Be brief.\r\n»', ['system']);
  });
  test('prompty role markers split messages and are excluded', () => {
    checkRegions('prompty', '---\nname: x\n---\nsystem:\n«You are helpful.»\n\nuser:\n«{{question}}»\n', ['system', 'user']);
  });
  test('prompty text before the first marker is the system message', () => {
    checkRegions('prompty', '---\nname: x\n---\n«Be terse.»\nuser:\n«Hi»', ['system', 'user']);
  });
  test('prompty markers are case-insensitive and may be written as headings', () => {
    checkRegions('prompty', '# System:\n«Rules.»\nASSISTANT:\n«Sure.»', ['system', 'assistant']);
  });
  test('a line that merely ends with a colon is not a marker', () => {
    checkRegions('prompty', 'system:\n«Answer the user: politely.\nNote the system: it is old.»', ['system']);
  });
  test('prompty role lines may carry attributes, as the Prompty runtimes read them', () => {
    checkRegions('prompty', '---\nname: x\n---\nsystem:\n«Be kind.»\nuser[name="Alice"]:\n«Hi, I am Alice.»\nassistant[name="Bot", id=7]:\n«Hello.»\n', ['system', 'user', 'assistant']);
  });
  test('prompty strips only line breaks around a message; indentation and trailing spaces are sent', () => {
    checkRegions('prompty', 'system:\n\n«   Indented rule.  »\n\nuser:\n«Q»', ['system', 'user']);
  });
  test('`tool:` and `function:` are not Prompty role lines', () => {
    checkRegions('prompty', 'system:\n«Rules.\ntool:\nresult»', ['system']);
  });
  test('dotprompt role helpers', () => {
    // The runtime keeps the line break after a role helper: it is not a standalone Handlebars tag.
    checkRegions('dotprompt', '---\nmodel: googleai/gemini-2.0-flash\n---\n{{role "system"}}«\nExtract fields.\n»{{role "user"}}«\n{{invoice}}»\n', ['system', 'user']);
  });
  test('dotprompt text outside role blocks is the user message', () => {
    checkRegions('dotprompt', '---\nmodel: x\n---\n«Tell me a joke about {{topic}}.»\n', ['user']);
  });
});

describe('front matter', () => {
  test('malformed YAML is reported with a range inside the front matter, and the body is still a region', () => {
    const text = '---\nmodel: [gpt-4o\nbudget: 3\n---\nHello there.\n';
    const document = parsePromptDocument(text, 'vscode-prompt');
    assert.ok(document.problems.length > 0);
    assert.match(document.problems[0].message, /not valid YAML/);
    assert.ok(document.problems[0].range.start >= 4 && document.problems[0].range.end <= text.indexOf('---', 4));
    assert.equal(slice(text, document.regions[0].range), 'Hello there.\n');
  });
  test('an unclosed front matter block is reported and counted as text', () => {
    const text = '---\nmodel: gpt-4o\nHello';
    const document = parsePromptDocument(text, 'vscode-prompt');
    assert.equal(document.frontMatter, null);
    assert.match(document.problems[0].message, /never closed/);
    assert.equal(slice(text, document.regions[0].range), text);
  });
  test('front matter that is not a mapping', () => {
    const document = parsePromptDocument('---\n- a\n- b\n---\nx', 'vscode-prompt');
    assert.match(document.problems[0].message, /mapping/);
  });
  test('alias bombs do not hang or throw', () => {
    const bomb = '---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\nbody';
    const document = parsePromptDocument(bomb, 'vscode-prompt');
    assert.ok(document.problems.length > 0);
    assert.equal(slice(bomb, document.regions[0].range), 'body');
  });
});

describe('declarations', () => {
  const cases: Array<[string, PromptFormat, string, string | null]> = [
    ['VS Code display name', 'vscode-prompt', '---\nmodel: «GPT-4.1 (copilot)»\n---\nx', 'GPT-4.1 (copilot)'],
    ['Prompty configuration name', 'prompty', '---\nmodel:\n  configuration:\n    name: «gpt-4o-mini»\n---\nx', 'gpt-4o-mini'],
    ['Prompty model id', 'prompty', '---\nmodel:\n  id: «gpt-4.1»\n---\nx', 'gpt-4.1'],
    ['Dotprompt provider prefix', 'dotprompt', '---\nmodel: «googleai/gemini-2.0-flash»\n---\nx', 'googleai/gemini-2.0-flash'],
    ['VS Code model list (first is priced)', 'vscode-prompt', '---\nmodel:\n  - «GPT-4.1 (copilot)»\n  - Claude Sonnet 4.5 (copilot)\n---\nx', 'GPT-4.1 (copilot)'],
    ['no model', 'vscode-prompt', '---\ndescription: y\n---\nx', null],
  ];
  for (const [name, format, annotated, expected] of cases) {
    test(`model: ${name}`, () => {
      const { text, ranges } = markers(annotated);
      const document = parsePromptDocument(text, format);
      assert.equal(document.declaredModel, expected);
      assert.deepEqual(document.declaredModelRange, ranges[0] ?? null);
    });
  }
  test('budget as a number, as tokens and as usd', () => {
    assert.deepEqual(parsePromptDocument('---\ntokenwise:\n  budget: 500\n---\nx', 'vscode-prompt').budget, { tokens: 500, usd: null });
    assert.deepEqual(parsePromptDocument('---\ntokenwise: { budget: { tokens: 9 } }\n---\nx', 'vscode-prompt').budget, { tokens: 9, usd: null });
    assert.deepEqual(parsePromptDocument('---\ntokenwise: { budget: { usd: 0.01 } }\n---\nx', 'vscode-prompt').budget, { tokens: null, usd: 0.01 });
  });
  test('an invalid budget is a problem, not a crash', () => {
    for (const bad of ['-5', '"lots"', '{ tokens: -1 }', '[1, 2]', '{ usd: "x" }']) {
      const document = parsePromptDocument(`---\ntokenwise: { budget: ${bad} }\n---\nx`, 'vscode-prompt');
      assert.equal(document.budget, null, bad);
      assert.match(document.problems.at(-1)?.message ?? '', /tokenwise\.budget/, bad);
    }
  });
  test('max output tokens from Prompty and Dotprompt', () => {
    assert.equal(parsePromptDocument('---\nmodel:\n  parameters:\n    max_tokens: 300\n---\nx', 'prompty').maxOutputTokens, 300);
    assert.equal(parsePromptDocument('---\nconfig:\n  maxOutputTokens: 512\n---\nx', 'dotprompt').maxOutputTokens, 512);
  });
});

describe('sections and variables', () => {
  test('headings outside code fences make nested sections', () => {
    const text = '# A\none\n## B\ntwo\n```\n# not a heading\n```\n# C\nthree';
    const sections = parsePromptDocument(text, 'markdown').sections;
    assert.deepEqual(sections.map((section) => [section.name, section.level]), [['A', 1], ['B', 2], ['C', 1]]);
    assert.equal(slice(text, sections[0].range), '# A\none\n## B\ntwo\n```\n# not a heading\n```\n');
  });
  test('template variables of every syntax', () => {
    const { text, ranges } = markers('Hi «{{name}}», «{% if x %}»ok«{% endif %}» «${input:topic:The topic}» «{# note #}» «${file}» «{{{raw}}}»');
    const variables = parsePromptDocument(text, 'markdown').variables;
    assert.deepEqual(variables.map((variable) => variable.range), ranges);
    assert.deepEqual(variables.map((variable) => variable.name), ['name', 'if', 'endif', 'topic', '#comment', 'file', 'raw']);
  });
});

describe('format detection', () => {
  const cases: Array<[string, string[], PromptFormat | null]> = [
    ['/w/a.prompt.md', [], 'vscode-prompt'],
    ['/w/.github/instructions/ts.instructions.md', [], 'vscode-instructions'],
    ['/w/x.chatmode.md', [], 'vscode-chatmode'],
    ['/w/x.prompty', [], 'prompty'],
    ['/w/x.prompt', [], 'dotprompt'],
    ['/w/README.md', [], null],
    ['/w/prompts/a/b.md', ['prompts/**/*.md'], 'markdown'],
    ['/w/other/b.md', ['prompts/**/*.md'], null],
    ['/w/notes.txt', ['**/*.txt'], 'text'],
    ['/w/deep/notes.txt', ['*.txt'], 'text'],
    ['C:\\w\\p\\x.prompt.md', [], 'vscode-prompt'],
  ];
  for (const [path, globs, expected] of cases) {
    test(`${path} with [${globs.join(', ')}]`, () => assert.equal(detectFormat(path, globs), expected));
  }
});

test('a front matter read again is the same as a fresh read, and no caller can change the next read', () => {
  const text = '---\nmodel: gpt-4o\nbudget: { tokens: 500 }\ntags: [a, b]\n---\nuser:\nHello.\n';
  const first = parseFrontMatter(text);
  // A caller that changes what it was given (a pushed problem, an edited value) ...
  first.problems.push({ message: 'added by a caller', range: { start: 0, end: 1 } });
  (first.frontMatter!.data!.tags as string[]).push('c');
  first.frontMatter!.valueRanges.model.start = 99;
  // ... does not change the next read of the same front matter, which the memo answers.
  const second = parseFrontMatter(`${text}More body text.\n`);
  assert.deepEqual(second.frontMatter!.data, { model: 'gpt-4o', budget: { tokens: 500 }, tags: ['a', 'b'] });
  assert.deepEqual(second.problems, []);
  assert.deepEqual(second.frontMatter!.valueRanges.model, { start: 11, end: 17 });
  // A changed front matter is read anew, with its own problems.
  const broken = parseFrontMatter(text.replace('tags: [a, b]', 'tags: [a, b'));
  assert.equal(broken.frontMatter!.data, undefined);
  assert.match(broken.problems[0].message, /not valid YAML/);
  assert.deepEqual(parseFrontMatter(text.replace('gpt-4o', 'gpt-4.1')).frontMatter!.data!.model, 'gpt-4.1');
});
