import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DocumentAnalyzer, DEFAULT_SETTINGS } from '../../server/src/core';
import { measureCompression, formatCompressionReport } from '../../server/src/core/rules/compression';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { Report } from './extra';

const EXAMPLES = resolve(__dirname, '../../examples');

/** Fix-all savings on the shipped examples, with the parser's real regions and variables. */
export function compressionSavings(report: Report): void {
  for (const [folder, target, meets] of [
    ['verbose', '≥ 20% saved, protected spans intact', (saved: number) => saved >= 20],
    ['tight', '< 5% changed', (saved: number) => saved < 5],
  ] as const) {
    const samples = readdirSync(join(EXAMPLES, folder)).map((name) => {
      const text = readFileSync(join(EXAMPLES, folder, name), 'utf8');
      const analysis = new DocumentAnalyzer().analyze(text, { path: name, settings: DEFAULT_SETTINGS });
      return { name, text, regions: analysis.regions.map((region) => region.range), variables: analysis.variables };
    });
    const measured = measureCompression(samples, (text) => countRaw(text, 'o200k_base'));
    console.log(formatCompressionReport(measured, `examples/${folder}`).replace(/^/gm, '      '));
    report(`fix-all on examples/${folder}`, `${measured.savedPercent.toFixed(1)}% (${measured.before} → ${measured.after} tokens)${measured.allProtectedIntact ? ', protected spans intact' : ', PROTECTED SPAN BROKEN'}`, target, meets(measured.savedPercent) && measured.allProtectedIntact);
  }
}
