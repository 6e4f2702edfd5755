/**
 * An independent scan for cache-prefix recall on real files. It is written from the requirement,
 * not from the rule: a file is a candidate when its format substitutes per-call values (VS Code
 * prompt files, Prompty, Dotprompt), a per-call variable stands outside code, and at least
 * 1,024 tokens of text without variables follow it (the smallest cacheable prefix of the OpenAI and
 * Anthropic caches). Moving that variable below the static text would make the text cacheable.
 * The scan is deliberately crude; the eval prints its candidates so a reader can check them.
 */
import { encode } from 'gpt-tokenizer';

export const MIN_CACHEABLE_TOKENS = 1024;

/** VS Code prompt files: the variables that change with each use (not `${workspaceFolder}`). */
const VSCODE_PER_CALL = /\$\{(?:input:[^}\n]+|selection|selectedText|file|fileBasename|fileBasenameNoExtension|fileDirname)\}/;
/** Handlebars / Jinja values, without block helpers, partials, comments and role markers. */
const TEMPLATE_VALUE = /\{\{(?!\s*(?:[#/>!^]|else\b|role\b|media\b|section\b|history\b))[^}\n]+\}\}/;

export interface CacheCandidate {
  /** Tokens of variable-free lines after the first per-call variable. */
  staticTokensAfter: number;
  variable: string;
}

function substitutesPerCall(path: string): RegExp | null {
  if (/\.prompt\.md$/i.test(path)) return VSCODE_PER_CALL;
  if (/\.(prompty|prompt)$/i.test(path)) return TEMPLATE_VALUE;
  return null;
}

/** Blanks front matter, fenced code and inline code, keeping offsets and line breaks. */
function proseOnly(text: string): string {
  const blank = (span: string) => span.replace(/[^\n]/g, ' ');
  return text
    .replace(/^---\r?\n[\s\S]*?\r?\n---(?:\r?\n|$)/, blank)
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank)
    .replace(/`[^`\n]+`/g, blank);
}

/**
 * The static text after this file's first per-call variable, or null when the file has none. The
 * file is a candidate when `staticTokensAfter` reaches MIN_CACHEABLE_TOKENS.
 */
export function staticAfterFirstVariable(path: string, text: string): CacheCandidate | null {
  const variable = substitutesPerCall(path);
  if (!variable) return null;
  const prose = proseOnly(text);
  const first = variable.exec(prose);
  if (!first) return null;
  const staticLines = prose
    .slice(first.index)
    .split('\n')
    .slice(1)
    .filter((line) => !variable.test(line));
  const staticTokensAfter = encode(staticLines.join('\n')).length;
  return { staticTokensAfter, variable: first[0] };
}
