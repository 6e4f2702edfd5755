import { parseFrontMatter } from '../documents/frontMatter';
import type { OffsetRange } from '../types';
import type { AgentFileKind } from './kinds';

/** What the placement rules need from an agent file's front matter. */
export interface AgentFileHeader {
  /** Parsed keys; empty when there is no front matter or it could not be read. */
  data: Record<string, unknown>;
  /** Where the body the agent inserts starts (after the closing `---` line). */
  bodyStart: number;
  hasFrontMatter: boolean;
  /** Source ranges of the front matter's scalar values by key (`name`, `description`). */
  ranges: Record<string, OffsetRange>;
  /** Problems worth telling the author, with their ranges in the file. */
  problems: Array<{ message: string; range: OffsetRange }>;
}

/** `key: value` lines, as Cursor reads `.mdc` headers that are not valid YAML (`globs: *.ts`). */
const LOOSE_LINE = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$/;

/** Reads the header of an agent file; never throws. */
export function readAgentHeader(text: string, kind: AgentFileKind): AgentFileHeader {
  const { frontMatter, problems } = parseFrontMatter(text);
  const header: AgentFileHeader = {
    data: frontMatter?.data ?? {},
    bodyStart: frontMatter ? frontMatter.range.end : text.startsWith('\uFEFF') ? 1 : 0,
    hasFrontMatter: frontMatter !== null,
    ranges: frontMatter?.valueRanges ?? {},
    problems: problems.map((problem) => ({ message: problem.message, range: problem.range })),
  };
  if (frontMatter && !frontMatter.data && kind === 'cursor-rule') {
    // Cursor rules often hold unquoted globs (`globs: **/*.ts`), which YAML reads as an alias.
    // Cursor itself reads the keys line by line, so do the same and say so.
    const yaml = text.slice(frontMatter.contentRange.start, frontMatter.contentRange.end);
    for (const line of yaml.split(/\r?\n/)) {
      const match = LOOSE_LINE.exec(line.trim());
      if (!match) continue;
      const value = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
      header.data[match[1]] = value === 'true' ? true : value === 'false' ? false : value;
    }
    header.problems = header.problems.map((problem) => ({
      ...problem,
      message: `${problem.message} Tokenwise read the keys line by line (alwaysApply, globs, description) as Cursor does; quote the values to make it valid YAML.`,
    }));
  }
  return header;
}
