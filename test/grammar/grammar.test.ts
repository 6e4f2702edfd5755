// Snapshot tests of the TextMate grammars in syntaxes/: each fixture is tokenised with
// vscode-textmate + vscode-oniguruma (the engine VS Code uses) and every token's scopes are
// compared with a checked-in snapshot, so a highlighting change shows up in review.
//
//   node --import tsx --test test/grammar/grammar.test.ts
//   UPDATE_SNAPSHOTS=1 node --import tsx --test test/grammar/grammar.test.ts   (rewrite them)
//
// VS Code's own YAML and markdown grammars are not shipped here; small stand-ins in stubs/ give
// the scopes our grammars embed (front matter) or must respect (code blocks, comments).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SYNTAXES = join(ROOT, 'syntaxes');
const FIXTURES = join(HERE, 'fixtures');
const SNAPSHOTS = join(HERE, 'snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const INJECTION = 'tokenwise.template-variables.injection';

/** scopeName → grammar file: ours, then the test stand-ins for grammars VS Code provides. */
const GRAMMAR_FILES: Record<string, string> = {
  'source.prompty': join(SYNTAXES, 'prompty.tmLanguage.json'),
  'source.dotprompt': join(SYNTAXES, 'dotprompt.tmLanguage.json'),
  [INJECTION]: join(SYNTAXES, 'template-variables.injection.tmLanguage.json'),
  'source.yaml': join(HERE, 'stubs', 'yaml.tmLanguage.json'),
  'text.html.markdown': join(HERE, 'stubs', 'markdown.tmLanguage.json'),
};

/** Which root scope tokenises a fixture, by file name. */
function rootScopeOf(file: string): string {
  if (file.endsWith('.prompty')) return 'source.prompty';
  if (file.endsWith('.prompt')) return 'source.dotprompt';
  if (file.endsWith('.md')) return 'text.html.markdown';
  throw new Error(`no grammar for fixture ${file}`);
}

let registry: textmate.Registry | undefined;

async function getRegistry(): Promise<textmate.Registry> {
  if (registry) return registry;
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = GRAMMAR_FILES[scopeName];
      if (!file) return null;
      return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) => (scopeName.startsWith('text.html.markdown') ? [INJECTION] : undefined),
  });
  return registry;
}

/**
 * One block per source line: the line prefixed with `>`, then one row per token with its text
 * (JSON-quoted, so spaces show) and its scopes without the root scope.
 */
async function snapshotOf(file: string): Promise<string> {
  const rootScope = rootScopeOf(file);
  const grammar = await (await getRegistry()).loadGrammar(rootScope);
  assert.ok(grammar, `grammar ${rootScope} loads`);
  const lines = readFileSync(join(FIXTURES, file), 'utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  let state = textmate.INITIAL;
  const out: string[] = [];
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    out.push(`>${line}`);
    for (const token of result.tokens) {
      const text = line.slice(token.startIndex, token.endIndex);
      if (text === '') continue;
      const scopes = token.scopes.slice(1);
      out.push(` ${JSON.stringify(text)} ${scopes.length ? scopes.join(' ') : '-'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const fixtures = readdirSync(FIXTURES).sort();

test('there are grammar fixtures for every grammar', () => {
  assert.ok(fixtures.some((f) => f.endsWith('.prompty')));
  assert.ok(fixtures.some((f) => f.endsWith('.prompt')));
  assert.ok(fixtures.some((f) => f.endsWith('.md')));
});

for (const file of fixtures) {
  test(`grammar snapshot: ${file}`, async () => {
    const actual = await snapshotOf(file);
    const snapshotFile = join(SNAPSHOTS, `${file}.snap`);
    if (UPDATE || !existsSync(snapshotFile)) {
      mkdirSync(SNAPSHOTS, { recursive: true });
      writeFileSync(snapshotFile, actual);
      if (!UPDATE) assert.fail(`wrote a new snapshot ${basename(snapshotFile)}: review it, then run again`);
      return;
    }
    assert.equal(actual, readFileSync(snapshotFile, 'utf8'), `scopes differ from ${basename(snapshotFile)} (UPDATE_SNAPSHOTS=1 rewrites it)`);
  });
}

/** The tokens (text and scopes) of the first line of a fixture that contains `lineText`. */
async function tokensOfLine(file: string, lineText: string): Promise<Array<{ text: string; scopes: string[] }>> {
  const grammar = await (await getRegistry()).loadGrammar(rootScopeOf(file));
  assert.ok(grammar);
  let state = textmate.INITIAL;
  for (const line of readFileSync(join(FIXTURES, file), 'utf8').split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    if (line.includes(lineText)) return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  }
  throw new Error(`no line containing "${lineText}" in ${file}`);
}

/** Scopes of the first token whose text is exactly `text` on the line that contains `lineText`. */
async function scopesAt(file: string, lineText: string, text: string): Promise<string[]> {
  const tokens = await tokensOfLine(file, lineText);
  const token = tokens.find((t) => t.text === text);
  assert.ok(token, `a token "${text}" on the line with "${lineText}"; tokens: ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes;
}

// The properties a reader would check by eye in the snapshots, spelled out.
test('prompty: front matter is YAML, role markers and Jinja are scoped', async () => {
  assert.ok((await scopesAt('triage.prompty', 'name: Triage', 'name')).includes('entity.name.tag.yaml'));
  assert.ok((await scopesAt('triage.prompty', 'name: Triage', 'name')).includes('meta.embedded.block.frontmatter'));
  assert.ok((await scopesAt('triage.prompty', 'system:', 'system')).includes('keyword.other.role.prompty'));
  assert.ok((await scopesAt('triage.prompty', '# user:', 'user')).includes('keyword.other.role.prompty'));
  assert.ok((await scopesAt('triage.prompty', 'assistant[name=triage]:', 'assistant')).includes('keyword.other.role.prompty'));
  assert.ok((await scopesAt('triage.prompty', '{{ company', 'company')).includes('variable.other.jinja'));
  assert.ok((await scopesAt('triage.prompty', '{{ company', 'upper')).includes('support.function.filter.jinja'));
  assert.ok((await scopesAt('triage.prompty', '{% if urgent', 'if')).includes('keyword.control.jinja'));
  assert.ok((await scopesAt('triage.prompty', 'internal note', '{#')).includes('comment.block.jinja'));
  // "You are ..." is message text, not a role marker.
  assert.ok(!(await scopesAt('triage.prompty', 'You are a support', 'You are a support triage assistant for ')).some((s) => s.includes('role')));
});

test('dotprompt: role lines, Handlebars blocks, comments and variables are scoped', async () => {
  assert.ok((await scopesAt('extract.prompt', 'model: googleai', 'model')).includes('entity.name.tag.yaml'));
  assert.ok((await scopesAt('extract.prompt', '{{role "system"}}', 'system')).includes('keyword.other.role.dotprompt'));
  assert.ok((await scopesAt('extract.prompt', "{{role 'user'}}", 'user')).includes('keyword.other.role.dotprompt'));
  assert.ok((await scopesAt('extract.prompt', '{{#if strict}}', 'if')).includes('keyword.control.handlebars'));
  assert.ok((await scopesAt('extract.prompt', '{{#if strict}}', 'else')).includes('keyword.control.handlebars'));
  assert.ok((await scopesAt('extract.prompt', '{{! a comment }}', ' a comment ')).includes('comment.block.handlebars'));
  assert.ok((await scopesAt('extract.prompt', '{{invoice}}', 'invoice')).includes('variable.other.handlebars'));
  assert.ok((await scopesAt('extract.prompt', '{{invoice}}', 'media')).includes('support.function.builtin.dotprompt'));
  assert.ok((await scopesAt('extract.prompt', '{{invoice}}', 'url')).includes('entity.other.attribute-name.handlebars'));
  assert.ok((await scopesAt('extract.prompt', '{{#each', '@index')).includes('variable.language.handlebars'));
});

test('markdown injection: variables in prose, not in code, comments or front matter', async () => {
  const input = await scopesAt('review.prompt.md', '${input:tone', 'tone');
  assert.ok(input.includes('variable.other.readwrite.tokenwise'), input.join(' '));
  assert.ok((await scopesAt('review.prompt.md', '${input:tone', 'input')).includes('keyword.other.input.tokenwise'));
  assert.ok((await scopesAt('review.prompt.md', 'Review ${selection}', 'selection')).includes('variable.language.tokenwise'));
  assert.ok((await scopesAt('review.prompt.md', '# Review {{language}}', 'language')).includes('variable.other.readwrite.tokenwise'));
  assert.ok((await scopesAt('review.prompt.md', '{{ project.name }}', 'project.name')).includes('meta.template.expression.tokenwise'));
  for (const line of ['`{{not_a_variable}}`', 'const s =', '<!-- {{nor_in', 'description: Review ${file}']) {
    for (const token of await tokensOfLine('review.prompt.md', line)) {
      assert.ok(!token.scopes.some((s) => s.endsWith('.tokenwise')), `"${token.text}" on the line with "${line}" is left alone: ${token.scopes.join(' ')}`);
    }
  }
});

test('every grammar and language configuration the manifest contributes exists and matches', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const grammar of manifest.contributes?.grammars ?? []) {
    const path = join(ROOT, grammar.path);
    assert.ok(existsSync(path), `${grammar.path} exists`);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).scopeName, grammar.scopeName, `${grammar.path} declares ${grammar.scopeName}`);
  }
  for (const language of manifest.contributes?.languages ?? []) {
    if (language.configuration) assert.ok(existsSync(join(ROOT, language.configuration)), `${language.configuration} exists`);
  }
});
