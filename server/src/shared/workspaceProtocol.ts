/* eslint-disable @typescript-eslint/no-namespace -- custom messages are namespaces with `method` and types, as in protocol.ts and vscode-eslint. */
/**
 * Tokenwise's custom LSP messages for the workspace budget: the "Prompt budget" view, the
 * report webview and the background scan. Plain types and method names only, so the client
 * bundle pulls in no server code. Paths are relative to their workspace folder with `/`; every
 * file also carries its URI.
 */

/** A budget's state for one call: `near` is above 90% of the limit; `none` means no budget applies. */
export type BudgetStateWire = 'none' | 'ok' | 'near' | 'over';

/** One prompt file's figures for one call and per month. Costs are US dollars; `null` means unpriced. */
export interface WorkspaceFileBudget {
  uri: string;
  /** Relative to `folderUri`, `/`-separated. */
  path: string;
  folderUri: string;
  model: string;
  /** True when every count is the model's own tokenizer's. */
  exact: boolean;
  /** Prompt + always-on context: what a token budget is compared with. */
  tokens: number;
  promptTokens: number;
  contextTokens: number;
  costPerCall: number | null;
  callsPerDay: number | null;
  monthlyCost: number | null;
  monthlyTokens: number | null;
  budgetTokens: number | null;
  budgetUsd: number | null;
  state: BudgetStateWire;
  /** A USD budget applies but the model has no price. */
  unpricedBudget: boolean;
  errors: number;
  warnings: number;
  /** Why the file was not analysed (too large, binary, unreadable), or null. */
  skipped: string | null;
  /** The file is not valid UTF-8 (one of `warnings`, as `tokenwise check` reports `invalid-utf8`). */
  invalidUtf8?: boolean;
  /**
   * Set for a prompt found in source code (TypeScript, JavaScript, Python): each prompt of a file
   * is its own row, named by its API or constant, at its zero-based line.
   */
  prompt?: { name: string; line: number };
}

export interface ModelTotals {
  model: string;
  files: number;
  /** Σ over the model's prompts of one call each. */
  tokens: number;
  exact: boolean;
  /** Σ of the priced files' monthly cost; `unpriced` counts the files left out. */
  monthlyCost: number | null;
  monthlyTokens: number | null;
  unpriced: number;
}

export interface WorkspaceSummary {
  files: number;
  /** Σ over prompts of one call each; not the size of any one call. */
  tokens: number;
  /** Every prompt's count is exact; else `tokens` is shown with ≈. */
  exact: boolean;
  /** Σ of the priced files' cost per call, or null when no file is priced. */
  costPerCall: number | null;
  /** Σ of the priced files' monthly projection, or null when none has one. */
  monthlyCost: number | null;
  monthlyTokens: number | null;
  /** Files with no price for their model. */
  unpriced: number;
  over: number;
  near: number;
  ok: number;
  none: number;
  skipped: number;
}

export interface ScanStatus {
  /** `idle` before the first scan; `cancelled` keeps the partial results. */
  state: 'idle' | 'scanning' | 'done' | 'cancelled' | 'failed';
  /** Files analysed so far and in total (total is 0 while files are still being listed). */
  done: number;
  total: number;
  /** When the last scan finished (ms since epoch), or null. */
  finishedAt: number | null;
  durationMs: number | null;
  message: string | null;
}

export interface ConfigStatus {
  /** The config file in use for a workspace folder, or null when defaults apply. */
  uri: string | null;
  folderUri: string;
  errors: number;
  warnings: number;
}

/**
 * Request `tokenwise/workspaceBudget`, sent by the client (the Prompt budget view): every prompt
 * file of the workspace with its figures, sorted by monthly cost, then cost per call, then
 * tokens, highest first. Starts a scan when none has run yet.
 */
export namespace WorkspaceBudgetRequest {
  export const method = 'tokenwise/workspaceBudget';
  export interface Params {
    /** At most this many files (the summary still covers all); all when absent. */
    limit?: number;
  }
  export interface Result {
    files: WorkspaceFileBudget[];
    summary: WorkspaceSummary;
    byModel: ModelTotals[];
    status: ScanStatus;
    configs: ConfigStatus[];
  }
}

/**
 * Request `tokenwise/scanWorkspace`, sent by the client (the view's refresh button): rescans the
 * workspace in the background, with cancellable progress. Unchanged files are not re-analysed
 * unless `force`. Resolves when the scan has started, not when it ends.
 */
export namespace ScanWorkspaceRequest {
  export const method = 'tokenwise/scanWorkspace';
  export interface Params {
    force?: boolean;
  }
  export interface Result {
    started: boolean;
  }
}

/** Request `tokenwise/cancelWorkspaceScan`, sent by the client: stops a running scan, keeping what it found. */
export namespace CancelWorkspaceScanRequest {
  export const method = 'tokenwise/cancelWorkspaceScan';
  export type Params = Record<string, never>;
  export interface Result {
    cancelled: boolean;
  }
}

/**
 * Request `tokenwise/workspaceReport`, sent by the client (the report command): the summary, the
 * totals per model, the files with the highest monthly cost, the report as Markdown (for
 * "Export Markdown") and the charts as an HTML fragment with inline SVG (the client wraps it in
 * its webview; it contains no script).
 */
export namespace WorkspaceReportRequest {
  export const method = 'tokenwise/workspaceReport';
  export interface Params {
    /** Files in the charts and the table (default 20). */
    top?: number;
  }
  export interface Result {
    summary: WorkspaceSummary;
    byModel: ModelTotals[];
    files: WorkspaceFileBudget[];
    status: ScanStatus;
    markdown: string;
    chartsHtml: string;
  }
}

/**
 * Notification `tokenwise/workspaceBudgetChanged`, sent by the server while a scan runs (at most
 * about once a second) and when it ends or a watched file changes, so the view asks
 * `tokenwise/workspaceBudget` again.
 */
export namespace WorkspaceBudgetChangedNotification {
  export const method = 'tokenwise/workspaceBudgetChanged';
  export interface Params {
    status: ScanStatus;
  }
}
