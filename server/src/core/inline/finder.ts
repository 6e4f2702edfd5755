import type { Parser, Tree } from 'web-tree-sitter';
import { findPrompts } from './findPrompts';
import { initRuntime, loadLanguage, newParser, parseIncrementally } from './runtime';
import type { InlineLanguage, InlineScan } from './types';

export const INLINE_LANGUAGES: readonly InlineLanguage[] = ['typescript', 'tsx', 'javascript', 'python'];

/** What the host provides: the WebAssembly bytes, read however the host reads files. */
export interface InlinePromptFinderOptions {
  /**
   * `web-tree-sitter.wasm` from the installed web-tree-sitter package (it must be that version's
   * own file). Without it web-tree-sitter looks for the file next to the running script.
   */
  treeSitterWasm?: Uint8Array;
  /** The grammar of a language: `tree-sitter-<language>.wasm` from `@vscode/tree-sitter-wasm`. */
  loadGrammar: (language: InlineLanguage) => Promise<Uint8Array>;
  /** The grammars to load; all four by default. */
  languages?: readonly InlineLanguage[];
}

/** Finds prompts in source files. Synchronous once created; one finder serves every document. */
export interface InlinePromptFinder {
  /** The grammars that loaded. */
  readonly languages: readonly InlineLanguage[];
  /** Whether `find` can analyse documents of this VS Code language id. */
  supports(languageId: string): boolean;
  /**
   * Finds the prompts in `source`. Pass the document's previous scan as `previous` to re-parse
   * incrementally: the finder keeps that scan's syntax tree (and frees it when the scan is
   * garbage-collected). Never throws: failures come back as problems.
   */
  find(source: string, languageId: string, previous?: InlineScan | null): InlineScan;
  /** Frees the parsers. `find` afterwards returns empty scans with a problem. */
  dispose(): void;
}

const LANGUAGE_IDS: Record<string, InlineLanguage> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
};

/** The grammar for a VS Code language id, or null when the finder does not handle it. */
export function inlineLanguageOf(languageId: string): InlineLanguage | null {
  return Object.hasOwn(LANGUAGE_IDS, languageId) ? LANGUAGE_IDS[languageId]! : null;
}

const EXTENSIONS: Record<string, string> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  pyi: 'python',
};

/** The VS Code language id of a source file the finder handles (for the CLI), from its name. */
export function sourceLanguageIdForPath(path: string): string | null {
  if (/\.d\.[mc]?ts$/.test(path)) return null;
  const match = /\.([A-Za-z]+)$/.exec(path);
  const extension = match?.[1]?.toLowerCase();
  return extension && Object.hasOwn(EXTENSIONS, extension) ? EXTENSIONS[extension]! : null;
}

interface DocumentState {
  tree: Tree;
  source: string;
  language: InlineLanguage;
}

/**
 * Loads the tree-sitter runtime and the grammars, then returns a synchronous finder. Rejects only
 * when the runtime itself cannot start; a grammar that fails to load is reported by `find`.
 */
export async function createInlinePromptFinder(options: InlinePromptFinderOptions): Promise<InlinePromptFinder> {
  await initRuntime(options.treeSitterWasm);
  const parsers = new Map<InlineLanguage, Parser>();
  const failures = new Map<InlineLanguage, string>();
  await Promise.all(
    (options.languages ?? INLINE_LANGUAGES).map(async (language) => {
      try {
        parsers.set(language, newParser(await loadLanguage(await options.loadGrammar(language))));
      } catch (error) {
        failures.set(language, error instanceof Error ? error.message : String(error));
      }
    }),
  );
  return new Finder(parsers, failures);
}

class Finder implements InlinePromptFinder {
  /** Each scan's tree, for the next incremental parse; weakly held so that scans own them. */
  private states = new WeakMap<InlineScan, DocumentState>();
  private disposed = false;

  constructor(
    private parsers: Map<InlineLanguage, Parser>,
    private failures: Map<InlineLanguage, string>,
  ) {}

  get languages(): readonly InlineLanguage[] {
    return INLINE_LANGUAGES.filter((language) => this.parsers.has(language));
  }

  supports(languageId: string): boolean {
    const language = inlineLanguageOf(languageId);
    return language !== null && this.parsers.has(language);
  }

  find(source: string, languageId: string, previous?: InlineScan | null): InlineScan {
    const language = inlineLanguageOf(languageId);
    const empty = (message?: string): InlineScan => ({
      languageId,
      language,
      prompts: [],
      problems: message ? [{ message, range: { start: 0, end: 0 } }] : [],
      incremental: false,
    });
    if (!language) return empty();
    if (this.disposed) return empty('The inline prompt finder was disposed.');
    const parser = this.parsers.get(language);
    if (!parser) {
      const failure = this.failures.get(language);
      return empty(failure ? `The ${language} grammar did not load: ${failure}` : `The ${language} grammar was not loaded.`);
    }
    try {
      const state = previous ? this.states.get(previous) : undefined;
      const prior = state && state.language === language ? state : null;
      if (prior && previous && prior.source === source) {
        const scan: InlineScan = { ...previous, languageId, incremental: true };
        this.states.set(scan, prior);
        return scan;
      }
      const { tree, incremental } = parseIncrementally(parser, source, prior);
      if (!tree) return empty('The parser returned no tree.');
      const { prompts, problems } = findPrompts(source, tree, language);
      const scan: InlineScan = { languageId, language, prompts, problems, incremental };
      this.states.set(scan, { tree, source, language });
      return scan;
    } catch (error) {
      parser.reset();
      return empty(`Inline prompt analysis failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const parser of this.parsers.values()) parser.delete();
    this.parsers.clear();
  }
}
