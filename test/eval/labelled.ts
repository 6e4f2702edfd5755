/**
 * Shared scoring for the labelled advisory sets (tier, cache): each file runs through the same
 * analysis `tokenwise check` does, and a label says whether the rule should fire.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, type Diagnostic, type ModelCatalog } from '../../server/src/core';
import { prepare } from './real';

export interface Outcome {
  file: string;
  expected: boolean;
  fired: boolean;
  /** The label's extra fields (vendor, why). */
  label: Record<string, unknown>;
  message: string;
  /** The model the analysis resolved, with its source and tier. */
  model?: string;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function score(outcomes: readonly Outcome[]): Score {
  const tp = outcomes.filter((o) => o.fired && o.expected).length;
  const fp = outcomes.filter((o) => o.fired && !o.expected).length;
  const fn = outcomes.filter((o) => !o.fired && o.expected).length;
  return { tp, fp, fn, tn: outcomes.length - tp - fp - fn };
}

/** "0.90 (9/10)", or "— (0/0)" when nothing was predicted or expected. */
export const precisionText = (s: Score) => (s.tp + s.fp === 0 ? '— (0/0)' : `${(s.tp / (s.tp + s.fp)).toFixed(2)} (${s.tp}/${s.tp + s.fp})`);
export const recallText = (s: Score) => (s.tp + s.fn === 0 ? '— (0/0)' : `${(s.tp / (s.tp + s.fn)).toFixed(2)} (${s.tp}/${s.tp + s.fn})`);
export const precisionOf = (s: Score) => (s.tp + s.fp === 0 ? null : s.tp / (s.tp + s.fp));
export const recallOf = (s: Score) => (s.tp + s.fn === 0 ? null : s.tp / (s.tp + s.fn));

/** The advisory diagnostics of one file, as `tokenwise check` reports them, and the model it resolved. */
export function adviceFor(path: string, catalog: ModelCatalog): { diagnostics: Diagnostic[]; model: string } {
  const text = readFileSync(path, 'utf8');
  const prepared = prepare(text, path, catalog, DEFAULT_SETTINGS);
  const info = prepared.analysis.modelInfo;
  // Said with each miss: a model the catalog does not know, or not declared in the file, gets no tier hint.
  const model = `${prepared.analysis.model} (${prepared.analysis.modelSource}${info ? `, ${info.tier ?? 'no tier'}` : ', unknown to the catalog'})`;
  return { diagnostics: prepared.analyzer.advise(text, prepared.analysis, prepared.input), model };
}

/**
 * Runs every labelled file of `dir` (labels.json: file → { expected, … }) and says whether `code`
 * fired. `positive` is the label value that means "should fire".
 */
export function runLabelled(dir: string, code: string, positive: string, catalog: ModelCatalog): Outcome[] | null {
  const labelsPath = join(dir, 'labels.json');
  if (!existsSync(labelsPath)) return null;
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Record<string, Record<string, unknown> & { expected: string }>;
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, label]) => {
      const advice = adviceFor(join(dir, file), catalog);
      const fired = advice.diagnostics.filter((diagnostic) => diagnostic.code === code);
      return { file, expected: label.expected === positive, fired: fired.length > 0, label, message: fired[0]?.message ?? '', model: advice.model };
    });
}

/** Table lines for one folder: precision, recall, then each miss and each false alarm. */
export function describe(title: string, outcomes: readonly Outcome[], noun: string): string[] {
  const s = score(outcomes);
  const lines = [`${title.padEnd(34)} ${String(outcomes.length).padStart(3)} files  precision ${precisionText(s).padEnd(12)} recall ${recallText(s)}`];
  for (const o of outcomes) {
    if (o.fired && !o.expected) lines.push(`    FALSE ${noun.padEnd(5)} ${o.file}: ${o.message.slice(0, 140)}`);
    else if (!o.fired && o.expected) lines.push(`    missed      ${o.file}${o.model ? ` [${o.model}]` : ''}${typeof o.label.why === 'string' ? ` (${o.label.why.slice(0, 90)})` : ''}`);
  }
  return lines;
}
