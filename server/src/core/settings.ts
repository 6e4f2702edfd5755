import manifest from '../../../package.json';
import type { Severity } from './types';

/**
 * The analysis settings, normalized. Defaults live in package.json `contributes.configuration`;
 * this module only repairs broken values so bad settings can never crash analysis.
 */
export interface AnalysisSettings {
  defaultModel: string;
  /** The model chosen for the workspace with "Select model", below the prompt's own declaration. */
  workspaceModel: string | null;
  /** A model that beats even the prompt's own declaration (the CLI's `--model`). */
  modelOverride: string | null;
  /** Default token budget per call when the prompt declares none. */
  budget: number | null;
  promptFiles: string[];
  /** Files larger than this many bytes are not analysed. */
  maxFileSize: number;
  /** For monthly projections. */
  callsPerDay: number;
  /** Where `callsPerDay` was set, as hovers name it; absent means the `tokenwise.callsPerDay` setting. */
  callsPerDaySource?: 'tokenwise.config.json' | 'tokenwise.callsPerDay';
  /** Output tokens assumed per call when the prompt sets no max_tokens. */
  expectedOutputTokens: number;
  /** `tokenwise.models` as given; the model catalog validates it and reports problems. */
  models: unknown;
  /** Per rule code: `off` or a severity. */
  rules: Record<string, Severity | 'off'>;
  /** Extra wordy → concise pairs for `verbose-phrase`. */
  compressionPhrases: Array<{ from: string; to: string }>;
  /** Find prompts inside source code (`tokenwise.inlinePrompts.enabled`). */
  inlinePrompts: boolean;
}

const contributed = manifest.contributes.configuration.properties;

/** Defaults come from package.json `contributes.configuration`, the one source of truth. */
export const DEFAULT_SETTINGS: AnalysisSettings = {
  defaultModel: contributed['tokenwise.defaultModel'].default,
  workspaceModel: null,
  modelOverride: null,
  budget: contributed['tokenwise.budget'].default as number | null,
  promptFiles: [...contributed['tokenwise.promptFiles'].default] as string[],
  maxFileSize: contributed['tokenwise.maxFileSizeMB'].default * 1024 * 1024,
  callsPerDay: contributed['tokenwise.callsPerDay'].default,
  expectedOutputTokens: contributed['tokenwise.expectedOutputTokens'].default,
  models: [],
  rules: {},
  compressionPhrases: [],
  inlinePrompts: contributed['tokenwise.inlinePrompts.enabled'].default,
};

export interface NormalizedSettings {
  settings: AnalysisSettings;
  /** One message per value that was ignored, for the log and the user. */
  problems: string[];
}

/** Accepts whatever the client or a config file sent and returns usable settings plus complaints. */
export function normalizeSettings(raw: unknown): NormalizedSettings {
  const problems: string[] = [];
  const input = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, rules: {}, compressionPhrases: [] };
  if (input.defaultModel !== undefined) {
    if (typeof input.defaultModel === 'string' && input.defaultModel.trim()) settings.defaultModel = input.defaultModel.trim();
    else problems.push(`tokenwise.defaultModel must be a model id such as "gpt-4o"; using "${DEFAULT_SETTINGS.defaultModel}".`);
  }
  if (typeof input.workspaceModel === 'string' && input.workspaceModel.trim()) settings.workspaceModel = input.workspaceModel.trim();
  if (input.budget !== undefined && input.budget !== null) {
    if (typeof input.budget === 'number' && Number.isFinite(input.budget) && input.budget > 0) settings.budget = Math.floor(input.budget);
    else problems.push('tokenwise.budget must be a positive number of tokens or null; no default budget is applied.');
  }
  if (input.promptFiles !== undefined) {
    if (Array.isArray(input.promptFiles) && input.promptFiles.every((glob) => typeof glob === 'string')) settings.promptFiles = input.promptFiles.filter(Boolean) as string[];
    else problems.push('tokenwise.promptFiles must be a list of glob strings; ignoring it.');
  }
  if (input.maxFileSizeMB !== undefined) {
    if (typeof input.maxFileSizeMB === 'number' && input.maxFileSizeMB > 0) settings.maxFileSize = input.maxFileSizeMB * 1024 * 1024;
    else problems.push(`tokenwise.maxFileSizeMB must be a positive number; using ${DEFAULT_SETTINGS.maxFileSize / 1024 / 1024}.`);
  }
  for (const key of ['callsPerDay', 'expectedOutputTokens'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) settings[key] = value;
    else problems.push(`tokenwise.${key} must be a number of at least 0; using ${DEFAULT_SETTINGS[key]}.`);
  }
  if (input.models !== undefined) settings.models = input.models;
  const inline = (input.inlinePrompts as { enabled?: unknown } | undefined)?.enabled;
  if (inline !== undefined) {
    if (typeof inline === 'boolean') settings.inlinePrompts = inline;
    else problems.push('tokenwise.inlinePrompts.enabled must be true or false; using true.');
  }
  const compression = input.compression as { phrases?: unknown } | undefined;
  if (compression?.phrases !== undefined) {
    const phrases = Array.isArray(compression.phrases) ? compression.phrases : [];
    const valid = phrases.filter((entry): entry is { from: string; to: string } => !!entry && typeof entry.from === 'string' && entry.from.trim() !== '' && typeof entry.to === 'string');
    if (valid.length !== phrases.length || !Array.isArray(compression.phrases)) problems.push('tokenwise.compression.phrases must be a list of { "from": "…", "to": "…" }; invalid entries are ignored.');
    settings.compressionPhrases = valid;
  }
  if (input.rules !== undefined && input.rules !== null) {
    if (typeof input.rules === 'object' && !Array.isArray(input.rules)) {
      const allowed = new Set(['off', 'error', 'warning', 'information', 'hint']);
      for (const [code, value] of Object.entries(input.rules as Record<string, unknown>)) {
        if (typeof value === 'string' && allowed.has(value)) settings.rules[code] = value as Severity | 'off';
        else problems.push(`tokenwise.rules.${code} must be one of off, error, warning, information, hint; ignoring it.`);
      }
    } else {
      problems.push('tokenwise.rules must be an object of rule codes to off/error/warning/information/hint; ignoring it.');
    }
  }
  return { settings, problems };
}
