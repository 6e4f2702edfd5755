/**
 * Dotprompt as its own runtime sends it: the `dotprompt` npm package renders a template and
 * returns the messages, which is the oracle Tokenwise's regions are compared with.
 */
import { Dotprompt } from 'dotprompt';

/**
 * google/dotprompt HEAD (2026, all runtimes) skips `#` license lines and blank lines before the
 * front matter (`FRONTMATTER_AND_BODY_REGEX`); the published npm 1.1.2 predates that change, so
 * the oracle removes exactly that header first, as the current runtime does.
 */
const CURRENT_HEADER = /^(?:(?:#[^\n]*|[ \t]*)\n)*(?=---\s*(?:\r\n|\r|\n)[\s\S]*?(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n))/;

/** Helpers Dotprompt registers; anything else in `{{name}}` form is a variable. */
const HELPERS = new Set(['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals', 'else', 'this']);

export interface OracleMessage { role: string; text: string }

/**
 * Renders `source` with each plain `{{variable}}` bound to its own source text, so the rendered
 * message holds the placeholder as Tokenwise counts it. Returns null when the template uses
 * constructs whose output depends on data (blocks, partials, dotted paths).
 */
export async function renderWithDotprompt(source: string): Promise<OracleMessage[] | null> {
  const header = CURRENT_HEADER.exec(source)?.[0].length ?? 0;
  const template = source.slice(header);
  const withoutComments = template.replace(/\{\{~?!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?~?\}\}/g, '');
  // Blocks, partials, `@data`, `this` and the json and media helpers render from data or into
  // non-text parts; such templates have no data-free rendering to compare with.
  if (/\{\{\{|\{\{~?\s*(?:[#/>^&@]|else\b|this\b|json\b|media\b)/.test(withoutComments)) return null;
  const input: Record<string, string> = {};
  for (const match of withoutComments.matchAll(/\{\{~?\s*([A-Za-z_][\w.@-]*)(\s[^}]*)?~?\}\}/g)) {
    const name = match[1];
    if (HELPERS.has(name)) continue;
    if (name.includes('.') || name.startsWith('@') || match[2]?.trim()) return null;
    input[name] ??= match[0];
  }
  const rendered = await new Dotprompt().render(template, { input });
  return rendered.messages.map((message) => ({
    role: message.role,
    text: message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(''),
  }));
}
