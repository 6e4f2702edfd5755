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

const COMMON_WORDS = 'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part over new sound take only little work know place year live me back give most very after thing our just name good sentence man think say great where help through much before line right too mean old any same tell boy follow came want show also around form three small set put end does another well large must big even such because turn here why ask went men read need land different home us move try kind hand picture again change off play spell air away animal house point page letter mother answer found study still learn should america world summarize assistant customer answer context question model prompt instructions example output format json table'.split(' ');
const COMMON_CJK = [...'的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切ひらがなのテキストです'];

/**
 * Text that does not repeat: prose from random words, code with random identifiers, JSON with
 * random values, CJK, Cyrillic and emoji runs, each piece drawn fresh from `random`.
 */
export function variedCorpus(size: number, random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  // Words in a random order from a common vocabulary, one in twenty made up (names, typos, ids).
  const word = () => (random() < 0.05 ? Array.from({ length: 3 + Math.floor(random() * 8) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('') : pick(COMMON_WORDS));
  // CJK from the few hundred characters that make up most real text: uniformly random code
  // points are rare characters, split into bytes by every BPE vocabulary, nothing like a prompt.
  const cjk = () => Array.from({ length: 5 + Math.floor(random() * 40) }, () => pick(COMMON_CJK)).join('');
  const cyrillic = () => Array.from({ length: 3 + Math.floor(random() * 8) }, () => String.fromCharCode(0x430 + Math.floor(random() * 32))).join('');
  const emoji = ['🚀', '👍🏽', '🇫🇷', '👩‍👩‍👧‍👦', '🎉', '𝑥²', '✅'];
  const pieces: Array<() => string> = [
    () => `${Array.from({ length: 8 + Math.floor(random() * 20) }, word).join(' ')}. `,
    () => `\nfunction ${word()}(${word()}: number, ${word()}: string) {\n  return ${word()}.${word()}(${Math.floor(random() * 1000)});\n}\n`,
    () => JSON.stringify({ [word()]: random() * 1e4, [word()]: [word(), Math.floor(random() * 100), random() < 0.5], nested: { [word()]: null } }),
    () => `${cjk()}。`,
    () => `${cyrillic()} ${cyrillic()}, `,
    () => `${pick(emoji)}${pick(emoji)} `,
    () => pick(['\n\n', '\n', '\r\n', '  ', '\t']),
  ];
  let text = '';
  while (text.length < size) text += pick(pieces)();
  return text;
}
