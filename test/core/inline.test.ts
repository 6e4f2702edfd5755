import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  analyzeInline,
  createInlinePromptFinder,
  GRAMMAR_FILES,
  inlineLanguageOf,
  sourceLanguageIdForPath,
  type InlinePromptFinder,
  type InlineScan,
} from '../../server/src/core/inline';
import { judgeName, looksLikePrompt, words } from '../../server/src/core/inline/names';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { DEFAULT_SETTINGS } from '../../server/src/core';

/** The host's part: read the WebAssembly files and hand their bytes to the core. */
async function nodeFinder(): Promise<InlinePromptFinder> {
  return createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
  });
}

let finder: InlinePromptFinder;
before(async () => {
  finder = await nodeFinder();
});

/** Strips `«»` from an annotated snippet; the marked ranges are the expected message ranges. */
function annotated(source: string): { text: string; ranges: Array<{ start: number; end: number }> } {
  let text = '';
  const ranges: Array<{ start: number; end: number }> = [];
  const open: number[] = [];
  for (const char of source) {
    if (char === '«') open.push(text.length);
    else if (char === '»') ranges.push({ start: open.pop()!, end: text.length });
    else text += char;
  }
  ranges.sort((a, b) => a.start - b.start);
  return { text, ranges };
}

interface Expected {
  kind?: string;
  sdk?: string | null;
  model?: string | null;
  max?: number | null;
  name?: string | null;
  /** `[role, text, variables]` per message. */
  messages: Array<[string, string, number]>;
}

/**
 * Finds the prompts of an annotated snippet and compares them with `expected`, one entry per
 * prompt. When the snippet has `«»` marks, they must be exactly the messages' ranges.
 */
function check(languageId: string, source: string, expected: Expected[]): InlineScan {
  const { text, ranges } = annotated(source);
  const scan = finder.find(text, languageId);
  const actual = scan.prompts.map((prompt, i) => {
    const want = expected[i];
    return {
      ...(want?.kind !== undefined ? { kind: prompt.kind } : {}),
      ...(want?.sdk !== undefined ? { sdk: prompt.sdk } : {}),
      ...(want?.model !== undefined ? { model: prompt.model } : {}),
      ...(want?.max !== undefined ? { max: prompt.maxOutputTokens } : {}),
      ...(want?.name !== undefined ? { name: prompt.name } : {}),
      messages: prompt.messages.map((message) => [message.role, message.text, message.variables]),
    };
  });
  assert.deepEqual(actual, expected);
  if (ranges.length > 0) {
    const messageRanges = scan.prompts
      .flatMap((prompt) => prompt.messages.map((message) => message.range))
      .sort((a, b) => a.start - b.start);
    assert.deepEqual(
      messageRanges.map((range) => text.slice(range.start, range.end)),
      ranges.map((range) => text.slice(range.start, range.end)),
    );
  }
  for (const prompt of scan.prompts) {
    for (const message of prompt.messages) {
      assert.equal(message.parts.map((part) => part.text).join(''), message.text, 'parts add up to the text');
      for (const part of message.parts) {
        const slice = text.slice(part.range.start, part.range.end);
        assert.ok(slice === part.text || slice.startsWith('\\') || /^(\r\n|\{\{|\}\}|)$/.test(slice), `part ${JSON.stringify(slice)} maps to ${JSON.stringify(part.text)}`);
      }
    }
    if (prompt.modelRange) assert.equal(text.slice(prompt.modelRange.start, prompt.modelRange.end), prompt.model);
  }
  return scan;
}

describe('inline: runtime and languages', () => {
  test('web-tree-sitter loads every grammar of @vscode/tree-sitter-wasm', () => {
    assert.deepEqual(finder.languages, ['typescript', 'tsx', 'javascript', 'python']);
    for (const id of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python']) assert.ok(finder.supports(id), id);
    assert.equal(finder.supports('markdown'), false);
  });

  test('language ids and file names', () => {
    assert.equal(inlineLanguageOf('typescriptreact'), 'tsx');
    assert.equal(inlineLanguageOf('javascriptreact'), 'javascript');
    assert.equal(inlineLanguageOf('rust'), null);
    assert.equal(sourceLanguageIdForPath('src/app/route.ts'), 'typescript');
    assert.equal(sourceLanguageIdForPath('src/App.TSX'), 'typescriptreact');
    assert.equal(sourceLanguageIdForPath('lib/index.cjs'), 'javascript');
    assert.equal(sourceLanguageIdForPath('agent.py'), 'python');
    assert.equal(sourceLanguageIdForPath('types/index.d.ts'), null);
    assert.equal(sourceLanguageIdForPath('README.md'), null);
  });

  test('an unsupported language gives an empty scan', () => {
    const scan = finder.find('const SYSTEM_PROMPT = "You are a helpful assistant."', 'rust');
    assert.deepEqual({ prompts: scan.prompts, problems: scan.problems, language: scan.language }, { prompts: [], problems: [], language: null });
  });

  test('a grammar that fails to load is a problem of find, not an exception', async () => {
    const partial = await createInlinePromptFinder({
      treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
      loadGrammar: async (language) => {
        if (language === 'python') throw new Error('no such file');
        return readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`);
      },
      languages: ['typescript', 'python'],
    });
    assert.deepEqual(partial.languages, ['typescript']);
    const scan = partial.find('SYSTEM_PROMPT = "You are a helpful assistant."', 'python');
    assert.equal(scan.prompts.length, 0);
    assert.match(scan.problems[0]!.message, /python grammar did not load: no such file/);
    partial.dispose();
    assert.match(partial.find('x', 'typescript').problems[0]!.message, /disposed/);
  });
});

describe('inline: SDK calls (TS/JS)', () => {
  test('OpenAI chat with a constant system prompt and an interpolated user message', () => {
    check('typescript', [
      "const SYSTEM = «'You are terse.'»;",
      'await client.chat.completions.create({',
      "  model: 'gpt-4o', max_tokens: 2_000,",
      '  messages: [{ role: "system", content: SYSTEM }, { role: "user", content: «`Hi ${name}!`» }],',
      '});',
    ].join('\n'), [{ kind: 'call', sdk: 'openai', model: 'gpt-4o', max: 2000, messages: [['system', 'You are terse.', 0], ['user', 'Hi !', 1]] }]);
  });

  test('an options object given by name is followed', () => {
    check('typescript', [
      "const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: «'Say hi.'» }] };",
      'client.chat.completions.create(params);',
    ].join('\n'), [{ sdk: 'openai', model: 'gpt-4o-mini', messages: [['user', 'Say hi.', 0]] }]);
  });

  test('OpenAI responses: instructions and input', () => {
    check('javascript', "client.responses.create({ model: 'o3', instructions: «'Be exact.'», input: «'2+2?'» })", [
      { sdk: 'openai', model: 'o3', messages: [['system', 'Be exact.', 0], ['user', '2+2?', 0]] },
    ]);
  });

  test('Anthropic needs a model: Prisma and Twilio `messages.create` are not prompts', () => {
    check('typescript', [
      "prisma.messages.create({ data: { content: 'Hello there, how are you today?' } });",
      "twilio.messages.create({ body: 'Your code is 1234, it expires soon.', to, from });",
      "anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 10, system: «'Be kind.'», messages: [{ role: 'user', content: [{ type: 'text', text: «'Hello'» }] }] });",
    ].join('\n'), [{ sdk: 'anthropic', model: 'claude-3-5-haiku-latest', max: 10, messages: [['system', 'Be kind.', 0], ['user', 'Hello', 0]] }]);
  });

  test('AI SDK: the model comes from the provider call', () => {
    check('typescript', "await generateText({ model: anthropic('claude-sonnet-4'), system: «'Sys.'», prompt: «'Question?'», maxOutputTokens: 99 })", [
      { sdk: 'ai-sdk', model: 'claude-sonnet-4', max: 99, messages: [['system', 'Sys.', 0], ['user', 'Question?', 0]] },
    ]);
  });

  test('LangChain: placeholders are variables and `{{` is a literal brace', () => {
    // The history placeholder is messages filled in at run time: one message of unknown role.
    check('typescript', "ChatPromptTemplate.fromMessages([['system', «'Use JSON like {{\"a\": 1}} for {topic}.'»], «new MessagesPlaceholder('history')», ['human', «'{input}'»]])", [
      { sdk: 'langchain', model: null, messages: [['system', 'Use JSON like {"a": 1} for .', 1], ['unknown', '', 1], ['user', '', 1]] },
    ]);
  });

  test('LangChain mustache templates', () => {
    check('typescript', "PromptTemplate.fromTemplate(«'Hello {{name}}, {single} stays'», { templateFormat: 'mustache' })", [
      { sdk: 'langchain', messages: [['user', 'Hello , {single} stays', 1]] },
    ]);
  });

  test('Google GenAI: system instruction from the config', () => {
    check('typescript', "ai.models.generateContent({ model: 'gemini-2.5-flash', contents: «'Why is the sky blue?'», config: { systemInstruction: «'Answer briefly.'» } })", [
      { sdk: 'google-genai', model: 'gemini-2.5-flash', messages: [['system', 'Answer briefly.', 0], ['user', 'Why is the sky blue?', 0]] },
    ]);
  });

  test('a call whose messages are computed at run time is one variable', () => {
    check('typescript', "client.chat.completions.create({ model: 'gpt-4o', messages: «buildMessages(q)» })", [
      { sdk: 'openai', model: 'gpt-4o', messages: [['unknown', '', 1]] },
    ]);
  });

  test('a call with nothing static to show is not reported', () => {
    check('typescript', 'client.chat.completions.create(params); client.responses.create(request);', []);
  });
});

describe('inline: strings (TS/JS)', () => {
  test('escapes are decoded and map back to their source', () => {
    const scan = check('typescript', String.raw`const SYSTEM_PROMPT = «'Line one\nTab\there \u00e9 \u{1F600} \x41 it\'s'»;`, [
      { kind: 'constant', name: 'SYSTEM_PROMPT', messages: [['system', "Line one\nTab\there é 😀 A it's", 0]] },
    ]);
    const parts = scan.prompts[0]!.messages[0]!.parts;
    assert.deepEqual(parts.slice(0, 3).map((part) => part.text), ['Line one', '\n', 'Tab']);
  });

  test('dedent tag, concatenation, join and trim', () => {
    check('typescript', [
      'const RULES = ["One.", "Two."].join("\\n");',
      'const SYSTEM_PROMPT = dedent`',
      '    You follow rules.',
      '      Indented.',
      '    ${RULES}',
      '    Bye ${name}.',
      '`;',
      "const USER_PROMPT = ('  Please summarise the text below.  ' + `\\n${text}`).trim();",
    ].join('\n'), [
      { name: 'SYSTEM_PROMPT', messages: [['system', 'You follow rules.\n  Indented.\nOne.\nTwo.\nBye .', 1]] },
      { name: 'USER_PROMPT', messages: [['user', 'Please summarise the text below.  \n', 1]] },
    ]);
  });

  test('CRLF inside a template literal is sent as LF', () => {
    check('typescript', 'const SYSTEM_PROMPT = `You are a careful reviewer.\r\nBe brief.`;\r\n', [
      { messages: [['system', 'You are a careful reviewer.\nBe brief.', 0]] },
    ]);
  });

  test('offsets are UTF-16 code units', () => {
    const scan = check('typescript', "// 😀 émoji first\nclient.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: «'naïve 😀'» }] });", [
      { model: 'gpt-4o', messages: [['user', 'naïve 😀', 0]] },
    ]);
    assert.equal(scan.prompts[0]!.range.start, '// 😀 émoji first\n'.length);
  });

  test('tagged templates other than dedent are not text (sql, html, gql)', () => {
    check('typescript', 'const SYSTEM_PROMPT = sql`SELECT * FROM prompts WHERE id = ${id}`;', []);
  });
});

describe('inline: Python', () => {
  test('OpenAI client with f-strings, implicit concatenation and dedent', () => {
    check('python', [
      'SYSTEM = «textwrap.dedent("""\\',
      '    You are a poet.',
      '',
      '      Rhyme.',
      '    """)»',
      'client.chat.completions.create(',
      '    model="gpt-4o",',
      '    messages=[',
      '        {"role": "system", "content": SYSTEM},',
      '        {"role": "user", "content": «f"Write about {topic} " f"in {{braces}}" " and {{literal}}"»},',
      '    ],',
      ')',
    ].join('\n'), [{ sdk: 'openai', model: 'gpt-4o', messages: [['system', 'You are a poet.\n\n  Rhyme.\n', 0], ['user', 'Write about  in {braces} and {{literal}}', 1]] }]);
  });

  test('raw strings keep backslashes; escapes decode; cleandoc', () => {
    check('python', [
      'PATTERN_PROMPT = «r"Match \\d+ digits in the text, please."»',
      'ESCAPED_PROMPT = «"Tab\\there and a quote \\" and \\u00e9 here."»',
      'DOC_PROMPT = «inspect.cleandoc("""',
      '    First line of the prompt.',
      '      Second, indented.',
      '    """)»',
    ].join('\n'), [
      { messages: [['user', 'Match \\d+ digits in the text, please.', 0]] },
      { messages: [['user', 'Tab\there and a quote " and é here.', 0]] },
      { messages: [['user', 'First line of the prompt.\n  Second, indented.', 0]] },
    ]);
  });

  test('% formatting, .format and join', () => {
    check('python', [
      'a_prompt = "Translate %s into %(lang)s, 100%% faithfully." % (x, y)',
      'b_prompt = "Review the {} code in {lang} and explain {0}.".format(a, b, lang=c)',
      'c_prompt = "\\n".join(["Rule one is short.", "Rule two is short too."])',
    ].join('\n'), [
      { messages: [['user', 'Translate  into , 100% faithfully.', 2]] },
      { messages: [['user', 'Review the  code in  and explain .', 3]] },
      { messages: [['user', 'Rule one is short.\nRule two is short too.', 0]] },
    ]);
  });

  test('Anthropic with **params, class attributes through self', () => {
    check('python', [
      'class Bot:',
      '    system_prompt = «"You are a bot that answers in French."»',
      '    def run(self, q):',
      '        params = {"model": "claude-3-haiku", "max_tokens": 5, "messages": [{"role": "user", "content": «q»}]}',
      '        return self.client.messages.create(system=self.system_prompt, **params)',
    ].join('\n'), [{ sdk: 'anthropic', model: 'claude-3-haiku', max: 5, messages: [['system', 'You are a bot that answers in French.', 0], ['user', '', 1]] }]);
  });
});

describe('inline: names and markers', () => {
  test('names that say prompt, and names that do not', () => {
    assert.deepEqual(words('userPromptTemplateV2'), ['user', 'prompt', 'template', 'v', '2']);
    assert.deepEqual(words('SYSTEM_PROMPT'), ['system', 'prompt']);
    for (const name of ['SYSTEM_PROMPT', 'summary_prompt', 'userPromptTemplate', 'systemInstructions', 'PROMPTS', 'prompt']) {
      assert.ok(judgeName(name), name);
    }
    for (const name of ['promptTimeout', 'MAX_PROMPT_TOKENS', 'promptPath', 'PROMPT_CACHE_KEY', 'promptCount', 'isPrompt', 'PLACEHOLDER_PROMPT', 'messages']) {
      assert.equal(judgeName(name), null, name);
    }
    assert.equal(judgeName('SYSTEM_PROMPT')!.role, 'system');
    assert.equal(judgeName('summary_prompt')!.role, 'user');
  });

  test('texts for people and programs are not prompts', () => {
    assert.ok(looksLikePrompt('You are a helpful assistant.', 0));
    assert.ok(looksLikePrompt('Summarize this: ', 1));
    for (const text of ['Enter your name: ', 'Overwrite the file? (y/N) ', '> ', './prompts/system.md', 'SELECT id, name FROM prompts WHERE id = 1', '<html><body>Hello there my friend</body></html>', 'v2']) {
      assert.equal(looksLikePrompt(text, 0), false, text);
    }
    assert.ok(looksLikePrompt('Select the best answer from the options below and explain why.', 0));
  });

  test('constants: only a string written in the declaration, only prose', () => {
    check('typescript', [
      'const promptTimeout = 3000;',
      "const prompt = prompt('Enter name');",
      "const CLI_PROMPT = 'Enter the project name: ';",
      "const summaryPrompt = «'Summarize the article in three bullet points.'»;",
      'const aliasPrompt = summaryPrompt;',
      "const i18n = { en: { prompt: 'Please describe what you want the assistant to do.' } };",
    ].join('\n'), [{ kind: 'constant', name: 'summaryPrompt', messages: [['user', 'Summarize the article in three bullet points.', 0]] }]);
  });

  test('a constant used by a call is reported once, with the call', () => {
    check('typescript', [
      "const SYSTEM_PROMPT = «'You are a friendly assistant.'»;",
      "openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM_PROMPT }] });",
    ].join('\n'), [{ kind: 'call', messages: [['system', 'You are a friendly assistant.', 0]] }]);
  });

  test('prompt-building functions: their returned text, parameters as variables', () => {
    check('typescript', [
      'export const summarizePrompt = (text: string) => «`Summarize in one line:\\n${text}`»;',
      'export function classifyPrompt(labels: string[]) {',
      "  if (labels.length === 0) throw new Error('Give at least one label to the classifier please.');",
      "  return «`Pick one label: ${labels.join(', ')}. Reply with the label only.`»;",
      '}',
      'const promptTimeoutMs = () => 3000;',
    ].join('\n'), [
      { kind: 'constant', name: 'summarizePrompt', messages: [['user', 'Summarize in one line:\n', 1]] },
      { kind: 'constant', name: 'classifyPrompt', messages: [['user', 'Pick one label: . Reply with the label only.', 1]] },
    ]);
    check('python', '@cache\ndef review_prompt(diff: str) -> str:\n    """Build the prompt."""\n    return «f"Review this diff for bugs:\\n{diff}"»\n', [
      { kind: 'constant', name: 'review_prompt', messages: [['user', 'Review this diff for bugs:\n', 1]] },
    ]);
  });

  test('tables of prompts, and data sets that only look like them', () => {
    check('python', [
      'PROMPT_VARIANTS = {',
      '    "terse": «"Answer in one sentence, without any explanation."»,',
      '    "timeout": 30,',
      '}',
      'EXAMPLES = [{"prompt": "Translate good morning into Spanish.", "completion": "Buenos días"}]',
      'ERRORS = {"empty_prompt": "Please write a prompt before submitting the form."}',
    ].join('\n'), [{ kind: 'constant', name: 'PROMPT_VARIANTS.terse', messages: [['user', 'Answer in one sentence, without any explanation.', 0]] }]);
  });

  test('`instructions` as a key needs an agent around it', () => {
    check('typescript', [
      "const step = { title: 'Setup', instructions: 'Run the installer and restart the machine afterwards.' };",
      "const agent = new Agent({ name: 'Helper', instructions: «'Help the user plan a trip to Japan.'» });",
      "const config = { tools: [search], instructions: «'Search before you answer.'» };",
    ].join('\n'), [
      { kind: 'call', sdk: 'openai', name: null, messages: [['system', 'Help the user plan a trip to Japan.', 0]] },
      { kind: 'constant', name: 'instructions', messages: [['system', 'Search before you answer.', 0]] },
    ]);
  });

  test('marker comments (JS and Python), even on short or unnamed strings', () => {
    check('javascript', "// tokenwise: prompt\nconst greeting = «'Hi!'»;\nfoo(); // tokenwise: prompt\nconst notMarked = 'Hello there, this is not marked.';", [
      { kind: 'marker', name: 'greeting', messages: [['user', 'Hi!', 0]] },
    ]);
    check('python', 'def f():\n    # tokenwise: prompt\n    return «f"Rate {x} from 1 to 5."»\n', [{ kind: 'marker', name: null, messages: [['user', 'Rate  from 1 to 5.', 1]] }]);
  });
});

describe('inline: robustness', () => {
  test('a syntax error does not hide the prompts around it', () => {
    const scan = check('typescript', [
      "const A_PROMPT = 'You are the first prompt of this file.';",
      'function broken( {',
      '  return [1, 2',
      '}',
      "const B_PROMPT = 'You are the second prompt of this file.';",
    ].join('\n'), [
      { name: 'A_PROMPT', messages: [['user', 'You are the first prompt of this file.', 0]] },
      { name: 'B_PROMPT', messages: [['user', 'You are the second prompt of this file.', 0]] },
    ]);
    assert.ok(scan.problems.length > 0);
    assert.match(scan.problems[0]!.message, /Syntax error/);
  });

  test('garbage and pathological input never throws', () => {
    const inputs = ['', '\0\0\0', '"""', '`${', "'".repeat(5000), '('.repeat(20000), 'x = f"{' + '{'.repeat(2000), '\uFEFF\uD800 broken surrogate'];
    for (const input of inputs) {
      for (const id of ['typescript', 'javascript', 'typescriptreact', 'python']) {
        const scan = finder.find(input, id);
        assert.ok(Array.isArray(scan.prompts));
      }
    }
  });

  test('deeply recursive constants stop instead of overflowing', () => {
    const lines = ["const P0 = 'You are step zero of a long chain of prompts.';"];
    for (let i = 1; i < 200; i++) lines.push(`const P${i} = P${i - 1} + ' more';`);
    lines.push('const LOOP_PROMPT = LOOP_PROMPT + "You are a loop.";');
    const scan = finder.find(lines.join('\n'), 'typescript');
    assert.ok(Array.isArray(scan.prompts));
  });
});

describe('inline: incremental parsing', () => {
  const base = [
    "import OpenAI from 'openai';",
    "const SYSTEM_PROMPT = 'You are a helpful assistant.';",
    'export async function ask(q: string) {',
    "  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: q }] });",
    '}',
    "const REVIEW_PROMPT = `Review the code for bugs. Be brief and concrete.`;",
  ].join('\n');

  test('an edit re-parses from the previous tree and matches a fresh parse', () => {
    const first = finder.find(base, 'typescript');
    assert.equal(first.incremental, false);
    const edited = base.replace('helpful assistant', 'very helpful assistant');
    const second = finder.find(edited, 'typescript', first);
    assert.equal(second.incremental, true);
    assert.deepEqual(second.prompts, finder.find(edited, 'typescript').prompts);
    assert.equal(second.prompts[0]!.messages[0]!.text, 'You are a very helpful assistant.');
    // The previous scan is not consumed: it can serve again (a stale edit, an undo).
    const again = finder.find(base, 'typescript', first);
    assert.deepEqual(again.prompts, first.prompts);
    const undo = finder.find(base, 'typescript', second);
    assert.deepEqual(undo.prompts, first.prompts);
  });

  test('random edits: incremental results always equal fresh results', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ["'", '`', '"', '${x}', '\n', 'prompt', ' ', '}', '{', 'SYSTEM_PROMPT + ', '(', ')', ';', 'é', '😀', '//'];
    for (const [languageId, start] of [['typescript', base], ['python', 'SYSTEM_PROMPT = "You are terse and exact."\nclient.messages.create(model="claude", system=SYSTEM_PROMPT, messages=[{"role": "user", "content": f"Q: {q}"}])\n']] as const) {
      let text: string = start;
      let scan = finder.find(text, languageId);
      for (let i = 0; i < 150; i++) {
        const at = random(text.length + 1);
        const remove = random(4);
        text = text.slice(0, at) + pieces[random(pieces.length)]! + text.slice(at + remove);
        scan = finder.find(text, languageId, scan);
        assert.deepEqual(scan.prompts, finder.find(text, languageId).prompts, `edit ${i} of ${languageId}`);
      }
    }
  });

  test('a previous scan of another language is ignored', () => {
    const ts = finder.find(base, 'typescript');
    const py = finder.find('SUMMARY_PROMPT = "Summarize the text in two sentences."', 'python', ts);
    assert.equal(py.incremental, false);
    assert.equal(py.prompts.length, 1);
  });
});

describe('inline: counting', () => {
  test('the analysis counts each message with the core tokenizer and sums them', () => {
    const source = "client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: `Hello ${name}, how are you?` }] })";
    const scan = finder.find(source, 'typescript');
    const [prompt] = analyzeInline(source, scan, { settings: DEFAULT_SETTINGS }).prompts;
    assert.deepEqual(prompt!.messages.map((message) => message.tokens), [countRaw('You are terse.', 'o200k_base'), countRaw('Hello , how are you?', 'o200k_base')]);
    assert.equal(prompt!.tokens, prompt!.messages[0]!.tokens + prompt!.messages[1]!.tokens);
    assert.equal(prompt!.variables, 1);
  });
});

describe('inline: the SDK surface of issue 16', () => {
  test('AI SDK `instructions` and agents are system prompts with their model', () => {
    check('typescript', [
      "const a = new ToolLoopAgent({ model: anthropic('claude-sonnet-4-5'), instructions: «'You are a research assistant.'» });",
      "streamText({ model: openai('gpt-4o-mini'), instructions: «'Use the protected tools.'», messages: «history» });",
    ].join('\n'), [
      { sdk: 'ai-sdk', model: 'claude-sonnet-4-5', messages: [['system', 'You are a research assistant.', 0]] },
      { sdk: 'ai-sdk', model: 'gpt-4o-mini', messages: [['system', 'Use the protected tools.', 0], ['unknown', '', 1]] },
    ]);
  });

  test('LangChain: invoke on a chat model, and a template priced on the model it is piped into', () => {
    check('typescript', [
      "const model = new ChatAnthropic({ model: 'claude-sonnet-4-5' });",
      "const prompt = ChatPromptTemplate.fromTemplate(«'Tell me about {topic}.'»);",
      'const chain = prompt.pipe(model);',
      "model.invoke(«'Tell me a joke.'»);",
      'model.invoke(input);',
    ].join('\n'), [
      { sdk: 'langchain', model: 'claude-sonnet-4-5', messages: [['user', 'Tell me about .', 1]] },
      { sdk: 'langchain', model: 'claude-sonnet-4-5', messages: [['user', 'Tell me a joke.', 0]] },
    ]);
  });

  test('LangChain Python: `prompt | model`, batch inputs, and a chain input that is only variables', () => {
    const scan = check('python', [
      'llm = ChatOpenAI(model="gpt-4.1-mini")',
      'prompt = ChatPromptTemplate.from_messages([("system", «"Be brief."»), ("human", «"{q}"»)])',
      'chain = prompt | llm',
      'chain.invoke({"q": question})',
      'llm.batch([«"Say hi."», «"Say bye."»])',
    ].join('\n'), [
      { sdk: 'langchain', model: 'gpt-4.1-mini', messages: [['system', 'Be brief.', 0], ['user', '', 1]] },
      { sdk: 'langchain', model: 'gpt-4.1-mini', messages: [['user', 'Say hi.', 0]] },
      { sdk: 'langchain', model: 'gpt-4.1-mini', messages: [['user', 'Say bye.', 0]] },
    ]);
    assert.deepEqual(scan.prompts.map((prompt) => prompt.api), ['ChatPromptTemplate.from_messages', 'batch', 'batch']);
  });

  test('a literal default of a run-time model is used and marked `default`', () => {
    const js = check('typescript', "generateText({ model: process.env.MODEL ?? 'gpt-4o', prompt: «'Say hello to the team.'» });", [
      { model: 'gpt-4o', messages: [['user', 'Say hello to the team.', 0]] },
    ]);
    assert.equal(js.prompts[0]!.modelSource, 'default');
    const py = check('python', [
      'def ask(q, model="claude-sonnet-4-5"):',
      '    return client.messages.create(model=os.environ.get("M", model), max_tokens=10, messages=[{"role": "user", "content": «"Hi there, how are you?"»}])',
    ].join('\n'), [{ model: 'claude-sonnet-4-5', messages: [['user', 'Hi there, how are you?', 0]] }]);
    assert.equal(py.prompts[0]!.modelSource, 'default');
    const literal = check('typescript', "generateText({ model: 'gpt-4o', prompt: «'Say hello to the team.'» });", [{ model: 'gpt-4o', messages: [['user', 'Say hello to the team.', 0]] }]);
    assert.equal(literal.prompts[0]!.modelSource, 'literal');
  });

  test('a parameter default is the model that may run, but in the text it stays a variable', () => {
    const js = check('typescript', [
      "function ask(question: string, language = 'English', model = 'gpt-4o-mini') {",
      "  return client.chat.completions.create({ model, messages: [{ role: 'user', content: «`Answer in ${language}: ${question}`» }] });",
      '}',
    ].join('\n'), [{ model: 'gpt-4o-mini', messages: [['user', 'Answer in : ', 2]] }]);
    assert.equal(js.prompts[0]!.modelSource, 'default');
    check('python', [
      'def ask(question, language="English", model="gpt-4o-mini"):',
      '    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": «f"Answer in {language}: {question}"»}])',
    ].join('\n'), [{ model: 'gpt-4o-mini', messages: [['user', 'Answer in : ', 2]] }]);
  });

  test('a template filled by `.format(...)` is reported at the template literal', () => {
    check('python', [
      'DIGEST_TEMPLATE = «"""Summarise {notes} for customers."""»',
      'def digest(notes):',
      '    prompt = DIGEST_TEMPLATE.format(notes=notes)',
      '    return client.responses.create(model="gpt-4o", input=prompt)',
    ].join('\n'), [{ sdk: 'openai', messages: [['user', 'Summarise  for customers.', 1]] }]);
  });

  test('google-genai Python: nested types.Content and types.Part', () => {
    check('python', 'client.models.generate_content(model="gemini-2.5-flash", contents=[types.Content(role="user", parts=[types.Part(text=«f"Explain {topic}."»)])])', [
      { sdk: 'google-genai', model: 'gemini-2.5-flash', messages: [['user', 'Explain .', 1]] },
    ]);
  });

  test('media prompts are labelled image or video', () => {
    const scan = check('python', [
      'client.images.generate(model="dall-e-3", prompt=«"A lighthouse at dusk"»)',
      'client.models.generate_videos(model="veo-3.0-generate-001", prompt=«"Waves on a beach"»)',
    ].join('\n'), [
      { sdk: 'openai', model: 'dall-e-3', messages: [['user', 'A lighthouse at dusk', 0]] },
      { sdk: 'google-genai', model: 'veo-3.0-generate-001', messages: [['user', 'Waves on a beach', 0]] },
    ]);
    assert.deepEqual(scan.prompts.map((prompt) => prompt.media), ['image', 'video']);
  });
});
