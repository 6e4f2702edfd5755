import type { Diagnostic, Fix, OffsetRange, TextEdit } from '../../types';
import { analyzeTask } from './analyze';
import { formatPercentDown } from './format';
import { formatUsd } from '../../../shared/format';
import { tierRank, type TaskAnalysis, type TaskHints, type TaskKind, type TaskSignal, type Tier } from './types';
import { MODEL_TIER_CODE } from '../codes';

export { MODEL_TIER_CODE };

/** A hint is only worth the reader's attention when the cheaper model saves at least this share. */
export const DEFAULT_MIN_SAVING = 0.25;

/** What the rule needs to know about a model; the integrator fills it from the catalog. */
export interface TierModel {
  /** The id as it should be written in the document (the replacement text of the switch fix). */
  id: string;
  /** The model's price tier; `null` (unknown) means no hint. */
  tier: Tier | null;
  provider: string;
  /** Estimated cost in USD of 1,000 calls of this prompt with this model; `null` when unpriced. */
  costPerThousandCalls: number | null;
}

export type CommentSyntax = 'hash' | 'slash' | 'html';

/** The hints (`maxOutputTokens`, `hasJsonSchema`, `outputEnum`, `usesTools`) are passed to the task analyser. */
export interface ModelTierInput extends Pick<TaskHints, 'maxOutputTokens' | 'hasJsonSchema' | 'outputEnum' | 'usesTools' | 'checkpoint'> {
  text: string;
  /** The spans that are sent (regions); the task is read from these only. Empty: the whole text. */
  regions: readonly OffsetRange[];
  /** The model declaration (its value), where the diagnostic sits; `null`: the prompt's first line. */
  modelRange: OffsetRange | null;
  model: TierModel;
  /** Models of the same provider to choose from (others are ignored). */
  candidates: readonly TierModel[];
  /** Front matter `tokenwise: { tier: frontier }` or a disable comment: see {@link isModelTierSuppressed}. */
  suppressed: boolean;
  /** The text `analysis` offsets refer to, when it is not `text` (an inline prompt's value). */
  analysisText?: string;
  /** A precomputed analysis of the same text and regions (the hover may have one already). */
  analysis?: TaskAnalysis;
  /** The syntax of a disable comment when the document has no front matter; default `html`. */
  commentSyntax?: CommentSyntax;
  /** Default {@link DEFAULT_MIN_SAVING}. */
  minSaving?: number;
}

const KIND_PHRASE: Partial<Record<TaskKind, string>> = {
  classification: 'a classification task',
  extraction: 'an extraction task',
  reformatting: 'a reformatting task',
  translation: 'a translation task',
  summary: 'a summarisation task',
};

/**
 * `model-tier`: an Information diagnostic when the declared model sits above the tier the task
 * needs and a same-provider model of an adequate tier is cheaper. The message gives both costs per
 * 1,000 calls from the inputs and asks to evaluate before switching; the fixes switch the model
 * (never preferred, never in fix-all) or silence the hint for this prompt. Pure; never throws.
 */
export function modelTierDiagnostics(input: ModelTierInput): Diagnostic[] {
  const { text, model } = input;
  if (input.suppressed || model.tier === null || model.costPerThousandCalls === null) return [];
  const modelCost = model.costPerThousandCalls;
  if (!Number.isFinite(modelCost) || modelCost <= 0) return [];

  const analysis = input.analysis ?? analyzeTask(text, {
    regions: input.regions,
    maxOutputTokens: input.maxOutputTokens ?? null,
    hasJsonSchema: input.hasJsonSchema === true,
    outputEnum: input.outputEnum ?? [],
    usesTools: input.usesTools === true,
    checkpoint: input.checkpoint,
  });
  const needed = analysis.neededTier;
  if (needed === 'frontier' || tierRank(needed) >= tierRank(model.tier)) return [];

  const candidate = cheapestAdequate(input.candidates, model, needed, input.minSaving ?? DEFAULT_MIN_SAVING);
  if (!candidate) return [];
  const candidateCost = candidate.costPerThousandCalls as number;

  const kind = analysis.taskKind === 'summary' && analysis.signals.some((s) => s.signal === 'task.summary-short')
    ? 'a short-summary task'
    : (KIND_PHRASE[analysis.taskKind] ?? 'a routine task');
  const percent = formatPercentDown(1 - candidateCost / modelCost);
  const message =
    `Looks like ${kind}: ${candidate.id} would cost ${percent} less ` +
    `(${formatUsd(candidateCost)} vs ${formatUsd(modelCost)} per 1,000 calls). Evaluate before switching.` +
    evidenceSentences(input.analysisText ?? text, analysis.signals);

  const range = anchorRange(text, input.modelRange, input.regions);
  const fixes: Fix[] = [];
  if (input.modelRange && input.modelRange.end > input.modelRange.start) {
    fixes.push({
      title: `Switch to ${candidate.id} (${percent} cheaper; evaluate first)`,
      edits: [switchEdit(text, input.modelRange, candidate.id)],
      safeForFixAll: false,
    });
  }
  const silence = silenceFix(text, input.modelRange, input.regions, input.commentSyntax ?? 'html');
  if (silence) fixes.push(silence);

  return [{ code: MODEL_TIER_CODE, severity: 'information', message, range, fixes }];
}

/** The cheapest same-provider model whose tier is adequate but below the declared one. */
function cheapestAdequate(candidates: readonly TierModel[], model: TierModel, needed: Tier, minSaving: number): TierModel | null {
  const modelCost = model.costPerThousandCalls as number;
  const modelRank = tierRank(model.tier as Tier);
  let best: TierModel | null = null;
  for (const candidate of candidates) {
    if (candidate.provider !== model.provider || candidate.id === model.id || candidate.tier === null) continue;
    const rank = tierRank(candidate.tier);
    // A cheaper model of the same price band counts too (Claude Sonnet → Haiku are both mid-priced),
    // except on the small tier, where the prompt already runs on a cheap model.
    if (rank < tierRank(needed) || rank > modelRank || (rank === modelRank && model.tier === 'small')) continue;
    const cost = candidate.costPerThousandCalls;
    if (cost === null || !Number.isFinite(cost) || cost < 0 || 1 - cost / modelCost < minSaving) continue;
    const bestCost = best?.costPerThousandCalls as number;
    if (!best || cost < bestCost || (cost === bestCost && candidate.id < best.id)) best = candidate;
  }
  return best;
}

/** Replaces the model's value, keeping quotes around it when the declaration has them. */
function switchEdit(text: string, range: OffsetRange, id: string): TextEdit {
  const value = text.slice(range.start, range.end);
  const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0];
  return quoted ? { range: { start: range.start + 1, end: range.end - 1 }, newText: id } : { range, newText: id };
}

// ---------------------------------------------------------------------------------------------
// Suppression: front matter `tokenwise: { tier: frontier }` or a disable comment.

const DISABLE_COMMENT = /tokenwise-disable-next-line\b([^\n]*)/;

/**
 * True when a `tokenwise-disable-next-line model-tier` comment silences the hint: on the line
 * directly above the model declaration, or, when the prompt declares no model, on the line above
 * or on the line the diagnostic would sit on (the first line of the first region). A bare
 * `tokenwise-disable-next-line` silences every rule. Any comment syntax counts (`#`, `//`, `<!-- -->`).
 */
export function hasModelTierDisableComment(text: string, modelRange: OffsetRange | null, regions: readonly OffsetRange[] = []): boolean {
  const anchor = anchorRange(text, modelRange, regions);
  const lineStart = text.lastIndexOf('\n', anchor.start - 1) + 1;
  const lines: string[] = [];
  if (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    lines.push(text.slice(previousStart, lineStart - 1));
  }
  if (!modelRange) {
    const lineEnd = text.indexOf('\n', anchor.start);
    lines.push(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd));
  }
  return lines.some((line) => {
    const match = DISABLE_COMMENT.exec(line);
    if (!match) return false;
    const rules = match[1].replace(/-->|\*\/|#}/g, ' ').split(/[\s,]+/).filter(Boolean);
    return rules.length === 0 || rules.includes(MODEL_TIER_CODE);
  });
}

/**
 * The rule's `suppressed` input: front matter `tokenwise: { tier: frontier }` (parsed YAML data,
 * as the document parser gives it) or a disable comment.
 */
export function isModelTierSuppressed(
  text: string,
  modelRange: OffsetRange | null,
  frontMatterData: Record<string, unknown> | undefined | null,
  regions: readonly OffsetRange[] = [],
): boolean {
  const tokenwise = frontMatterData?.tokenwise;
  if (tokenwise && typeof tokenwise === 'object' && (tokenwise as Record<string, unknown>).tier === 'frontier') return true;
  return hasModelTierDisableComment(text, modelRange, regions);
}

/** The diagnostic's place: the model declaration, else the first line of the first non-empty region. */
function anchorRange(text: string, modelRange: OffsetRange | null, regions: readonly OffsetRange[]): OffsetRange {
  if (modelRange) {
    const start = Math.max(0, Math.min(modelRange.start, text.length));
    return { start, end: Math.max(start, Math.min(modelRange.end, text.length)) };
  }
  const region = regions.find((r) => r.end > r.start);
  let start = Math.max(0, Math.min(region ? region.start : 0, text.length));
  // Skip blank lines so the squiggle lands on text.
  while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end: Math.max(start, end) };
}

interface FrontMatterSpan {
  /** Offset of the first content line (after the opening fence line). */
  contentStart: number;
  /** Offset of the closing fence line. */
  closeStart: number;
  eol: string;
}

/** YAML front matter at the start of the text: `---` … `---` (or `...`). */
export function findFrontMatter(text: string): FrontMatterSpan | null {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const open = /^---[ \t]*(\r?\n)/.exec(text.slice(bom));
  if (!open) return null;
  const eol = open[1];
  const contentStart = bom + open[0].length;
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(contentStart);
  const match = close.exec(rest);
  if (!match) return null;
  return { contentStart, closeStart: contentStart + match.index, eol };
}

function silenceFix(text: string, modelRange: OffsetRange | null, regions: readonly OffsetRange[], syntax: CommentSyntax): Fix | null {
  const frontMatter = findFrontMatter(text);
  if (frontMatter) {
    const edit = frontMatterEdit(text, frontMatter);
    if (edit) return { title: 'Keep this prompt on its tier (tokenwise: { tier: frontier })', edits: [edit], safeForFixAll: false };
  }
  const anchor = anchorRange(text, modelRange, regions);
  const lineStart = text.lastIndexOf('\n', anchor.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const inFrontMatter = frontMatter !== null && anchor.start >= frontMatter.contentStart && anchor.start < frontMatter.closeStart;
  const body = 'tokenwise-disable-next-line model-tier';
  const comment = inFrontMatter || syntax === 'hash' ? `# ${body}` : syntax === 'slash' ? `// ${body}` : `<!-- ${body} -->`;
  return {
    title: 'Silence the model-tier hint for this prompt',
    edits: [{ range: { start: lineStart, end: lineStart }, newText: indent + comment + eol }],
    safeForFixAll: false,
  };
}

/**
 * Adds `tier: frontier` under a top-level `tokenwise` key: to a flow mapping (`tokenwise: { … }`),
 * to a block mapping, or as a new `tokenwise: { tier: frontier }` line. `null` when the existing
 * key has a shape this edit cannot extend safely (the comment fix is used instead).
 */
function frontMatterEdit(text: string, fm: FrontMatterSpan): TextEdit | null {
  const content = text.slice(fm.contentStart, fm.closeStart);
  const key = /^tokenwise[ \t]*:(.*)$/m.exec(content);
  if (!key) {
    return { range: { start: fm.closeStart, end: fm.closeStart }, newText: `tokenwise: { tier: frontier }${fm.eol}` };
  }
  const keyStart = fm.contentStart + key.index;
  const value = key[1].replace(/\r$/, '');
  const trimmed = value.trim();
  if (/\btier\s*:/.test(trimmed)) return null;
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const brace = keyStart + key[0].indexOf('{');
    const empty = /^\{\s*\}$/.test(trimmed);
    return { range: { start: brace + 1, end: brace + 1 }, newText: empty ? ' tier: frontier ' : ' tier: frontier,' };
  }
  if (trimmed === '' || trimmed.startsWith('#')) {
    // A block mapping: insert at the indentation of its first child (two spaces when it has none).
    const lineEnd = text.indexOf('\n', keyStart);
    if (lineEnd === -1 || lineEnd >= fm.closeStart) return null;
    const next = /^([ \t]+)\S/.exec(text.slice(lineEnd + 1, fm.closeStart));
    if (!next) return null;
    return { range: { start: lineEnd + 1, end: lineEnd + 1 }, newText: `${next[1]}tier: frontier${fm.eol}` };
  }
  return null;
}

/**
 * The instruction sentences that decided, for the diagnostic: the sentence around each positive
 * signal found in the text, strongest first, at most three, each at most 120 characters.
 */
export function evidenceSentences(text: string, signals: readonly TaskSignal[]): string {
  const seen = new Set<string>();
  const quotes: string[] = [];
  for (const signal of [...signals].filter((s) => s.weight > 0 && s.evidence).sort((a, b) => b.weight - a.weight)) {
    const sentence = quotableSentenceAround(text, signal.evidence as OffsetRange);
    if (!sentence || seen.has(sentence)) continue;
    seen.add(sentence);
    quotes.push(`“${sentence}”`);
    if (quotes.length === 3) break;
  }
  return quotes.length > 0 ? ` Decided by: ${quotes.join(' ')}` : '';
}

/**
 * A line break inside a sentence: the line before ends in a lower-case letter or a comma and the
 * next one goes on in lower case ("… from this fixed list and⏎nothing else:"). Any other break
 * (a blank line, a list item, a capitalised line) ends the sentence.
 */
function isSoftWrap(text: string, index: number): boolean {
  const before = text[index - 1] === '\r' ? text[index - 2] : text[index - 1];
  return before !== undefined && /[a-z,]/.test(before) && /^[a-z0-9]/.test(text[index + 1] ?? '');
}

/** The sentence around `range`, flattened and cut to 120 characters (see `splitSentences` in segment.ts for core's other sentence readers). */
function quotableSentenceAround(text: string, range: OffsetRange): string {
  // Evidence that starts on the punctuation before its sentence (". Tag the article") belongs to it.
  let from = range.start;
  while (from < range.end && /[\s.!?:]/.test(text[from])) from++;
  let start = from;
  const floor = Math.max(0, from - 200);
  // A full stop ends a sentence only before a space ("e.g." does not).
  const endsAt = (i: number) =>
    (/[.!?]/.test(text[i]) && (i + 1 >= text.length || /\s/.test(text[i + 1])) && !/\b(?:e\.g|i\.e|etc|vs|cf)$/i.test(text.slice(Math.max(0, i - 4), i))) ||
    (text[i] === '\n' && !isSoftWrap(text, i));
  while (start > floor && !endsAt(start - 1)) start--;
  let end = Math.max(range.end, from);
  const ceiling = Math.min(text.length, range.end + 200);
  while (end < ceiling && !endsAt(end)) end++;
  if (end < text.length && /[.!?]/.test(text[end])) end++;
  const flat = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
