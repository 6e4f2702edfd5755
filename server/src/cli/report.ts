import { LineIndex, type LineCharacter } from '../core/text/lineIndex';
import type { Analysis, OffsetRange, Severity } from '../core';

export interface WireRange {
  start: LineCharacter;
  end: LineCharacter;
}

export interface FileReport {
  path: string;
  model: string;
  encoding: string;
  exact: boolean;
  tokens: number;
  overheadTokens: number;
  budget: number | null;
  regions: Array<{ name: string; role?: string; range: WireRange; tokens: number }>;
  diagnostics: Array<{ code: string; severity: Severity; message: string; range: WireRange }>;
}

export interface CheckReport {
  files: FileReport[];
  summary: { files: number; tokens: number; errors: number; warnings: number };
}

/** The CLI's JSON for one file; ranges use the same line index as the language server. */
export function fileReport(path: string, text: string, analysis: Analysis): FileReport {
  const lines = new LineIndex(text);
  const range = (offsets: OffsetRange): WireRange => ({ start: lines.positionAt(offsets.start), end: lines.positionAt(offsets.end) });
  return {
    path,
    model: analysis.model,
    encoding: analysis.encoding,
    exact: analysis.exact,
    tokens: analysis.tokens,
    overheadTokens: analysis.overheadTokens,
    budget: analysis.budget,
    regions: analysis.regions.map((region) => ({ name: region.name, ...(region.role ? { role: region.role } : {}), range: range(region.range), tokens: region.tokens })),
    diagnostics: analysis.diagnostics.map((diagnostic) => ({ code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, range: range(diagnostic.range) })),
  };
}

export function summarize(files: FileReport[]): CheckReport {
  const count = (severity: Severity) => files.reduce((sum, file) => sum + file.diagnostics.filter((diagnostic) => diagnostic.severity === severity).length, 0);
  return { files, summary: { files: files.length, tokens: files.reduce((sum, file) => sum + file.tokens, 0), errors: count('error'), warnings: count('warning') } };
}
