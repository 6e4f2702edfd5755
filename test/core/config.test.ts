import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { DEFAULT_SETTINGS } from '../../server/src/core';
import {
  KNOWN_RULES,
  parseConfig,
  parseJsonc,
  resolveFileConfig,
  settingsForFile,
  toValue,
  type ConfigModel,
  type ConfigProblem,
  type ParsedConfig,
} from '../../server/src/core/config';
import type { UserModelSetting } from '../../server/src/core/pricing/types';
import { markers, slice } from './check';

const FIXTURES = resolve(__dirname, '../fixtures/config');
const SCHEMA = JSON.parse(readFileSync(resolve(__dirname, '../../schemas/tokenwise.config.schema.json'), 'utf8'));

/**
 * One helper for the data-driven cases: `«…»` marks where each expected problem must point, in
 * order of the problems' start; `expected` gives a fragment of each message and its severity.
 */
function check(annotated: string, expected: Array<[severity: ConfigProblem['severity'], message: RegExp, path: string]>): ParsedConfig {
  const { text, ranges } = markers(annotated);
  const parsed = parseConfig(text, { knownRules: KNOWN_RULES });
  const problems = [...parsed.problems].sort((a, b) => a.range.start - b.range.start);
  assert.equal(problems.length, expected.length, `problems: ${JSON.stringify(problems.map((p) => p.message), null, 1)}`);
  assert.equal(ranges.length, expected.length, 'one «range» per expected problem');
  problems.forEach((problem, index) => {
    const [severity, message, path] = expected[index];
    assert.equal(problem.severity, severity, problem.message);
    assert.match(problem.message, message);
    assert.equal(problem.path, path, problem.message);
    assert.equal(slice(text, problem.range), slice(text, ranges[index]), `range of "${problem.message}"`);
  });
  return parsed;
}

describe('config parsing: valid files', () => {
  test('every key is read into typed values', () => {
    const { config, problems, valid } = parseConfig(readFileSync(join(FIXTURES, 'schema/valid-full.json'), 'utf8'));
    assert.deepEqual(problems, []);
    assert.equal(valid, true);
    assert.equal(config.defaultModel, 'gpt-4o');
    assert.equal(config.callsPerDay, 1000);
    assert.deepEqual(config.budget, { tokens: 4000, usd: 0.05 });
    assert.deepEqual(config.rules, { 'budget-exceeded': 'error', 'front-matter-invalid': 'warning' });
    assert.deepEqual(config.promptFiles, ['prompts/**/*.md', '*.txt']);
    assert.deepEqual(config.exclude, ['**/fixtures/**']);
    assert.deepEqual(config.models, [{ id: 'acme-llm', encoding: 'o200k_base', inputPerMTok: 0.5, outputPerMTok: 1.5, cachedInputPerMTok: 0.05, contextWindow: 128000, tier: 'small' }]);
    assert.deepEqual(config.alwaysOnContext, { files: ['AGENTS.md', '.github/copilot-instructions.md'], instructions: true });
    assert.equal(config.overrides.length, 2);
    assert.deepEqual(config.overrides[0], {
      files: ['prompts/support/**'],
      excludeFiles: ['prompts/support/legacy/**'],
      defaultModel: 'gpt-4o-mini',
      callsPerDay: 20000,
      budget: { usd: 0.002 },
    });
    assert.deepEqual(config.overrides[1], { files: ['*.prompty'], excludeFiles: [], budget: { tokens: 2000 }, rules: { 'budget-exceeded': 'warning' }, applyAlwaysOnContext: false });
  });
  test('comments, trailing commas and a BOM are accepted, as in tsconfig.json', () => {
    const { config, problems } = parseConfig('\uFEFF// budgets\n{\n  /* tokens */ "budget": 10,\n  "exclude": ["a/**",],\n}\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.budget, { tokens: 10 });
    assert.deepEqual(config.exclude, ['a/**']);
  });
  test('shorthands: a number budget is tokens, a string is a list of one glob, "auto" context', () => {
    const { config } = parseConfig('{ "budget": 4000.7, "promptFiles": "*.txt", "alwaysOnContext": "auto" }');
    assert.deepEqual(config.budget, { tokens: 4000 });
    assert.deepEqual(config.promptFiles, ['*.txt']);
    assert.deepEqual(config.alwaysOnContext, { files: ['AGENTS.md', '.github/copilot-instructions.md'], instructions: true });
  });
  test('an empty object gives the defaults', () => {
    const { config, problems } = parseConfig('{}');
    assert.deepEqual(problems, []);
    assert.deepEqual(config, { promptFiles: [], exclude: [], models: [], alwaysOnContext: { files: [], instructions: false }, overrides: [] });
  });
  test('the model shape is the catalog setting shape, so both lists can be handed to the catalog', () => {
    const model: ConfigModel = { id: 'x', encoding: 'cl100k_base', inputPerMTok: 1, tier: 'medium' };
    const asSetting: UserModelSetting = model;
    assert.equal(asSetting.id, 'x');
  });
});

describe('config parsing: problems point at what is wrong and defaults apply', () => {
  test('syntax errors: one error where parsing stopped, and only defaults', () => {
    for (const [annotated, message] of [
      ['{ "budget": 10«»', /ends inside an object; a `}` is missing/],
      ['{ "budget": 10 «"»exclude": [] }', /`,` or `}`/],
      ["{ «'»budget': 10 }", /double quotes/],
      ['{ "budget": «1»0x }', /Invalid number/],
      ['{ "a": "abc«\n»" }', /span lines/],
      ['{ "budget": 10 } «x»', /after the end/],
      ['«/»* never closed', /never closed/],
      ['{ "exclude": [«}»', /Expected a value/],
    ] as const) {
      const { text, ranges } = markers(annotated);
      const parsed = parseConfig(text);
      assert.equal(parsed.valid, false, annotated);
      assert.equal(parsed.problems.length, 1, annotated);
      assert.equal(parsed.problems[0].severity, 'error');
      assert.match(parsed.problems[0].message, message, annotated);
      assert.match(parsed.problems[0].message, /Defaults apply/);
      if (ranges.length > 0) assert.equal(parsed.problems[0].range.start, ranges[0].start, `${annotated}: ${parsed.problems[0].message}`);
      assert.deepEqual(parsed.config.overrides, []);
      assert.equal(parsed.config.budget, undefined);
    }
  });
  test('an empty file and a non-object root', () => {
    assert.match(parseConfig('  \n').problems[0].message, /empty/);
    const { problems, valid } = check('«[1, 2]»', [['error', /must be a JSON object/, '']]);
    assert.equal(valid, false);
    assert.equal(problems.length, 1);
  });
  test('wrong values are left out, each with an error on its value; the rest still applies', () => {
    const { config } = check(
      '{ "defaultModel": «""», "callsPerDay": «-5», "budget": { "tokens": «0», "usd": «"cheap"» }, "rules": { "budget-exceeded": «"fatal"» }, "exclude": ["ok/**", «42»] }',
      [
        ['error', /"defaultModel" must be a model id/, 'defaultModel'],
        ['error', /"callsPerDay" must be a number of calls per day/, 'callsPerDay'],
        ['error', /"budget.tokens" must be a number of tokens \(1 or more\), not 0/, 'budget.tokens'],
        ['error', /"budget.usd" must be US dollars per call above 0 .*not "cheap"/, 'budget.usd'],
        ['error', /Rule "budget-exceeded" must be one of "error", "warning", "information", "hint", "off", not "fatal"/, 'rules.budget-exceeded'],
        ['error', /"exclude\[1\]" must be a non-empty glob string, not 42/, 'exclude[1]'],
      ],
    );
    assert.equal(config.defaultModel, undefined);
    assert.equal(config.callsPerDay, undefined);
    assert.deepEqual(config.budget, {});
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.exclude, ['ok/**']);
  });
  test('unknown keys are warnings with a suggestion; repeated keys warn and the last wins', () => {
    const { config } = check('{ «"budgets"»: 1, "budget": 5, «"budget"»: 7, "overrides": [{ "files": "a/**", «"modle"»: "x" }] }', [
      ['warning', /Unknown key "budgets" is ignored\. Did you mean "budget"\?/, 'budgets'],
      ['warning', /"budget" is given twice; the last one is used/, 'budget'],
      ['warning', /Unknown key "modle" in overrides\[0\] is ignored\./, 'overrides[0].modle'],
    ]);
    assert.deepEqual(config.budget, { tokens: 7 });
  });
  test('a rule the analysis does not know is a warning, with a suggestion', () => {
    check('{ "rules": { «"budget-exceded"»: "off" } }', [['warning', /There is no rule "budget-exceded".*Did you mean "budget-exceeded"\?/, 'rules.budget-exceded']]);
  });
  test('overrides without files are skipped; a broken model is skipped, the others kept', () => {
    const { config } = check(
      '{ "overrides": [«{ "budget": 1 }», { "files": «[]» }, { "files": ["b/**"], "budget": 3 }], "models": [{ "id": "ok" }, { "id": "bad", "tier": «"huge"» }, «{ "tier": "small" }»] }',
      [
        ['error', /"overrides\[0\]" needs "files"/, 'overrides[0]'],
        ['error', /"overrides\[1\].files" is empty/, 'overrides[1].files'],
        ['error', /"models\[1\].tier" must be one of small, medium, frontier, not "huge"; the model is skipped/, 'models[1].tier'],
        ['error', /"models\[2\]" needs an "id"/, 'models[2]'],
      ],
    );
    assert.deepEqual(config.overrides, [{ files: ['b/**'], excludeFiles: [], budget: { tokens: 3 } }]);
    assert.deepEqual(config.models, [{ id: 'ok' }]);
  });
  test('globs: backslashes and absolute paths are repaired with a warning; ./ is dropped', () => {
    const { config } = check('{ "exclude": [«"a\\\\b/**"», «"/abs/**"», "./rel/**"] }', [
      ['warning', /use "\/" as the separator/, 'exclude[0]'],
      ['warning', /is absolute/, 'exclude[1]'],
    ]);
    assert.deepEqual(config.exclude, ['a/b/**', 'abs/**', 'rel/**']);
  });
  test('never throws: every truncation and many corruptions of a valid config give a usable config', () => {
    const source = readFileSync(join(FIXTURES, 'schema/valid-full.json'), 'utf8');
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const inputs: string[] = [];
    for (let cut = 0; cut <= source.length; cut += 3) inputs.push(source.slice(0, cut));
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(random() * source.length);
      const junk = ['"', '{', '}', '[', ']', ',', ':', '\\', '/', '*', 'null', '-', '\n', '\u0000', '\uD800'][Math.floor(random() * 15)];
      inputs.push(source.slice(0, at) + junk + source.slice(at + (random() < 0.5 ? 1 : 0)));
    }
    inputs.push('['.repeat(5000), '{"a":'.repeat(5000), '"'.repeat(3), '{"__proto__": {"polluted": true}}');
    for (const input of inputs) {
      const parsed = parseConfig(input);
      assert.ok(Array.isArray(parsed.config.overrides) && Array.isArray(parsed.config.exclude));
      for (const problem of parsed.problems) assert.ok(problem.range.start >= 0 && problem.range.end <= input.length && problem.range.start <= problem.range.end, input);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('the JSON schema and the parser agree', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(SCHEMA);
  /** ajv's `/overrides/0/budget` → the parser's `overrides[0].budget`. */
  const toPath = (error: { instancePath: string; params: Record<string, unknown>; keyword: string }) => {
    let path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('')
      .replace(/^\./, '');
    if (error.keyword === 'additionalProperties') path = path ? `${path}.${error.params.additionalProperty}` : String(error.params.additionalProperty);
    if (error.keyword === 'required') path = path ? path : '';
    return path;
  };
  for (const name of readdirSync(join(FIXTURES, 'schema')).sort()) {
    test(name, () => {
      const text = readFileSync(join(FIXTURES, 'schema', name), 'utf8');
      const parsed = parseConfig(text);
      const { root } = parseJsonc(text);
      assert.ok(root, 'fixtures are well-formed JSON');
      const schemaValid = validate(toValue(root));
      if (name.startsWith('valid-')) {
        assert.equal(schemaValid, true, JSON.stringify(validate.errors));
        assert.deepEqual(parsed.problems, []);
      } else {
        assert.equal(schemaValid, false);
        assert.ok(parsed.problems.length > 0);
        // Every problem the parser reports is one the schema reports too, at the same place.
        const schemaPaths = new Set((validate.errors ?? []).map(toPath));
        for (const problem of parsed.problems) assert.ok(schemaPaths.has(problem.path), `${problem.path} (${problem.message}) not in ${[...schemaPaths].join(', ')}`);
      }
    });
  }
  test('every property has a description, for hovers in the editor', () => {
    const missing: string[] = [];
    const visit = (node: Record<string, unknown>, where: string) => {
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, value] of Object.entries(properties ?? {})) {
        const target = value.$ref ? SCHEMA.definitions[String(value.$ref).replace('#/definitions/', '')] : value;
        if (!value.description && !target?.description) missing.push(`${where}.${key}`);
        visit(value, `${where}.${key}`);
      }
      for (const [name, definition] of Object.entries((node.definitions as Record<string, Record<string, unknown>>) ?? {})) visit(definition, `#${name}`);
    };
    visit(SCHEMA, '');
    assert.deepEqual(missing, []);
  });
});

describe('resolution per file', () => {
  const { config } = parseConfig(readFileSync(join(FIXTURES, 'schema/valid-full.json'), 'utf8'));
  test('top level applies everywhere', () => {
    const file = resolveFileConfig(config, 'docs/other.prompt.md');
    assert.deepEqual(file, { defaultModel: 'gpt-4o', callsPerDay: 1000, budget: { tokens: 4000, usd: 0.05 }, rules: { 'budget-exceeded': 'error', 'front-matter-invalid': 'warning' }, applyAlwaysOnContext: true, overrides: [] });
  });
  test('a matching override replaces only the fields it gives (budget fields merge)', () => {
    const file = resolveFileConfig(config, 'prompts/support/triage.prompt.md');
    assert.equal(file.defaultModel, 'gpt-4o-mini');
    assert.equal(file.callsPerDay, 20000);
    assert.deepEqual(file.budget, { tokens: 4000, usd: 0.002 });
    assert.deepEqual(file.overrides, [0]);
  });
  test('excludeFiles takes files back out of an override', () => {
    assert.deepEqual(resolveFileConfig(config, 'prompts/support/legacy/old.prompt.md').overrides, []);
  });
  test('a glob without "/" matches the file name in any folder; later overrides win', () => {
    const file = resolveFileConfig(config, 'prompts/support/x.prompty');
    assert.deepEqual(file.overrides, [0, 1]);
    assert.deepEqual(file.budget, { tokens: 2000, usd: 0.002 });
    assert.deepEqual(file.rules, { 'budget-exceeded': 'warning', 'front-matter-invalid': 'warning' });
    assert.equal(file.applyAlwaysOnContext, false);
  });
  test('a folder glob matches everything inside it; null clears an inherited limit', () => {
    const { config: folders } = parseConfig('{ "budget": { "tokens": 10, "usd": 1 }, "overrides": [{ "files": "prompts/legal", "budget": { "usd": null } }] }');
    assert.deepEqual(resolveFileConfig(folders, 'prompts/legal/deep/a.prompt.md').budget, { tokens: 10, usd: null });
    assert.deepEqual(resolveFileConfig(folders, 'prompts/legalese.prompt.md').budget, { tokens: 10, usd: 1 });
  });
  test('settings for a file: the config replaces default model and budget and adds prompt globs', () => {
    const base = { ...DEFAULT_SETTINGS, defaultModel: 'gpt-3.5-turbo', budget: 99, promptFiles: ['*.md'] };
    const settings = settingsForFile(base, config, resolveFileConfig(config, 'prompts/support/a.prompt.md'));
    assert.equal(settings.defaultModel, 'gpt-4o-mini');
    assert.equal(settings.budget, 4000);
    assert.deepEqual(settings.promptFiles, ['*.md', 'prompts/**/*.md', '*.txt']);
    const none = settingsForFile(base, parseConfig('{}').config, resolveFileConfig(parseConfig('{}').config, 'a.prompt.md'));
    assert.deepEqual(none, base);
  });
});
