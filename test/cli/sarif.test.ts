import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, DEFAULT_SETTINGS } from '../../server/src/core';
import { fileReport, summarize, type CheckReport } from '../../server/src/cli/report';
import { RULES, SARIF_SCHEMA, renderSarif, writeSarif } from '../../server/src/cli/sarif';

const PARITY = resolve(__dirname, '../fixtures/parity');

/**
 * A focused validator for the parts of SARIF 2.1.0 the writer emits, transcribed from the OASIS
 * schema (sarif-schema-2.1.0.json, errata 01): for each object, its required properties, the
 * properties it allows (every one of these objects has `additionalProperties: false`), its
 * `anyOf` requirements, and the value constraints (enums, minimums, types).
 */
type Check = (value: unknown, path: string, errors: string[]) => void;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function object(spec: { required?: string[]; anyOf?: string[][]; properties: Record<string, Check>; open?: boolean }): Check {
  return (value, path, errors) => {
    if (!isObject(value)) {
      errors.push(`${path}: must be an object`);
      return;
    }
    for (const key of spec.required ?? []) if (!(key in value)) errors.push(`${path}: missing required "${key}"`);
    if (spec.anyOf && !spec.anyOf.some((keys) => keys.every((key) => key in value))) errors.push(`${path}: needs one of ${spec.anyOf.map((keys) => keys.join('+')).join(' | ')}`);
    for (const [key, child] of Object.entries(value)) {
      const check = spec.properties[key];
      if (!check) {
        if (!spec.open) errors.push(`${path}: property "${key}" is not allowed`);
        continue;
      }
      check(child, `${path}.${key}`, errors);
    }
  };
}
const string: Check = (value, path, errors) => void (typeof value !== 'string' && errors.push(`${path}: must be a string`));
const boolean: Check = (value, path, errors) => void (typeof value !== 'boolean' && errors.push(`${path}: must be a boolean`));
const integer = (minimum: number): Check => (value, path, errors) => {
  if (!Number.isInteger(value)) errors.push(`${path}: must be an integer`);
  else if ((value as number) < minimum) errors.push(`${path}: must be ≥ ${minimum}`);
};
const enumOf = (...values: string[]): Check => (value, path, errors) => void (!values.includes(value as string) && errors.push(`${path}: must be one of ${values.join(', ')}`));
const array = (item: Check, options: { unique?: boolean } = {}): Check => (value, path, errors) => {
  if (!Array.isArray(value)) {
    errors.push(`${path}: must be an array`);
    return;
  }
  if (options.unique && new Set(value.map((entry) => JSON.stringify(entry))).size !== value.length) errors.push(`${path}: items must be unique`);
  value.forEach((entry, index) => item(entry, `${path}[${index}]`, errors));
};
const uri: Check = (value, path, errors) => {
  string(value, path, errors);
  if (typeof value === 'string' && /[\s"<>\\^`{|}]/.test(value)) errors.push(`${path}: "${value}" is not a valid URI reference`);
};
const propertyBag = object({ open: true, properties: { tags: array(string, { unique: true }) } });
const level = enumOf('none', 'note', 'warning', 'error');
const message = object({ anyOf: [['text'], ['id']], properties: { text: string, markdown: string, id: string, arguments: array(string), properties: propertyBag } });
const multiformat = object({ required: ['text'], properties: { text: string, markdown: string, properties: propertyBag } });
const artifactLocation = object({ properties: { uri, uriBaseId: string, index: integer(-1), description: message, properties: propertyBag } });
const region = object({
  anyOf: [['startLine'], ['charOffset'], ['byteOffset']],
  properties: { startLine: integer(1), startColumn: integer(1), endLine: integer(1), endColumn: integer(1), charOffset: integer(-1), charLength: integer(0), byteOffset: integer(-1), byteLength: integer(0), message, sourceLanguage: string, properties: propertyBag },
});
const physicalLocation = object({ anyOf: [['address'], ['artifactLocation']], properties: { artifactLocation, region, contextRegion: region, properties: propertyBag } });
const location = object({ properties: { id: integer(-1), physicalLocation, message, properties: propertyBag } });
const reportingConfiguration = object({ properties: { enabled: boolean, level, rank: (value, path, errors) => void (typeof value !== 'number' && errors.push(`${path}: number`)), properties: propertyBag } });
const reportingDescriptor = object({
  required: ['id'],
  properties: { id: string, name: string, shortDescription: multiformat, fullDescription: multiformat, help: multiformat, helpUri: uri, defaultConfiguration: reportingConfiguration, properties: propertyBag },
});
const toolComponent = object({
  required: ['name'],
  properties: { name: string, version: string, semanticVersion: string, informationUri: uri, rules: array(reportingDescriptor, { unique: true }), properties: propertyBag },
});
const result = object({
  required: ['message'],
  properties: {
    ruleId: string,
    ruleIndex: integer(-1),
    kind: enumOf('notApplicable', 'pass', 'fail', 'review', 'open', 'informational'),
    level,
    message,
    locations: array(location),
    partialFingerprints: object({ open: true, properties: {} }),
    properties: propertyBag,
  },
});
const artifact = object({
  properties: { location: artifactLocation, roles: array(enumOf('analysisTarget', 'attachment', 'responseFile', 'resultFile', 'modified', 'added'), { unique: true }), length: integer(-1), properties: propertyBag },
});
const invocation = object({ required: ['executionSuccessful'], properties: { executionSuccessful: boolean, exitCode: (value, path, errors) => void (!Number.isInteger(value) && errors.push(`${path}: integer`)), commandLine: string, properties: propertyBag } });
const run = object({
  required: ['tool'],
  properties: {
    tool: object({ required: ['driver'], properties: { driver: toolComponent, extensions: array(toolComponent), properties: propertyBag } }),
    invocations: array(invocation),
    originalUriBaseIds: (value, path, errors) => {
      if (!isObject(value)) errors.push(`${path}: must be an object`);
      else for (const [key, entry] of Object.entries(value)) artifactLocation(entry, `${path}.${key}`, errors);
    },
    artifacts: array(artifact, { unique: true }),
    results: array(result),
    columnKind: enumOf('utf16CodeUnits', 'unicodeCodePoints'),
    properties: propertyBag,
  },
});
const sarifLog = object({ required: ['version', 'runs'], properties: { $schema: uri, version: enumOf('2.1.0'), runs: array(run), properties: propertyBag } });

function validateSarif(log: unknown): string[] {
  const errors: string[] = [];
  sarifLog(log, '$', errors);
  // Cross-references the schema cannot express but SARIF consumers rely on.
  const runs = isObject(log) && Array.isArray(log.runs) ? log.runs : [];
  for (const [r, entry] of runs.entries()) {
    const rules = (entry?.tool?.driver?.rules ?? []) as Array<{ id: string }>;
    const artifacts = (entry?.artifacts ?? []) as unknown[];
    for (const [i, res] of ((entry?.results ?? []) as Array<Record<string, unknown>>).entries()) {
      const index = res.ruleIndex as number;
      if (index !== undefined && rules[index]?.id !== res.ruleId) errors.push(`$.runs[${r}].results[${i}]: ruleIndex ${index} does not point at rule ${res.ruleId}`);
      for (const loc of (res.locations ?? []) as Array<{ physicalLocation?: { artifactLocation?: { index?: number }; region?: Record<string, number> } }>) {
        const artifactIndex = loc.physicalLocation?.artifactLocation?.index;
        if (artifactIndex !== undefined && !artifacts[artifactIndex]) errors.push(`$.runs[${r}].results[${i}]: artifact index ${artifactIndex} out of range`);
        const reg = loc.physicalLocation?.region;
        if (reg && (reg.endLine < reg.startLine || (reg.endLine === reg.startLine && reg.endColumn < reg.startColumn))) errors.push(`$.runs[${r}].results[${i}]: region ends before it starts`);
      }
    }
  }
  return errors;
}

function parityReport(): CheckReport {
  const files = readdirSync(PARITY).sort().map((name) => {
    const text = readFileSync(join(PARITY, name), 'utf8');
    return fileReport(name, text, analyze(text, { path: name, settings: DEFAULT_SETTINGS }));
  });
  return summarize(files);
}

describe('the validator itself catches what the schema forbids', () => {
  const good = () => writeSarif(parityReport());
  test('a written log has no errors', () => assert.deepEqual(validateSarif(good()), []));
  const broken: Array<[string, (log: ReturnType<typeof good>) => void, RegExp]> = [
    ['wrong version', (log) => ((log as { version: string }).version = '2.0.0'), /version: must be one of 2.1.0/],
    ['no driver name', (log) => delete (log.runs[0].tool.driver as { name?: string }).name, /missing required "name"/],
    ['result without message', (log) => delete (log.runs[0].results[0] as { message?: unknown }).message, /missing required "message"/],
    ['message without text or id', (log) => ((log.runs[0].results[0] as { message: unknown }).message = { markdown: 'x' }), /needs one of text \| id/],
    ['extra property', (log) => ((log.runs[0].results[0] as unknown as Record<string, unknown>).severity = 'error'), /"severity" is not allowed/],
    ['zero line', (log) => (log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0), /startLine: must be ≥ 1/],
    ['bad level', (log) => ((log.runs[0].results[0] as { level: string }).level = 'fatal'), /level: must be one of/],
    ['rule index mismatch', (log) => (log.runs[0].results[0].ruleIndex = log.runs[0].tool.driver.rules.length - 1), /ruleIndex .* does not point/],
  ];
  for (const [name, mutate, expected] of broken) {
    test(name, () => {
      const log = good();
      assert.ok(log.runs[0].results.length > 0);
      mutate(log);
      assert.match(validateSarif(log).join('\n'), expected);
    });
  }
});

describe('SARIF 2.1.0 output', () => {
  test('the parity fixtures give a valid log with one result per diagnostic', () => {
    const report = parityReport();
    const log = writeSarif(report, { toolVersion: '0.1.0', srcRoot: PARITY, exitCode: 1, commandLine: 'tokenwise check --format sarif .' });
    assert.deepEqual(validateSarif(log), []);
    assert.equal(log.$schema, SARIF_SCHEMA);
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.tool.driver.name, 'Tokenwise');
    assert.equal(run.tool.driver.semanticVersion, '0.1.0');
    assert.deepEqual(run.invocations, [{ executionSuccessful: true, exitCode: 1, commandLine: 'tokenwise check --format sarif .' }]);
    assert.match(run.originalUriBaseIds?.['%SRCROOT%'].uri ?? '', /^file:\/\/\/.*\/fixtures\/parity\/$/);
    const diagnostics = report.files.flatMap((file) => file.diagnostics.map((diagnostic) => ({ file, diagnostic })));
    assert.equal(run.results.length, diagnostics.length);
    assert.equal(run.artifacts.length, report.files.length);
    run.results.forEach((res, index) => {
      const { file, diagnostic } = diagnostics[index];
      assert.equal(res.ruleId, diagnostic.code);
      assert.equal(res.message.text, diagnostic.message);
      assert.equal(res.level, diagnostic.severity === 'error' ? 'error' : diagnostic.severity === 'warning' ? 'warning' : 'note');
      const { artifactLocation, region } = res.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, file.path);
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.equal(run.artifacts[artifactLocation.index].location.uri, file.path);
      // One-based lines and columns; the end column is the one after the range, as SARIF wants.
      assert.deepEqual(region, {
        startLine: diagnostic.range.start.line + 1,
        startColumn: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
      });
    });
    const over = run.results.find((res) => res.ruleId === 'budget-exceeded' && res.level === 'error');
    assert.ok(over, 'the over-budget fixture is reported');
    assert.equal(run.artifacts[over.locations[0].physicalLocation.artifactLocation.index].location.uri, 'over-budget.prompt.md');
  });
  test('rule metadata: every known rule described, with help and a default level', () => {
    const { rules } = writeSarif(parityReport()).runs[0].tool.driver;
    assert.deepEqual(rules.map((rule) => rule.id), Object.keys(RULES));
    const budget = rules.find((rule) => rule.id === 'budget-exceeded');
    assert.equal(budget?.name, 'BudgetExceeded');
    assert.equal(budget?.defaultConfiguration.level, 'error');
    assert.match(budget?.fullDescription.text ?? '', /tokenwise.config.json/);
    assert.match(budget?.help.markdown ?? '', /`"rules": \{ "budget-exceeded": "warning" \}`/);
    assert.doesNotMatch(budget?.help.text ?? '', /`/);
    assert.deepEqual(budget?.properties.tags, ['tokenwise', 'tokens', 'cost', 'budget']);
  });
  test('an unknown rule code still gets a descriptor; paths become URI references; empty ranges are valid', () => {
    const report: CheckReport = summarize([
      {
        path: 'prompts/with space & ü.prompt.md',
        model: 'gpt-4o',
        encoding: 'o200k_base',
        exact: true,
        accuracy: { exact: true, band: null },
        cost: null,
        tokens: 3,
        overheadTokens: 7,
        budget: null,
        regions: [],
        diagnostics: [
          { code: 'compress-whitespace', severity: 'hint', message: 'Collapse runs of blank lines.', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } } },
          { code: 'budget-exceeded', severity: 'information', message: '', range: { start: { line: 0, character: 4 }, end: { line: 1, character: 0 } } },
        ],
      },
      { path: '/abs/path/x.prompt.md', model: 'gpt-4o', encoding: 'o200k_base', exact: true, accuracy: { exact: true, band: null }, cost: null, tokens: 1, overheadTokens: 7, budget: 1, regions: [], diagnostics: [] },
    ]);
    const log = writeSarif(report, { allRules: false });
    assert.deepEqual(validateSarif(log), []);
    const [run] = log.runs;
    assert.deepEqual(run.tool.driver.rules.map((rule) => [rule.id, rule.name, rule.defaultConfiguration.level]), [
      ['compress-whitespace', 'CompressWhitespace', 'warning'],
      ['budget-exceeded', 'BudgetExceeded', 'error'],
    ]);
    assert.equal(run.results[0].level, 'note');
    assert.equal(run.results[0].ruleIndex, 0);
    assert.equal(run.results[1].ruleIndex, 1);
    assert.equal(run.results[1].message.text, 'budget-exceeded', 'a message is never empty');
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'prompts/with%20space%20%26%20%C3%BC.prompt.md');
    assert.deepEqual(run.artifacts[1].location, { uri: 'file:///abs/path/x.prompt.md' });
    assert.equal(run.originalUriBaseIds, undefined);
  });
  test('rendering is stable JSON with a trailing newline', () => {
    const report = parityReport();
    const text = renderSarif(report);
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(JSON.parse(text), writeSarif(report));
    assert.equal(renderSarif(report), text, 'no clock or randomness in the log');
  });
});
