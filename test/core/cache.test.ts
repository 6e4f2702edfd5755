import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cachedTokens,
  cachePrefixDiagnostics,
  defaultCachePolicy,
  findDynamicSpans,
  type CachePrefixInput,
} from '../../server/src/core/rules/cache';
import { applyEdits, findVariables, splitRegions } from '../fixtures/cache/harness';
import { markers, slice } from './check';

/** One token per character: figures in these tests can be checked by hand. */
const perChar = (text: string) => text.length;
const OPENAI = { inputPerMTok: 2, cachedInputPerMTok: 0.5, cacheWritePerMTok: null };
const SONNET = { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 };

/** A static paragraph of exactly `n` characters (so `n` tokens with `perChar`). */
const block = (n: number, letter = 'a') => (letter + ' ').repeat(n).slice(0, n - 1) + '.';

function input(text: string, overrides: Partial<CachePrefixInput> = {}): CachePrefixInput {
  return { text, regions: splitRegions(text), variables: findVariables(text), countTokens: perChar, provider: 'openai', prices: OPENAI, ...overrides };
}

function paragraphs(text: string): string[] {
  return text.split(/\r?\n[ \t]*\r?\n/).map((p) => p.trim()).filter(Boolean).sort();
}

describe('cache policies', () => {
  test('OpenAI caches from 1,024 tokens in 128-token steps', () => {
    const openai = defaultCachePolicy('openai')!;
    assert.deepEqual([1023, 1024, 1151, 1152, 5000].map((n) => cachedTokens(n, openai)), [0, 1024, 1024, 1152, 4992]);
  });
  test('Anthropic minimums follow the model; unknown providers have no policy unless priced', () => {
    assert.equal(defaultCachePolicy('anthropic', 'claude-sonnet-4-20250514')!.minTokens, 1024);
    assert.equal(defaultCachePolicy('anthropic', 'claude-3-5-haiku-latest')!.minTokens, 2048);
    assert.equal(defaultCachePolicy('anthropic', 'claude-haiku-4-5')!.minTokens, 4096);
    assert.equal(defaultCachePolicy('anthropic', 'claude-opus-4-5-20251101')!.minTokens, 4096);
    assert.equal(defaultCachePolicy('google', 'gemini-2.5-flash')!.minTokens, 2048);
    assert.equal(defaultCachePolicy('mistral'), null);
    assert.equal(defaultCachePolicy('deepseek', 'deepseek-chat', true)!.minTokens, 1024);
  });
});

describe('dynamic content', () => {
  test('variables, inputs, per-call dates, timestamps, ids and placeholders are dynamic', () => {
    const { text, ranges } = markers([
      'Hello «{{name}}», topic «${input:topic}» by «${author}».',
      '«Today is 2025-03-14». «Current time: 14:05». Sent «2025-03-14T09:26:53Z».',
      'Trace: «9b2f9c4e-8a71-4d2f-9b6e-0c5d2a1e7f90». «session_id: ab12cd34». «<<USER_QUERY>>» «[INSERT EMAIL HERE]» «{% if vip %}»',
    ].join('\n'));
    const spans = findDynamicSpans(text, [{ start: 0, end: text.length }], findVariables(text));
    assert.deepEqual(spans.map((s) => slice(text, s.range)), ranges.map((r) => slice(text, r)));
    assert.deepEqual(spans.filter((s) => s.structural).map((s) => s.label), ['{% if vip %}']);
  });
  test('static look-alikes are not dynamic', () => {
    const text = 'Effective 2024-01-15. Return `{"queue": "billing"}`. Order numbers look like AC-12345678. {# note #} Version 4.2.';
    assert.deepEqual(findDynamicSpans(text, [{ start: 0, end: text.length }], findVariables(text)), []);
  });
  test('content outside the regions is ignored', () => {
    const text = '---\nid: {{x}}\n---\nStatic.';
    assert.deepEqual(findDynamicSpans(text, [{ start: text.indexOf('Static'), end: text.length }], findVariables(text)), []);
  });
});

describe('cache-prefix: figures', () => {
  test('OpenAI: gain in 128-token steps, saving from the cached-input price', () => {
    const text = `Name: {{name}}\n\n${block(1300)}\n`;
    const [diagnostic, ...rest] = cachePrefixDiagnostics(input(text));
    assert.equal(rest.length, 0);
    assert.equal(diagnostic.code, 'cache-prefix');
    assert.equal(slice(text, diagnostic.range), '{{name}}');
    // 1,300 static tokens → 1,280 cached; 1,000 warm calls × 1,280 tokens × ($2.00 − $0.50) / 1M = $1.92.
    assert.equal(
      diagnostic.message,
      '{{name}} changes per call and comes before 1,300 tokens of static text, which the prompt cache cannot serve after it. ' +
        'Moving it after the static block would let 1,280 more tokens be cached: about $1.92 less per 1,000 calls (cached input $0.50 vs $2.00 per 1M tokens).',
    );
  });
  test('callsPerThousand scales the saving; no price gives tokens only', () => {
    const text = `Name: {{name}}\n\n${block(1300)}\n`;
    assert.match(cachePrefixDiagnostics(input(text, { callsPerThousand: 500 }))[0].message, /about \$0\.96 less per 1,000 calls/);
    assert.match(cachePrefixDiagnostics(input(text, { prices: null }))[0].message, /1,280 more tokens be cached \(the model has no price, so no dollar figure\)\.$/);
    assert.match(cachePrefixDiagnostics(input(text, { prices: { inputPerMTok: 2, cachedInputPerMTok: null, cacheWritePerMTok: null } }))[0].message, /cached input \$1\.00 vs \$2\.00/);
  });
  test('Anthropic: the write premium is charged on the misses', () => {
    const text = `Name: {{name}}\n\n${block(1500)}\n`;
    const diagnostics = cachePrefixDiagnostics(input(text, { provider: 'anthropic', modelId: 'claude-sonnet-4', prices: SONNET }));
    assert.equal(diagnostics.length, 1, 'the prefix before {{name}} is too short for a breakpoint hint');
    // 1,500 tokens × (999 reads × $2.70 − 1 write × $0.75) / 1M = $4.04.
    assert.match(diagnostics[0].message, /with a cache_control breakpoint there, would let 1,500 more tokens be cached: about \$4\.04 less per 1,000 calls \(cache writes \$3\.75 vs \$3\.00 per 1M tokens, reads \$0\.30\)\./);
    assert.deepEqual(cachePrefixDiagnostics(input(text, { provider: 'anthropic', prices: SONNET, callsPerThousand: 0 })), [], 'all misses: caching only costs');
  });
  test('Anthropic breakpoint hint: where, and with the premium and discount per call', () => {
    const text = `${block(2000)}\n\nQuestion: {{question}}\n`;
    const diagnostics = cachePrefixDiagnostics(input(text, { provider: 'anthropic', modelId: 'claude-sonnet-4', prices: SONNET }));
    assert.equal(diagnostics.length, 1);
    const [hint] = diagnostics;
    assert.equal(hint.severity, 'hint');
    assert.equal(hint.range.end, 2000, 'on the last static line');
    // 2,000 tokens × (999 reads × $2.70 − 1 write × $0.75) / 1M = $5.39.
    assert.equal(
      hint.message,
      'A cache_control breakpoint after this line (end a content block here) would cache the 2,000-token static prefix: ' +
        'each cache write costs +25% ($0.0015 extra), each read 90% less ($0.0054 saved); about $5.39 less per 1,000 calls at 999 cache reads and 1 write per 1,000 calls.',
    );
    assert.deepEqual(cachePrefixDiagnostics(input(text, { provider: 'anthropic', prices: SONNET, breakpointDeclared: true })), []);
    assert.deepEqual(cachePrefixDiagnostics(input(text, { provider: 'anthropic', prices: SONNET, modelId: 'claude-haiku-4-5' })), [], 'under the 4,096 minimum');
  });
  test('nothing to flag: dynamic content last, too little static text, unknown provider', () => {
    assert.deepEqual(cachePrefixDiagnostics(input(`${block(3000)}\n\n{{q}}`)), []);
    assert.deepEqual(cachePrefixDiagnostics(input(`{{q}}\n\n${block(900)}`)), []);
    assert.deepEqual(cachePrefixDiagnostics(input(`{{q}}\n\n${block(3000)}`, { provider: 'mistral', prices: { inputPerMTok: 2, cachedInputPerMTok: null, cacheWritePerMTok: null } })), []);
    assert.equal(cachePrefixDiagnostics(input(`{{q}}\n\n${block(3000)}`, { provider: 'mistral', policy: { minTokens: 1024 } })).length, 1, 'a policy override enables it');
  });
});

describe('cache-prefix: the move', () => {
  test('dynamic paragraphs move after the last static paragraph, in order', () => {
    const text = `A: {{a}}\n\nStatic one. ${block(700, 'x')}\n\nB: {{b}}\n\nStatic two. ${block(700, 'y')}\n\nTail: {{c}}\n`;
    const [diagnostic] = cachePrefixDiagnostics(input(text));
    const fixed = applyEdits(text, diagnostic.fixes![0].edits);
    assert.equal(fixed, `Static one. ${block(700, 'x')}\n\nStatic two. ${block(700, 'y')}\n\nA: {{a}}\n\nB: {{b}}\n\nTail: {{c}}\n`);
    assert.deepEqual(cachePrefixDiagnostics(input(fixed)), [], 'fixed text has nothing left to flag');
  });
  test('in a long mixed paragraph only the dynamic line moves; CRLF is kept', () => {
    const text = `Customer: {{name}}\r\n${block(600, 'p')}\r\n${block(600, 'q')}\r\n\r\nEnd.\r\n`;
    const [diagnostic] = cachePrefixDiagnostics(input(text));
    const fixed = applyEdits(text, diagnostic.fixes![0].edits);
    assert.equal(fixed, `${block(600, 'p')}\r\n${block(600, 'q')}\r\n\r\nEnd.\r\n\r\nCustomer: {{name}}\r\n`);
  });
  test('template control flow or a dynamic tail before the next message: flagged, no fix', () => {
    const jinja = `{% if vip %}\nVIP.\n{% endif %}\n\n${block(1500)}\n`;
    const [withJinja] = cachePrefixDiagnostics(input(jinja));
    assert.deepEqual(withJinja.fixes, []);
    const crossRegion = `system:\nBe brief.\n\nOrg: {{org}}\nuser:\n${block(1500)}\n\n{{question}}\n`;
    const [cross] = cachePrefixDiagnostics(input(crossRegion));
    assert.deepEqual(cross.fixes, []);
    assert.match(cross.message, /^\{\{org\}\} in the system message changes per call and comes before 1,50\d tokens/);
    assert.match(cross.message, /into a later paragraph or message/);
  });
  test('the fix never loses text: a permutation of the original paragraphs (generated layouts)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let fixedCount = 0;
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      const n = 2 + Math.floor(random() * 7);
      for (let i = 0; i < n; i++) {
        const r = random();
        if (r < 0.35) parts.push(`Field ${i}: {{v${i}}}`);
        else if (r < 0.45) parts.push(`Line ${i}\n{{w${i}}} and more`);
        else if (r < 0.5) parts.push('```\ncode {{inside}}\n\nmore code\n```');
        else parts.push(`Static ${i}. ${block(100 + Math.floor(random() * 900), String.fromCharCode(97 + i))}`);
      }
      const separator = random() < 0.2 ? '\n\n\n' : '\n\n';
      const text = parts.join(separator) + (random() < 0.5 ? '\n' : '');
      for (const diagnostic of cachePrefixDiagnostics(input(text))) {
        for (const fix of diagnostic.fixes ?? []) {
          const fixed = applyEdits(text, fix.edits);
          assert.deepEqual(paragraphs(fixed), paragraphs(text), `round ${round}:\n${text}\n---\n${fixed}`);
          const visible = (t: string) => [...t.replace(/\s/g, '')].sort().join('');
          assert.equal(visible(fixed), visible(text), `round ${round}: every visible character kept`);
          fixedCount++;
        }
      }
    }
    assert.ok(fixedCount > 50, `only ${fixedCount} layouts produced a fix`);
  });
  test('never throws on odd input', () => {
    const cases: CachePrefixInput[] = [
      input(''),
      input('{{x}}', { regions: [{ range: { start: -10, end: 1e9 } }, { range: { start: 5, end: 2 } }] }),
      input(`{{x}}\n\n${block(3000)}`, { countTokens: () => { throw new Error('tokenizer down'); } }),
      input(`{{x}}\n\n${block(3000)}`, { countTokens: () => NaN, callsPerThousand: -5 }),
      input('{{'.repeat(3000) + '\n\n' + '}}'.repeat(3000)),
      input(`{{x}}\n\n${block(3000)}`, { prices: { inputPerMTok: NaN, cachedInputPerMTok: null, cacheWritePerMTok: null } }),
    ];
    for (const c of cases) assert.ok(Array.isArray(cachePrefixDiagnostics(c)));
  });
});
