import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInlinePromptFinder, GRAMMAR_FILES, type InlinePromptFinder } from '../core/inline';

/**
 * Loads tree-sitter and its grammars from the folder of the running bundle (`dist/`), where the
 * build copies them. The analysis core stays free of the disk: it is handed the bytes.
 */
export function loadInlineFinder(directory: string = __dirname): Promise<InlinePromptFinder> {
  return (async () =>
    createInlinePromptFinder({
      treeSitterWasm: await readFile(join(directory, 'web-tree-sitter.wasm')),
      loadGrammar: (language) => readFile(join(directory, GRAMMAR_FILES[language])),
    }))();
}
