/**
 * The inputs of issue 13's freeze table, generated per run (nothing is committed): each is a
 * file a person might open, paste or keep in a workspace that used to stall the server.
 */
import { mixedDocument, seededRandom } from '../core/corpus';

export interface FreezeInput {
  name: string;
  /** File name, so the extension decides the format as it would in an editor. */
  file: string;
  /** The file's bytes; text inputs are UTF-8. */
  bytes: Buffer;
}

const MB = 1024 * 1024;

/** A prompt file of about `size` characters of varied text under a front matter. */
export function bigPrompt(size: number, seed: number): string {
  return `---\nmodel: gpt-4o\n---\nsystem:\n${mixedDocument(size, seededRandom(seed), { realistic: true })}\n`;
}

function cjkLine(length: number, seed: number): string {
  const random = seededRandom(seed);
  let line = '';
  while (line.length < length) line += String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000));
  return line;
}

function minifiedJson(size: number, seed: number): string {
  const random = seededRandom(seed);
  const rows: string[] = [];
  let length = 0;
  for (let id = 0; length < size; id++) {
    const row = JSON.stringify({ id, name: `user${id}`, email: `u${id}@example.com`, score: Math.round(random() * 1e6) / 100, tags: ['a', 'b', String(id % 7)], active: random() < 0.5 });
    rows.push(row);
    length += row.length + 1;
  }
  return `[${rows.join(',')}]`;
}

const header = '---\nmodel: gpt-4o\n---\nuser:\n';

export function freezeInputs(): FreezeInput[] {
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const withNul = `${header}${mixedDocument(8192, seededRandom(5), { realistic: true })}${'\0binary\0data\u0001\u0002'.repeat(60_000)}`;
  const bom = `\uFEFF${header}${mixedDocument(200_000, seededRandom(6), { realistic: true }).replace(/\n\n/g, '\n\uFEFF\n')}`;
  return [
    { name: '2 MB prompt', file: 'big.prompt.md', bytes: utf8(bigPrompt(2 * MB, 1)) },
    { name: '50,000 CJK characters, one line', file: 'cjk.prompt.md', bytes: utf8(`${header}${cjkLine(50_000, 2)}\n`) },
    { name: '5 MB minified JSON', file: 'data.prompt.md', bytes: utf8(`${header}${minifiedJson(5 * MB, 3)}\n`) },
    { name: '1 MB of one letter', file: 'letters.prompt.md', bytes: utf8(`${header}${'a'.repeat(MB)}\n`) },
    { name: '1.3 MB of digits', file: 'digits.prompt.md', bytes: utf8(`${header}${'1234567890'.repeat(130_000)}\n`) },
    { name: '1 MB of spaces', file: 'spaces.prompt.md', bytes: utf8(`${header}${' '.repeat(MB)}x\n`) },
    { name: 'NUL bytes after 8 KB', file: 'nul.prompt.md', bytes: utf8(withNul) },
    { name: 'byte-order marks (200 KB)', file: 'bom.prompt.md', bytes: utf8(bom) },
  ];
}
