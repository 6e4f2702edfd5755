/**
 * Safety of the compression fixes, tested as properties over the hand-written corpus and over
 * documents generated from a seeded PRNG:
 * - every offered fix, applied in random orders (all at once, one by one, or singly), keeps every
 *   protected span verbatim, both as the rules detect them (mapped exactly through the edits) and
 *   as independent patterns find them;
 * - compressing twice changes nothing the second time;
 * - each fix's saving is exactly the region's token count before minus after;
 * - no input makes the rules throw.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OffsetRange, TextEdit } from '../../server/src/core/types';
import { countRaw } from '../../server/src/core/tokens/encoders';
import {
  type CompressionInput,
  applyFixes,
  compressAll,
  compressionDiagnostics,
  fixesOf,
  mapThroughPasses,
  protectedSpans,
  simplePromptRegions,
  verifyProtected,
} from '../../server/src/core/rules/compression';
import { type CorpusDocument, generateDocument, loadCorpus, lostStrings, prng, shuffle } from '../fixtures/compression/corpus';

const countTokens = (text: string) => countRaw(text, 'o200k_base');

function inputFor(text: string, regions: OffsetRange[] = simplePromptRegions(text)): CompressionInput {
  return {
    regions,
    countTokens,
    onError: (code, error) => {
      throw new Error(`rule ${code} failed: ${String(error)}`);
    },
  };
}

const GENERATED = Array.from({ length: Number(process.env.TW_GENERATED ?? 60) }, (_, i) => generateDocument(Number(process.env.TW_SEED ?? 1000) + i));
const DOCUMENTS: CorpusDocument[] = [...loadCorpus(), ...GENERATED];

function describeBroken(doc: CorpusDocument, broken: ReturnType<typeof verifyProtected>['broken']): string {
  return broken.map((b) => `${doc.name}: ${b.span.kind} ${JSON.stringify(b.before)} became ${JSON.stringify(b.after)}`).join('\n');
}

describe('compression safety properties', () => {
  it('has a varied corpus', () => {
    assert.ok(DOCUMENTS.length >= 70, `corpus has ${DOCUMENTS.length} documents`);
    const withFixes = DOCUMENTS.filter((d) => fixesOf(compressionDiagnostics(d.text, inputFor(d.text))).length > 0);
    assert.ok(withFixes.length >= 60, `${withFixes.length} documents offer fixes`);
    const codes = new Set(DOCUMENTS.flatMap((d) => compressionDiagnostics(d.text, inputFor(d.text)).map((x) => x.code)));
    assert.deepEqual([...codes].sort(), ['duplicate-instruction', 'filler-phrase', 'json-minify', 'meta-talk', 'verbose-phrase', 'whitespace']);
  });

  it('keeps every protected span when all offered fixes are applied in random orders', () => {
    const rand = prng(42);
    let applications = 0;
    for (const doc of DOCUMENTS) {
      const input = inputFor(doc.text);
      const spans = protectedSpans(doc.text, input);
      const fixes = fixesOf(compressionDiagnostics(doc.text, input));
      for (let round = 0; round < 4; round++) {
        const result = applyFixes(doc.text, shuffle(rand, fixes));
        applications++;
        const check = verifyProtected(doc.text, result.text, spans, [result.edits]);
        assert.equal(check.broken.length, 0, describeBroken(doc, check.broken));
        assert.deepEqual(lostStrings(doc.text, result.text, doc.mustSurvive), [], `${doc.name}: round ${round}`);
        assert.equal(result.applied.length + result.skipped, fixes.length);
      }
    }
    assert.ok(applications >= 280);
  });

  it('keeps every protected span when each fix is applied alone', () => {
    let checked = 0;
    for (const doc of DOCUMENTS) {
      const input = inputFor(doc.text);
      const spans = protectedSpans(doc.text, input);
      for (const fix of fixesOf(compressionDiagnostics(doc.text, input))) {
        const result = applyFixes(doc.text, [fix]);
        assert.equal(result.applied.length, 1, `${doc.name}: ${fix.title} did not apply`);
        const check = verifyProtected(doc.text, result.text, spans, [result.edits]);
        assert.equal(check.broken.length, 0, `${fix.title}\n${describeBroken(doc, check.broken)}`);
        assert.deepEqual(lostStrings(doc.text, result.text, doc.mustSurvive), [], `${doc.name}: ${fix.title}`);
        checked++;
      }
    }
    assert.ok(checked >= 500, `only ${checked} fixes checked`);
  });

  it('keeps every protected span when quick fixes are taken one at a time, re-analysing in between', () => {
    const rand = prng(7);
    for (const doc of DOCUMENTS) {
      const spans = protectedSpans(doc.text, inputFor(doc.text));
      let text = doc.text;
      let regions = simplePromptRegions(doc.text);
      const passes: TextEdit[][] = [];
      for (let step = 0; step < 40; step++) {
        const fixes = fixesOf(compressionDiagnostics(text, inputFor(text, regions)));
        if (fixes.length === 0) break;
        const result = applyFixes(text, [pick(rand, fixes)]);
        passes.push(result.edits);
        regions = regions.map((r) => mapThroughPasses(r, [result.edits]));
        text = result.text;
      }
      const check = verifyProtected(doc.text, text, spans, passes);
      assert.equal(check.broken.length, 0, describeBroken(doc, check.broken));
      assert.deepEqual(lostStrings(doc.text, text, doc.mustSurvive), [], doc.name);
    }
  });

  it('reaches a fixed point: compressing the result again changes nothing', () => {
    for (const doc of DOCUMENTS) {
      const input = inputFor(doc.text);
      const spans = protectedSpans(doc.text, input);
      const first = compressAll(doc.text, input);
      assert.ok(first.converged, `${doc.name} did not converge in ${first.passes.length} passes`);
      assert.ok(first.after <= first.before, `${doc.name}: ${first.before} → ${first.after}`);
      const check = verifyProtected(doc.text, first.text, spans, first.passes);
      assert.equal(check.broken.length, 0, describeBroken(doc, check.broken));
      assert.deepEqual(lostStrings(doc.text, first.text, doc.mustSurvive), [], doc.name);
      const second = compressAll(first.text, { ...input, regions: first.regions, variables: first.variables });
      assert.equal(second.text, first.text, `${doc.name} changed on the second pass`);
      assert.equal(second.applied.length, 0);
      // The same holds when the second run finds the regions itself, as the CLI would.
      const fresh = compressAll(first.text, inputFor(first.text));
      assert.equal(fresh.text, first.text, `${doc.name} changed when re-parsed`);
    }
  });

  it('never edits outside the prompt regions', () => {
    for (const doc of DOCUMENTS) {
      const regions = simplePromptRegions(doc.text);
      const outside: OffsetRange[] = [];
      let pos = 0;
      for (const r of regions) {
        if (r.start > pos) outside.push({ start: pos, end: r.start });
        pos = r.end;
      }
      if (pos < doc.text.length) outside.push({ start: pos, end: doc.text.length });
      for (const fix of fixesOf(compressionDiagnostics(doc.text, inputFor(doc.text, regions)))) {
        for (const edit of fix.edits) {
          const inside = regions.some((r) => r.start <= edit.range.start && edit.range.end <= r.end);
          assert.ok(inside, `${doc.name}: ${fix.title} edits ${JSON.stringify(edit.range)} outside the regions`);
        }
      }
    }
  });

  it('measures each saving exactly: region tokens before minus after', () => {
    let checked = 0;
    for (const doc of DOCUMENTS) {
      const regions = simplePromptRegions(doc.text);
      for (const fix of fixesOf(compressionDiagnostics(doc.text, inputFor(doc.text, regions)))) {
        const region = regions.find((r) => r.start <= fix.edits[0].range.start && fix.edits[fix.edits.length - 1].range.end <= r.end);
        assert.ok(region);
        const result = applyFixes(doc.text, [fix]);
        const mapped = mapThroughPasses(region, [result.edits]);
        const before = countTokens(doc.text.slice(region.start, region.end));
        const after = countTokens(result.text.slice(mapped.start, mapped.end));
        assert.equal(fix.savedTokens, before - after, `${doc.name}: ${fix.title}`);
        assert.ok((fix.savedTokens ?? 0) > 0);
        assert.match(fix.title, new RegExp(`\\(\\u2212${fix.savedTokens} tokens?\\)$`));
        checked++;
      }
    }
    assert.ok(checked >= 500, `only ${checked} fixes checked`);
  });

  it('never throws on arbitrary input', () => {
    const rand = prng(99);
    const alphabet = ['{', '}', '{{', '}}', '{%', '%}', '`', '```', '"', "'", '\n', '\r\n', ' ', '\t', '#', '-', '*', '>', '|', '[', ']', ':', ',', '.', '?', 'please note that ', 'in order to ', 'Thank you!', '😀', '\uFEFF', '\uD800', 'é', '中', '${', '$', '\\', 'https://x.y/', '0', '42', 'a', 'Always answer.', '<tag>', '</tag>'];
    for (let i = 0; i < 300; i++) {
      let text = '';
      const len = Math.floor(rand() * 120);
      for (let k = 0; k < len; k++) text += pick(rand, alphabet);
      const regions = rand() < 0.5 ? [{ start: 0, end: text.length }] : [{ start: Math.floor(rand() * text.length), end: Math.floor(rand() * (text.length + 5)) }, { start: -3, end: 2 }];
      const input: CompressionInput = { regions, countTokens, onError: (code, error) => assert.fail(`rule ${code} threw on ${JSON.stringify(text)}: ${String(error)}`) };
      const diagnostics = compressionDiagnostics(text, input);
      for (const d of diagnostics) assert.ok(d.range.start >= 0 && d.range.end <= text.length && d.range.start <= d.range.end);
      const result = compressAll(text, input);
      assert.ok(result.text.length <= text.length);
    }
  });
});

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}
