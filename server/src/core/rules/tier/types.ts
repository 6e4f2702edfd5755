import type { OffsetRange } from '../../types';

/**
 * A price tier: `small` < `medium` < `frontier`. Structurally the same as the catalog's
 * `ModelTier`, declared here so this rule does not depend on the catalog's code.
 */
export type Tier = 'small' | 'medium' | 'frontier';

/** Tiers from cheapest to most capable; the index is the tier's rank. */
export const TIERS: readonly Tier[] = ['small', 'medium', 'frontier'];

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

/**
 * What the prompt asks the model to do. The first five are the routine kinds the analyser may
 * route to a cheaper tier; the others only ever explain why it does not.
 */
export type TaskKind =
  | 'classification'
  | 'extraction'
  | 'reformatting'
  | 'translation'
  | 'summary'
  | 'reasoning'
  | 'legal'
  | 'medical'
  | 'financial'
  | 'planning'
  | 'code'
  | 'creative'
  | 'agent'
  | 'unknown';

/**
 * One piece of evidence. Positive weights argue for a cheaper tier, negative ones against it.
 * A blocking signal (`blocking: true`) vetoes any hint whatever the other weights say.
 */
export interface TaskSignal {
  /** Stable id such as `task.classify` or `domain.legal`, for tests and settings. */
  signal: string;
  weight: number;
  /** Where the analyser saw it (document offsets), or `null` for signals that come from hints. */
  evidence: OffsetRange | null;
  /** One sentence for the hover. */
  description: string;
  blocking?: boolean;
}

export interface TaskAnalysis {
  /** The cheapest tier the analyser thinks is adequate; `frontier` means "no hint". */
  neededTier: Tier;
  taskKind: TaskKind;
  /** 0–1: how strongly the signals support `neededTier`. Low when the analyser simply is not sure. */
  confidence: number;
  /** Every signal found, in document order (hint-derived signals last). */
  signals: TaskSignal[];
  /** The sum of the weights; a hint needs at least `HINT_THRESHOLD` and no blocking signal. */
  score: number;
}

/** Facts about the call that are not in the prompt text. */
export interface TaskHints {
  /** The call's output limit (`max_tokens`), when declared. */
  maxOutputTokens?: number | null;
  /** The call constrains the output with a JSON schema (structured outputs). */
  hasJsonSchema?: boolean;
  /** The values of an enum the declared output schema allows (Dotprompt `field(enum): [...]`). */
  outputEnum?: readonly string[];
  /** The prompt runs as an agent with tools (front matter `tools: [...]`, `mode: agent`). */
  usesTools?: boolean;
  /**
   * Only these spans are read (the text that is sent: regions, not front matter). Offsets in the
   * result stay document offsets. Absent: the whole text.
   */
  regions?: readonly OffsetRange[];
  /** Called before each signal rule and each region read; see `CompressionInput.checkpoint`. */
  checkpoint?: () => void;
}
