/**
 * A varied text corpus for tokenizer tests: prose, code, JSON, CJK, Cyrillic, emoji, whitespace
 * oddities and special-token strings, built deterministically so failures reproduce.
 */
export const SAMPLES: Record<string, string> = {
  prose: 'You are a helpful assistant. Please summarise the following article in three bullet points, keeping every number exactly as written.',
  code: 'function add(a: number, b: number): number {\n  return a + b; // sum\n}\n\nconst xs = [1, 2, 3].map((x) => x * 2);\n',
  json: '{\n  "name": "Tokenwise",\n  "tags": ["llm", "tokens"],\n  "nested": { "a": 1.5e3, "b": null, "c": [true, false] }\n}',
  minifiedJson: JSON.stringify({ users: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `user${i}`, email: `u${i}@example.com`, score: i * 3.14 })) }),
  cjk: '日本語のテキストです。中文文本测试，包括标点符号。한국어 텍스트도 있습니다.',
  cyrillic: 'Привет, мир! Это тестовый текст на русском языке с числами 12345 и знаками препинания.',
  emoji: 'Ship it 🚀🚀 — family 👩‍👩‍👧‍👦, flags 🇫🇷🇯🇵, skin tones 👍🏽 and math 𝑥² + 𝑦² = 𝑧².',
  whitespace: 'a  b\t\tc\n\n\n  d \r\n e\u00a0f\u2003g\u0085h  \n\n//comment\n.\n\n//x',
  specials: 'Text with <|endoftext|> and <|im_start|>user and <|fim_prefix|> inside.',
  bom: '\uFEFFStarts with a BOM and has one\uFEFF inside.',
  contractions: "It's, we're, they'll, I'd, you've — DON'T, WON'T, 'quoted' words.",
  markdown: '# Title\n\n- item one\n- item two\n\n> quote\n\n```python\nprint("hi")\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
};

/** A seeded PRNG (LCG), so randomised tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

/**
 * A document of roughly `length` characters mixing the samples. `realistic` leaves out the
 * byte-order-mark sample: real prompts carry U+FEFF at most at the start, where the parser skips
 * it, while mid-text U+FEFF takes the slower reference path on purpose.
 */
export function mixedDocument(length: number, random: () => number, options: { realistic?: boolean } = {}): string {
  const names = Object.keys(SAMPLES).filter((name) => !(options.realistic && name === 'bom'));
  let text = '';
  while (text.length < length) {
    text += SAMPLES[names[Math.floor(random() * names.length)]];
    text += ['\n', '\n\n', ' ', '', '\r\n'][Math.floor(random() * 5)];
  }
  return text;
}
