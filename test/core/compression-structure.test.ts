/**
 * The structural reading of a prompt (core/structure) and what it stops the advisory rules from
 * doing: the misfires issue 12 lists, each as a case. Data-driven through `fixAll`/`kinds`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { compressAll, compressionDiagnostics, simplePromptRegions } from '../../server/src/core/rules/compression';
import { readStructure } from '../../server/src/core/structure';

const countTokens = (text: string) => countRaw(text, 'o200k_base');

/** The kind of each block, with its first words: `kind: words`. */
function kinds(text: string): string[] {
  return readStructure(text, [{ start: 0, end: text.length }]).blocks.map((b) => `${b.kind}: ${text.slice(b.range.start, b.range.end).split('\n')[0].slice(0, 30)}`);
}

/** The text after fix-all with every compression rule. */
function fixAll(text: string): string {
  return compressAll(text, { regions: simplePromptRegions(text), countTokens }).text;
}

describe('readStructure', () => {
  it('tells headings, labels, checklists, list items, examples, files, data, tables, quotes and legal text apart', () => {
    const text = [
      '# Task',
      'Summarize the tickets.',
      '',
      '**Guidance for Copilot:**',
      'Do the thing.',
      '',
      '- [ ] Build succeeds',
      '- Keep it short',
      '',
      'Example:',
      'Input: foo',
      '',
      'Create `tsconfig.json`:',
      '```json',
      '{ "a": 1 }',
      '```',
      '',
      '<tickets>',
      'Please help me.',
      '</tickets>',
      '',
      '| a | b |',
      '|---|---|',
      '',
      '> Good morning, please help.',
      '',
      'Licensed under the Apache License, Version 2.0.',
    ].join('\n');
    assert.deepEqual(kinds(text), [
      'heading: # Task',
      'instruction: Summarize the tickets.',
      'label: **Guidance for Copilot:**',
      'instruction: Do the thing.',
      'checklist: - [ ] Build succeeds',
      'list-item: - Keep it short',
      'label: Example:',
      'example: Input: foo',
      'label: Create `tsconfig.json`:',
      'file-content: ```json',
      'markup: <tickets>',
      'data: Please help me.',
      'markup: </tickets>',
      'table: | a | b |',
      'quote: > Good morning, please help.',
      'legal: Licensed under the Apache Lice',
    ]);
  });

  it('reads a data heading only when a data noun heads it', () => {
    assert.deepEqual(kinds('## Customer tickets\nTicket 1 says hello.'), ['heading: ## Customer tickets', 'data: Ticket 1 says hello.']);
    assert.deepEqual(kinds('## Customer support reply\nWrite a reply.'), ['heading: ## Customer support reply', 'instruction: Write a reply.']);
  });

  it('never throws and stays inside the text on unclosed tags, delimiters and fences', () => {
    for (const text of ['<data>\nno close', '"""\nopen', '```\nunclosed fence', '', '\n\n\n', '<a>\n</b>\n</a>']) {
      for (const block of readStructure(text, [{ start: 0, end: text.length }]).blocks) {
        assert.ok(block.range.start >= 0 && block.range.end <= text.length && block.range.start <= block.range.end);
      }
    }
  });
});

describe('compression acts on instruction prose only (issue 12 misfires)', () => {
  it('keeps a label that recurs under each section', () => {
    const text = '## Build\n**Guidance for Copilot:**\nRun the build.\n\n## Test\n**Guidance for Copilot:**\nRun the tests.\n';
    assert.equal(fixAll(text), text);
  });

  it('keeps checklist items that recur per section', () => {
    const text = '## Phase 1\n- [ ] Build succeeds\n- [ ] Tests pass\n\n## Phase 2\n- [ ] Build succeeds\n- [ ] Tests pass\n';
    assert.equal(fixAll(text), text);
  });

  it('never deduplicates sentences of pasted tickets', () => {
    const tickets = Array.from({ length: 6 }, (_, i) => `Ticket ${i + 1}: My invoice is wrong. Please fix it as soon as possible.`).join('\n\n');
    const text = `Summarize the tickets below in five bullets.\n\n<tickets>\n${tickets}\n</tickets>\n`;
    assert.equal(fixAll(text), text);
  });

  it('keeps "actually" after a modal and "Please" inside quoted customer text', () => {
    const text = 'You MUST actually run the tests before you answer.\n\n> Good morning, please refund my order.\n';
    assert.equal(fixAll(text), text);
  });

  it('does not rewrite license text', () => {
    const text = 'Licensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.\n\nReview the file.\n';
    assert.equal(fixAll(text), text);
  });

  it('does not leave a broken clause: "Write a summary of at most 200 words that:"', () => {
    const text = 'Write a summary of **at most 200 words** that:\n- names the owner\n- lists the risks\n';
    const found = compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens }).filter((d) => d.code === 'verbose-phrase');
    assert.deepEqual(found, []);
  });

  it('still rewrites "Write a summary of" before a plain object', () => {
    assert.equal(fixAll('Write a summary of the report in three bullets.\n'), 'Summarize the report in three bullets.\n');
  });

  it('does not minify a JSON file the reader is told to create', () => {
    const text = 'Create `tsconfig.json` with:\n\n```json\n{\n  "compilerOptions": {\n    "strict": true\n  }\n}\n```\n';
    const found = compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens }).filter((d) => d.code === 'json-minify');
    assert.deepEqual(found, []);
  });

  it('removes a sentence repeated in the same section, and a filler opener', () => {
    assert.equal(fixAll('Please note that the API is rate-limited. Answer in English. Answer in English.\n'), 'The API is rate-limited. Answer in English.\n');
  });
});

describe('duplicate-instruction on list items', () => {
  it('removes a verbatim repeat inside one list', () => {
    assert.equal(fixAll('- Cite your sources.\n- Be brief.\n- Cite your sources.\n'), '- Cite your sources.\n- Be brief.\n');
  });
  it('keeps a repeat under another parent item (each sub-list is its own checklist)', () => {
    const text = '- PRD:\n  - Read the PRD first.\n  - Check for duplicates before appending.\n- AGENTS.md:\n  - Read the findings.\n  - Check for duplicates before appending.\n';
    assert.equal(fixAll(text), text);
  });
});

describe('readStructure: code, diagrams, tables and files written without markdown (holdout misfires)', () => {
  const cases: Array<{ name: string; text: string; expected: string[] }> = [
    {
      name: 'SQL written as // comment lines is code',
      text: '// Flatten arrays:\n//   SELECT f.value:name::STRING AS name\n//   FROM my_table, LATERAL FLATTEN(input => src:items) f;',
      expected: ['code: // Flatten arrays:'],
    },
    {
      name: 'a Python function without a fence is code, its docstring too',
      text: 'Rewrite it like this.\n\ndef group(user_id):\n  """Groups users by id.\n  Please refer to the documentation.\n  """\n  return user_id % 9',
      expected: ['instruction: Rewrite it like this.', 'code: def group(user_id):'],
    },
    {
      name: 'an assignment after a "BAD:" label is a sample',
      text: 'BAD:\nHTTP = httpx.AsyncClient()   # shared across all providers',
      expected: ['label: BAD:', 'example: HTTP = httpx.AsyncClient()   #'],
    },
    {
      name: 'a directory tree is code',
      text: '├── data/\n│   ├── models/\n│   │   ├── product_dto.dart',
      expected: ['code: ├── data/'],
    },
    {
      name: 'columns aligned with spaces are a table',
      text: 'AI_COMPLETE       General-purpose completion.\nAI_CLASSIFY       Classify text into categories.\nAI_FILTER         Returns TRUE or FALSE.',
      expected: ['table: AI_COMPLETE       General-purp'],
    },
    {
      name: 'a package.json shown in prose is a file to reproduce',
      text: 'This is the package.json file.\n\n{\n  "name": "app",\n  "scripts": {\n    "dev": "next dev"\n  }\n}',
      expected: ['instruction: This is the package.json file.', 'file-content: {'],
    },
    {
      name: 'a fenced MCP config is a file to reproduce whatever its lead-in says',
      text: 'Add an entry pointing at the endpoint:\n\n```json\n{\n  "mcpServers": {\n    "x": { "url": "https://x.y" }\n  }\n}\n```',
      expected: ['label: Add an entry pointing at the e', 'file-content: ```json'],
    },
    {
      name: 'a label after a template tag line is still a label',
      text: '{{#role "user"}}\nPlease review this code:\n\n{{ code }}',
      expected: ['markup: {{#role "user"}}', 'label: Please review this code:', 'markup: {{ code }}'],
    },
    {
      name: 'prose with one code-looking line stays prose',
      text: 'Read the file, then\nreturn JSON with the fields below and\nexplain every choice you make in one line.',
      expected: ['instruction: Read the file, then'],
    },
    {
      name: 'survey verbatims led by an id and a parenthesis are records (data-heavy blind5 leak)',
      text: 'R-001 (score 9): Really quick delivery, basically arrived the next morning.\nR-002 (score 3): I would like to say that the quality has really gone downhill.\nR-003 (score 6): Prices have actually gone up in order to cover delivery.',
      expected: ['data: R-001 (score 9): Really quick '],
    },
    {
      name: 'sentences with a parenthesis before a colon are not records',
      text: 'Read the notes (all of them): then summarize.\nKeep it short and plain.\nDo not add new facts.',
      expected: ['instruction: Read the notes (all of them): '],
    },
    {
      name: 'a sentence ending in a variable is prose, not code',
      text: 'Address the customer as {name}',
      expected: ['instruction: Address the customer as {name}'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(kinds(c.text), c.expected));

  it('leaves such code, trees and tables alone in fix-all', () => {
    for (const c of cases.slice(0, 6)) assert.equal(fixAll(c.text), c.text, c.name);
  });
});

describe('whitespace keeps layout (holdout misfires)', () => {
  const cases: Array<{ name: string; text: string }> = [
    { name: 'spaces after a comment marker indent code', text: 'Use a merge:\n\n//   MERGE INTO target t USING source s ON t.id = s.id\n' },
    { name: 'spaces before a trailing comment align it', text: 'Keep the client per provider.\n\nclient = make()   # one per provider\n' },
    { name: 'runs repeated on the next line lay out columns', text: 'Names:\n\n- Dynamic Tables   declarative\n- Snowpipe   continuous loading\n' },
    { name: 'a tree line keeps its spacing', text: 'Layout:\n\n- │   ├── models/\n' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(fixAll(c.text), c.text));

  it('still collapses a lone double space in prose', () => {
    assert.equal(fixAll('Answer the question  in one line.\n'), 'Answer the question in one line.\n');
  });
});

describe('duplicate-instruction under labels', () => {
  it('keeps a rule repeated under another label ("Python:", "JavaScript:")', () => {
    const text = 'Python:\nUse snake_case for names.\nPut opening braces on the same line as the declaration.\n\nJavaScript:\nUse camelCase for names.\nPut opening braces on the same line as the declaration.\n';
    assert.equal(fixAll(text), text);
  });
});

describe('readStructure: code after a lead-in inside one paragraph', () => {
  it('reads the lines after "…props:" as code when they are code', () => {
    const text = 'Use TypeScript for type definitions\nCreate interfaces for component props:\ntypescriptCopy\ninterface MyComponentProps { \n  someValue: string; \n}';
    assert.deepEqual(kinds(text), ['instruction: Use TypeScript for type defini', 'code: typescriptCopy']);
    assert.equal(fixAll(text), text);
  });
});

describe('readStructure: few-shot examples laid out as field labels (holdout2 misfires)', () => {
  const cases: Array<{ name: string; lines: string[]; expected: string[] }> = [
    {
      name: 'genkit faithfulness_long_form: values and JSON outputs after "Here are some examples:" are examples',
      lines: ['Here are some examples:', '', 'question:', 'Who was Einstein?', 'answer:', 'alcohol', 'statements in json:', '{', '  "statements": []', '}', '', 'Now provide your analysis for the following inputs.'],
      expected: ['label: Here are some examples:', 'label: question:', 'example: Who was Einstein?', 'example: alcohol', 'example: {', 'instruction: Now provide your analysis for '],
    },
    {
      name: 'a template tag ends the examples: the user turn is not an example',
      lines: ['Examples:', 'Input:', 'foo', 'Output:', 'bar', '{{role "user"}}', 'Input:', '{{text}}'],
      expected: ['label: Examples:', 'label: Input:', 'example: foo', 'example: bar', 'markup: {{role "user"}}', 'label: Input:', 'markup: {{text}}'],
    },
    {
      name: 'a label that is an instruction ends the examples',
      lines: ['Examples:', 'Input:', 'foo', '', 'Now classify the following text carefully please:', 'Be brief.'],
      expected: ['label: Examples:', 'label: Input:', 'data: foo', 'label: Now classify the following tex', 'instruction: Be brief.'],
    },
    {
      name: 'without an examples label, field labels announce nothing',
      lines: ['question:', 'Who was Einstein?', 'answer:', 'A physicist.'],
      expected: ['label: question:', 'instruction: Who was Einstein?', 'instruction: A physicist.'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(kinds(c.lines.join('\n')), c.expected));
});

describe('readStructure: quoted speech, numbered examples, few-shot pairs and transcripts (data-heavy blind3 misfires)', () => {
  const cases: Array<{ name: string; lines: string[]; expected: string[]; frozen: boolean }> = [
    {
      name: 'a quotation after a label, over two lines, is quoted speech',
      lines: ['Classify the review.', 'Review: "Please, please add a dark mode. Otherwise I really love this app, it is basically', 'perfect. Thank you so much!"'],
      expected: ['instruction: Classify the review.', 'quote: Review: "Please, please add a '],
      frozen: true,
    },
    {
      name: 'a one-line quotation after a two-word label is quoted speech',
      lines: ['Customer message: "In order to be fair, I would like to say that it is slow."'],
      expected: ['quote: Customer message: "In order to'],
      frozen: true,
    },
    {
      name: '"Example 1" on its own line opens an example to the end of the paragraph',
      lines: ['Example 1', 'Input: I would like to say that I have actually been using this app for years.', '{"tone": "mixed"}'],
      expected: ['label: Example 1', 'example: Input: I would like to say tha'],
      frozen: true,
    },
    {
      name: 'a paragraph of its own "Example 2" announces the next block',
      lines: ['Example 2', '', 'In order to be fair, the update is basically slower.'],
      expected: ['label: Example 2', 'example: In order to be fair, the updat'],
      frozen: true,
    },
    {
      name: 'field pairs repeated in two paragraphs are few-shot examples',
      lines: ['Label the tone.', '', 'Review: Please fix it. I basically use it in order to plan my day.', 'Tone: negative', '', 'Review: I really love it.', 'Tone: positive'],
      expected: ['instruction: Label the tone.', 'example: Review: Please fix it. I basic', 'example: Review: I really love it.'],
      frozen: true,
    },
    {
      name: 'Q/A pairs repeated in one paragraph are few-shot examples',
      lines: ['Q: What is the capital of France? Please answer in order to help.', 'A: Paris', 'Q: What is 2 + 2?', 'A: 4'],
      expected: ['example: Q: What is the capital of Fran'],
      frozen: true,
    },
    {
      name: 'time-stamped turns with wrapped lines are a transcript',
      lines: ['[00:00] Interviewer: How do you use it?', '[00:07] Participant: Sure. So basically I use it every morning in order to plan my day. I actually', 'open it before my email.', '[00:19] Interviewer: Why?'],
      expected: ['data: [00:00] Interviewer: How do yo'],
      frozen: true,
    },
    {
      name: 'chat turns of two roles, one per paragraph, are a transcript',
      lines: ['User: Hello, I would like to say that my order is late.', '', 'Agent: In order to help, please give me the order number.'],
      expected: ['data: User: Hello, I would like to s', 'data: Agent: In order to help, pleas'],
      frozen: true,
    },
    {
      name: 'turns after a time stamp without a speaker ("10:42 Alice: …") are a transcript',
      lines: ['10:42 Alice: I would like to say that the build is basically broken.', '10:43 Bob: In order to fix it, revert the last commit.'],
      expected: ['data: 10:42 Alice: I would like to s'],
      frozen: true,
    },
    {
      name: 'a list item that is a quoted label value is quoted speech',
      lines: ['- Customer: "Please, I would like to say that the app is basically', '  broken. Please fix it."', '- Keep replies short in order to save time.'],
      expected: ['quote: - Customer: "Please, I would l', 'list-item: - Keep replies short in order '],
      frozen: false,
    },
    {
      name: 'list items that are turns of two speakers are a transcript',
      lines: ['1. 10:42 Alice: I would like to say that the build is basically broken.', '2. 10:43 Bob: In order to fix it, revert the last commit.'],
      expected: ['data: 1. 10:42 Alice: I would like t', 'data: 2. 10:43 Bob: In order to fix '],
      frozen: true,
    },
    // Negatives: instructions that merely look like these stay prose.
    {
      name: 'an instruction that quotes a short word stays prose',
      lines: ['Answer: "yes" or "no" only, in order to keep it short.'],
      expected: ['instruction: Answer: "yes" or "no" only, in'],
      frozen: false,
    },
    {
      name: 'a sentence with a quote in the middle stays prose',
      lines: ['In order to be polite, say "thank you" at the end of every reply.'],
      expected: ['instruction: In order to be polite, say "th'],
      frozen: false,
    },
    {
      name: 'a "User:" label in prose stays prose',
      lines: ['Reply to the person who wrote the message in order to help them.', 'User: the person who calls the API, in order to get an answer.'],
      expected: ['instruction: Reply to the person who wrote '],
      frozen: false,
    },
    {
      name: 'instruction fields used once ("Role:", "Task:") stay prose',
      lines: ['Role: You are an assistant that basically helps in order to plan.', 'Task: Summarize the notes.'],
      expected: ['instruction: Role: You are an assistant tha'],
      frozen: false,
    },
    {
      name: '"Note:" and "Important:" lines are not speakers',
      lines: ['Note: in order to be brief, use bullets.', 'Important: never invent facts.', 'Note: cite the source.'],
      expected: ['instruction: Note: in order to be brief, us'],
      frozen: false,
    },
    {
      name: 'bold step fields repeated per step ("**Action**:", "**Tools**:") stay instructions',
      lines: ['**Action**: Retrieve the best practices in order to start.', '**Tools**: fetch', '', '**Action**: Analyze the resources in order to find issues.', '**Tools**: CLI'],
      expected: ['instruction: **Action**: Retrieve the best ', 'instruction: **Action**: Analyze the resour'],
      frozen: false,
    },
    {
      name: 'a request written as "Human:" then "Assistant:" stays prose',
      lines: ['Human: Please summarize the report in order to brief the team.', '', 'Assistant: Here is the summary.'],
      expected: ['instruction: Human: Please summarize the re', 'instruction: Assistant: Here is the summary'],
      frozen: false,
    },
    {
      name: 'bold rule labels in list items ("- **Prefer:**", "- **Avoid:**") are not turns',
      lines: ['- **Prefer:** the simple call in order to keep it short.', '- **Avoid:** the manual lifecycle.', '- **Prefer:** the input box.', '- **Avoid:** the custom widget.'],
      expected: ['list-item: - **Prefer:** the simple call ', 'list-item: - **Avoid:** the manual lifecy', 'list-item: - **Prefer:** the input box.', 'list-item: - **Avoid:** the custom widget'],
      frozen: false,
    },
    {
      name: 'bold "**Problem**:" paragraphs are not speakers',
      lines: ['**Problem**: Garbled characters in order to show.', '', '**Solution**: Use UTF-8.', '', '**Problem**: Misaligned output.'],
      expected: ['instruction: **Problem**: Garbled character', 'instruction: **Solution**: Use UTF-8.', 'instruction: **Problem**: Misaligned output'],
      frozen: false,
    },
    {
      name: 'two different names, each speaking once, are not a conversation',
      lines: ['Alice: owns the backend, in order to ship on time.', 'Bob: owns the frontend.'],
      expected: ['instruction: Alice: owns the backend, in or'],
      frozen: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = c.lines.join('\n');
      assert.deepEqual(kinds(text), c.expected);
      if (c.frozen) assert.equal(fixAll(text), text);
      else assert.notEqual(fixAll(text), text, 'the instruction prose is still compressed');
    });
  }
});

describe('fix-all keeps quoted speech beside instructions it compresses', () => {
  it('rewrites the instruction item and leaves the quoted customer item word for word', () => {
    const quoted = '- Customer: "Please, I would like to say that the app is basically\n  broken. Please fix it."';
    const fixed = fixAll(`${quoted}\n- Keep replies short in order to save time.\n`);
    assert.ok(fixed.startsWith(quoted), fixed);
    assert.ok(!fixed.includes('in order to save'), fixed);
  });

  // awesome-copilot's setup-my-iq skill: a line the agent is to say, hard-wrapped inside a
  // paragraph of instructions, lost "through" from "Read through it" (the one wrong verbose-phrase
  // fire of the real-world set).
  it('keeps a quotation that wraps onto the next line word for word, and compresses around it', () => {
    const said = '"Here\'s my draft. Read through it and tell me what doesn\'t sound right.\nAnything that feels off, anything I assumed wrong, anything that\'s missing."';
    const fixed = fixAll(`After drafting each file, present it and say:\n${said}\n\nKeep replies short in order to save time.\n`);
    assert.ok(fixed.includes(said), fixed);
    assert.ok(!fixed.includes('in order to save'), fixed);
  });

  it('never reads the text between one line\'s closing quote and the next line\'s opening quote as a quotation', () => {
    // The closing quote of a template string, then a new quoted string on the next line.
    const fixed = fixAll('- README file distribution" :\n"Document where key files are located in the project."\n\nPlease note that replies must be short.\n');
    assert.ok(fixed.includes('"Document where key files are located in the project."'), fixed);
    // A quote left open on a line does not swallow the paragraph after a blank line or a list item.
    const open = fixAll('Say "hello\n\nKeep replies short in order to save time.\n- Keep lists short in order to save time.\n');
    assert.ok(!open.includes('in order to save'), open);
  });
});

describe('readStructure: lists of wording to use or avoid (holdout3 misfire)', () => {
  const cases: Array<{ name: string; text: string; expected: string[] }> = [
    {
      name: 'a bold label naming words makes every item an example',
      text: '**Cut these words:**\n- Just, actually, basically (filler)\n- In order to (use "to")\n\nWrite plainly.\n',
      expected: ['label: **Cut these words:**', 'example: - Just, actually, basically (f', 'example: - In order to (use "to")', 'instruction: Write plainly.'],
    },
    {
      name: 'a short lead-in naming phrases does the same',
      text: 'Phrases to avoid:\n- "As an AI language model"\n- "I hope this helps"\n',
      expected: ['label: Phrases to avoid:', 'example: - "As an AI language model"', 'example: - "I hope this helps"'],
    },
    {
      name: 'a label that names no wording leaves its list as instructions',
      text: '**Rules:**\n- Keep replies short in order to save time.\n- Cite sources.\n',
      expected: ['label: **Rules:**', 'list-item: - Keep replies short in order ', 'list-item: - Cite sources.'],
    },
    {
      name: 'a long instruction that mentions words is not a wording label',
      text: 'When you write the summary, use plain words that a new customer understands and follow these rules:\n- Keep it short in order to save time.\n',
      expected: ['instruction: When you write the summary, us', 'list-item: - Keep it short in order to sa'],
    },
    {
      name: 'the wording list ends at the first block that is not a list item',
      text: 'Banned words:\n- synergy\n\nIn order to keep it short, write one line.\n',
      expected: ['label: Banned words:', 'example: - synergy', 'instruction: In order to keep it short, wri'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(kinds(c.text), c.expected));

  it('fix-all keeps the named phrases and still shortens the prose after them', () => {
    const list = '**Cut these words:**\n- Just, actually, basically (filler)\n- In order to (use "to")\n';
    const fixed = fixAll(`${list}\nIn order to keep it short, write one line.\n`);
    assert.ok(fixed.startsWith(list), fixed);
    assert.ok(!fixed.includes('In order to keep'), fixed);
  });
});
