import { countRaw } from '../../server/src/core/tokens/encoders';
import { compressionDiagnostics } from '../../server/src/core/rules/compression';
const countTokens = (t: string) => countRaw(t, 'o200k_base');
for (const text of process.env.PROBE!.split('||')) {
  const ds = compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens });
  console.log(JSON.stringify(text.slice(0, 60)));
  for (const d of ds) console.log('  ', d.code, JSON.stringify(text.slice(d.range.start, d.range.end)), '->', d.fixes?.[0]?.edits.map((e) => e.newText));
}
