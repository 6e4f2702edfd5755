import type { AnalysisSettings, CompressionResult, Diagnostic, EncodingName, PromptFormat } from '../core';

/** One document version, as the advisory rules and the compression need it. */
export interface OffloadJob {
  uri: string;
  version: number;
  text: string;
  path: string;
  format: PromptFormat;
  /** The encoding of the main thread's analysis of this version: the worker counts with it in slices. */
  encoding: EncodingName;
  /** The document's settings (after a project's tokenwise.config.json); `models` builds the catalog. */
  settings: AnalysisSettings;
  /** For a compression: only these rules' fixes (the preview's ticked rules); all when absent. */
  rules?: readonly string[];
}

/**
 * Runs the slow whole-prompt work (advisory rules, fix-all compression) away from the thread
 * that answers requests: the node host does it in a worker thread. Each answer is for the job's
 * version; a job replaced by a newer one for the same document before it started resolves to
 * null, and the caller drops any answer for a version that is no longer current.
 */
export interface AnalysisOffload {
  advise(job: OffloadJob): Promise<Diagnostic[] | null>;
  compress(job: OffloadJob): Promise<CompressionResult | null>;
  /**
   * A newer version of the document arrived: its jobs, queued or running, answer null. A running
   * job stops at its next checkpoint instead of finishing work nobody will read, on a core the
   * keystrokes' stats need.
   */
  supersede(uri: string): void;
  /** Forgets what the worker keeps for a closed document. */
  close(uri: string): void;
}
