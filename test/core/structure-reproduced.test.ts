/**
 * Reproduced third-party documents (repository dumps, scraped pages, specifications) are data:
 * each format's marker with a positive case, the look-alikes that must stay instructions, the
 * extent (the file's own instructions before and after a dump stay prose), what fix-all then
 * leaves alone, and linear reading of long runs. Data-driven: every case is a row.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { compressAll, simplePromptRegions } from '../../server/src/core/rules/compression';
import { TASK_KINDS, readStructure, type StructureKind } from '../../server/src/core/structure';
import { findReproducedDocuments } from '../../server/src/core/structure/reproduced';

const countTokens = (text: string) => countRaw(text, 'o200k_base');

/** The kind of the block holding the first occurrence of `snippet`, and why. */
function kindOf(text: string, snippet: string): { kind: StructureKind | undefined; cause?: string } {
  const at = text.indexOf(snippet);
  assert.ok(at >= 0, `snippet not in the case: ${snippet}`);
  const block = readStructure(text, [{ start: 0, end: text.length }]).blocks.find((b) => b.range.start <= at && at < b.range.end);
  return { kind: block?.kind, cause: block?.cause };
}

/** The author's own words: read as instructions, headings, labels or list items. */
function assertOwn(text: string, snippet: string): void {
  const { kind, cause } = kindOf(text, snippet);
  assert.ok(kind !== undefined && TASK_KINDS.has(kind), `${snippet}: ${kind} (${cause ?? ''})`);
}

function fixAll(text: string): string {
  return compressAll(text, { regions: simplePromptRegions(text), countTokens }).text;
}

const RULE48 = '='.repeat(48);
const RULE16 = '='.repeat(16);
const RULE64 = '='.repeat(64);

interface Case {
  name: string;
  text: string;
  /** Snippets that must read as data (reproduced document). */
  data: string[];
  /** Snippets that must stay the file's own words (instruction, heading, label, list item). */
  own: string[];
  /** Snippets outside the document whose kind is decided elsewhere: they must not be data. */
  notData?: string[];
}

const POSITIVE: Case[] = [
  {
    name: 'gitingest digest: FILE frames between 48-character = rules',
    text: [
      'Use the migration guide below when you port code to Swift 6.',
      '',
      RULE48,
      'FILE: README.md',
      RULE48,
      '# The Migration Guide',
      '',
      'This repository contains the source for the guide, which is built using DocC.',
      '',
      RULE48,
      'FILE: Guide.docc/Intro.md',
      RULE48,
      'In order to migrate, you need to enable complete checking first.',
      '',
    ].join('\n'),
    data: ['# The Migration Guide', 'This repository contains', 'In order to migrate'],
    own: ['Use the migration guide'],
  },
  {
    name: 'gitingest header and footer: the instruction after the footer stays prose',
    text: [
      '# Generated using https://gitingest.com/apple/swift-migration-guide',
      'Directory structure:',
      '└── guide/',
      '',
      RULE48,
      'FILE: README.md',
      RULE48,
      'In order to build the guide, run docc.',
      '# End of gitingest context',
      '',
      'In order to answer, quote the file you rely on.',
      '',
    ].join('\n'),
    // The directory tree after the header is code (a diagram), frozen already.
    data: ['# Generated using', 'In order to build'],
    own: ['In order to answer'],
  },
  {
    name: 'repomix plain style: 16-character frames; its Instruction section is the author\'s',
    text: [
      'This file is a merged representation of the entire codebase, combined into a single document by Repomix.',
      '',
      RULE64,
      'File Summary',
      RULE64,
      '',
      'Purpose:',
      '--------',
      'This file contains a packed representation of the entire repository\'s contents.',
      '',
      RULE16,
      'File: src/index.ts',
      RULE16,
      'export const answer = 42;',
      '',
      RULE64,
      'Instruction',
      RULE64,
      'In order to review the code, list every exported symbol.',
      '',
    ].join('\n'),
    data: ['This file is a merged', 'This file contains a packed'],
    own: ['In order to review'],
  },
  {
    name: 'repomix markdown style: the dump ends at its "# Instruction" heading',
    text: [
      'This file is a merged representation of a subset of the codebase, containing specifically included files.',
      '',
      '# File Summary',
      '',
      '## Purpose',
      'This file contains a packed representation of the entire repository\'s contents.',
      '',
      '# Files',
      '',
      '## File: src/index.ts',
      '```typescript',
      'export const answer = 42;',
      '```',
      '',
      '# Instruction',
      'In order to review the code, list every exported symbol.',
      '',
    ].join('\n'),
    data: ['# File Summary', 'This file contains a packed', '## File: src/index.ts'],
    own: ['In order to review'],
  },
  {
    name: 'repomix XML style: the dump ends at <instruction>',
    text: [
      'This file is a merged representation of the entire codebase, combined into a single document by Repomix.',
      '',
      '<file_summary>',
      'This section contains a summary of this file.',
      '</file_summary>',
      '',
      'This section contains the contents of the repository\'s files.',
      '',
      '<file path="src/index.ts">',
      'export const answer = 42;',
      '</file>',
      '',
      '<instruction>',
      'In order to review the code, list every exported symbol.',
      '</instruction>',
      '',
    ].join('\n'),
    data: ['This file is a merged', 'This section contains the contents'],
    own: [],
    // markdown-it reads `<instruction>` and the lines under it as one HTML block (markup), so only "not data" is checked.
    notData: ['In order to review'],
  },
  {
    name: 'Firecrawl llms-full.txt: "# <url> llms-full.txt", page separators, skip links',
    text: [
      'Answer questions about the framework from the documentation below.',
      '',
      '# https://docs.acme.dev/testing llms-full.txt',
      '',
      '<|firecrawl-page-1-lllmstxt|>',
      '## Testing Overview',
      '[Skip Navigation](https://docs.acme.dev/testing#app-main)',
      '',
      'In order to write a test, you need to add the attribute.',
      '',
      '- Define test functions almost anywhere with a single attribute.',
      '',
    ].join('\n'),
    data: ['# https://docs.acme.dev', '## Testing Overview', 'In order to write', '- Define test functions'],
    own: ['Answer questions about'],
  },
  {
    name: 'llms.txt index written by a generator: "# <site> llms.txt" then links',
    text: ['# acme.dev llms.txt', '', '- [Pricing](https://acme.dev/pricing): In order to choose a plan, compare the tiers.', ''].join('\n'),
    data: ['- [Pricing]'],
    own: [],
  },
  {
    name: 'Jina Reader page: Title / URL Source / Markdown Content header',
    text: [
      'Summarize the page below in three bullets.',
      '',
      'Title: Optimizers with Core APIs',
      '',
      'URL Source: https://www.tensorflow.org/guide/core/optimizers_core',
      '',
      'Published Time: Thu, 15 Aug 2024 03:17:08 GMT',
      '',
      'Markdown Content:',
      'In order to train a model, you need to choose an optimizer.',
      '',
    ].join('\n'),
    data: ['Title: Optimizers', 'In order to train'],
    own: ['Summarize the page'],
  },
  {
    name: 'a scraped page with a skip-link remnant under its title',
    text: [
      'Use this page as reference.',
      '',
      '## Swift Testing',
      '[Skip to main content](https://developer.apple.com/documentation/testing#main-content)',
      '',
      'In order to organize tests, you need to group them into suites.',
      '',
    ].join('\n'),
    data: ['## Swift Testing', 'In order to organize'],
    own: ['Use this page as reference.'],
  },
  {
    name: 'a page copied from a browser: bare "Skip to main content" among its first lines',
    text: ['Summarize this page:', '', 'Skip to main content', '', '# Release notes', '', 'In order to upgrade, you need to remove the old plugin.', ''].join('\n'),
    data: ['Skip to main content', '# Release notes', 'In order to upgrade'],
    own: ['Summarize this page:'],
  },
  {
    name: 'a saved page whose first line is its source',
    text: ['Source: https://www.conventionalcommits.org/en/v1.0.0/', '', 'In order to communicate intent, commits need to carry a type.', ''].join('\n'),
    data: ['In order to communicate'],
    own: [],
  },
  {
    name: 'a saved page: a title, then its source URL',
    text: ['# Conventional Commits 1.0.0', '', 'Retrieved from "https://www.conventionalcommits.org/en/v1.0.0/"', '', 'In order to communicate intent, commits need to carry a type.', ''].join('\n'),
    data: ['# Conventional Commits', 'In order to communicate'],
    own: [],
  },
  {
    name: 'a saved page whose first heading is its URL',
    text: ['# https://developer.apple.com/documentation/testing', '', 'In order to organize tests, you need to group them into suites.', ''].join('\n'),
    data: ['In order to organize'],
    own: [],
  },
  {
    name: 'a specification with the RFC 2119 boilerplate: its section, not the sections after it',
    text: [
      'Use the Conventional Commits specification to write commit messages.',
      '',
      '### Specification Details',
      '',
      'The key words "MUST", "MUST NOT", "SHOULD" and "MAY" in this document are to be interpreted as described in RFC 2119.',
      '',
      'The units of information MUST NOT be treated as case sensitive, with the exception of BREAKING CHANGE.',
      '',
      '#### Footers',
      '',
      'A footer MAY be provided one blank line after the body.',
      '',
      '## Your task',
      '',
      'In order to write the message, read the diff first.',
      '',
    ].join('\n'),
    data: ['The key words', 'with the exception of', '#### Footers', 'A footer MAY'],
    own: ['Use the Conventional Commits', '## Your task', 'In order to write the message'],
  },
  {
    name: 'an RFC with the boilerplate wrapped over two lines (BCP 14)',
    text: [
      'The key words "MUST" and "MAY" in this document are to be interpreted as described in',
      'BCP 14 [RFC2119] [RFC8174] when, and only when, they appear in all capitals.',
      '',
      'In order to publish a feed, an operator needs to host it over HTTPS.',
      '',
    ].join('\n'),
    data: ['In order to publish'],
    own: [],
  },
];

const NEGATIVE: Case[] = [
  {
    name: 'an instructions file that cites one URL',
    text: 'Follow the style guide at https://google.github.io/styleguide/tsguide.html.\n\nIn order to name things, use camelCase.\n',
    data: [],
    own: ['Follow the style guide', 'In order to name'],
  },
  {
    name: 'a prompt whose first line is "Source: the attached ticket"',
    text: 'Source: the attached ticket\n\nIn order to triage it, you need to read the logs.\n',
    data: [],
    own: ['In order to triage'],
  },
  {
    name: 'a file with one --- rule',
    text: 'Review the pull request.\n\n---\n\nIn order to approve, you need to run the tests.\n',
    data: [],
    own: ['Review the pull', 'In order to approve'],
  },
  {
    name: 'a "Source: <url>" line inside the instructions, not at the top',
    text: [
      'You set up email forwarding.',
      '',
      '## Tool',
      '',
      'Use the CLI published on npm: https://www.npmjs.com/package/mail2tg',
      'Source: https://github.com/shatzibitten/mail2tg',
      '',
      '## Steps',
      '',
      'In order to start, you need to create a token.',
      '',
    ].join('\n'),
    data: [],
    own: ['In order to start'],
  },
  {
    name: 'a dump format shown inside a fence',
    text: ['gitingest writes each file like this:', '', '```', RULE48, 'FILE: README.md', RULE48, '```', '', 'In order to parse it, split at the rules.', ''].join('\n'),
    data: [],
    own: ['In order to parse'],
  },
  {
    name: 'a frame that names no file, and "File:" lines without rules',
    text: [RULE16, 'Section One', RULE16, '', 'File: src/config/api.js:45', '', 'In order to fix it, change the timeout.', ''].join('\n'),
    data: [],
    own: ['In order to fix'],
  },
  {
    name: 'a heading that is a URL in the middle of the instructions',
    text: 'Call the API described here.\n\n## https://api.acme.dev/v1/users\n\nIn order to list users, you need to send a GET request.\n',
    data: [],
    own: ['In order to list'],
  },
  {
    name: '"URL Source:" without Jina\'s "Markdown Content:" line',
    text: 'Check the link.\n\nURL Source: https://acme.dev/a\n\nIn order to verify it, open it.\n',
    data: [],
    own: ['In order to verify'],
  },
  {
    name: 'a skip link to an anchor of the same page in accessibility rules',
    text: 'Every page needs a skip link:\n\n[Skip to main content](#main)\n\nIn order to pass the audit, the link must come first.\n',
    data: [],
    own: ['In order to pass'],
  },
  {
    name: 'bare "Skip to main content" indented in a component sample, or deep in the file',
    text: [
      'Add a skip link to every layout.',
      '',
      'Put it first in the body.',
      '',
      'Style it visibly on focus.',
      '',
      '    <a href="#main" className="skip-link">',
      '      Skip to main content',
      '    </a>',
      '',
      'Skip to main content',
      '',
      'In order to pass the audit, the link must come first.',
      '',
    ].join('\n'),
    data: [],
    own: ['In order to pass'],
  },
  {
    name: 'headings that mention llms.txt without a site',
    text: '# Writing llms.txt\n\n## Generate your site\'s llms.txt\n\nIn order to help agents, you need to list your docs.\n',
    data: [],
    own: ['In order to help'],
  },
  {
    name: 'RFC 2119 named without the boilerplate',
    text: 'Use RFC 2119 key words (MUST, SHOULD) in the specs you write.\n\nIn order to be clear, you need to number each requirement.\n',
    data: [],
    own: ['Use RFC 2119', 'In order to be clear'],
  },
];

describe('reproduced documents are data', () => {
  for (const c of POSITIVE) {
    it(c.name, () => {
      for (const snippet of c.data) {
        const { kind, cause } = kindOf(c.text, snippet);
        assert.equal(kind, 'data', `${snippet}: ${kind} (${cause ?? ''})`);
      }
      for (const snippet of c.own) assertOwn(c.text, snippet);
      for (const snippet of c.notData ?? []) assert.notEqual(kindOf(c.text, snippet).kind, 'data', snippet);
    });
  }
});

describe('look-alikes stay the author\'s own words', () => {
  for (const c of NEGATIVE) {
    it(c.name, () => {
      const lines = c.text.split('\n');
      let offset = 0;
      const spans = lines.map((line) => {
        const span = { start: offset, end: offset + line.length };
        offset += line.length + 1;
        return span;
      });
      assert.deepEqual(findReproducedDocuments(c.text, spans), []);
      for (const snippet of c.own) assertOwn(c.text, snippet);
    });
  }
});

describe('fix-all leaves a reproduced document alone and still edits the instructions around it', () => {
  const cases = POSITIVE.filter((c) => c.own.some((s) => s.startsWith('In order to')));
  for (const c of cases) {
    it(c.name, () => {
      const fixed = fixAll(c.text);
      for (const snippet of c.data) assert.ok(fixed.includes(snippet), `document text changed: ${snippet}`);
      const own = c.own.find((s) => s.startsWith('In order to'))!;
      assert.ok(!fixed.includes(own) && fixed.includes(own.replace('In order to', 'To')), `instruction not compressed: ${own}`);
    });
  }
  it('a document filling the whole file is not changed at all', () => {
    const text = POSITIVE.find((c) => c.name.startsWith('a saved page whose first line'))!.text;
    assert.equal(fixAll(text), text);
  });
});

describe('reading long runs after each marker ends with ranges inside the text', () => {
  const SIZE = 100_000;
  const inputs: Array<[string, string]> = [
    ['heading then letters', `# ${'a'.repeat(SIZE)}`],
    ['heading then dotted letters', `# ${'a.'.repeat(SIZE / 2)}`],
    ['heading then words', `# ${'a '.repeat(SIZE / 2)}`],
    ['URL source then letters', `URL Source: https://${'a'.repeat(SIZE)}`],
    ['skip link then letters', `[Skip to ${'a'.repeat(SIZE)}`],
    ['source header then spaces', `Source: https://a${' '.repeat(SIZE)}x`],
    ['boilerplate then spaces', `interpreted${' '.repeat(SIZE)}x`],
    ['one rule', '='.repeat(SIZE)],
    ['rules and names', `${RULE48}\nFILE: a\n`.repeat(SIZE / 60)],
    ['boilerplate sections', '# h\ninterpreted as described in RFC 2119\n'.repeat(SIZE / 45)],
    ['skip links', '[Skip Navigation](https://a.b#c)\n'.repeat(SIZE / 33)],
    ['fences', '```\n'.repeat(SIZE / 4)],
  ];
  for (const [name, text] of inputs) {
    it(name, () => {
      const structure = readStructure(text, [{ start: 0, end: text.length }]);
      for (const block of structure.blocks) assert.ok(block.range.start >= 0 && block.range.start <= block.range.end && block.range.end <= text.length);
    });
  }
  it('many sections each declaring RFC 2119 are one document each, in order', () => {
    const text = '# h\ninterpreted as described in RFC 2119\n'.repeat(2000);
    const lines = text.split('\n');
    let offset = 0;
    const spans = lines.map((line) => {
      const span = { start: offset, end: offset + line.length };
      offset += line.length + 1;
      return span;
    });
    const found = findReproducedDocuments(text, spans);
    assert.equal(found.length, 2000);
    for (let k = 1; k < found.length; k++) assert.ok(found[k].start > found[k - 1].end);
  });
});
