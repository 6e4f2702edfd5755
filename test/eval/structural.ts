/**
 * The structural check of the evaluation: what fix-all did to each structural line of the
 * original (heading, label, list item, table row, code, quote, legal line, tagged data, front
 * matter). Every such line is followed through the passes' edits to the line it became, so a
 * line is judged against its own after-image, not against whatever text happens to match.
 *
 * A structural line is LOST when it is deleted, merged into another line, or anything in it
 * other than instruction prose changes: its code spans, quotes, numbers, names, link targets,
 * its label; every line of a kind other than a list item (a heading or label keeps its words,
 * code keeps its spacing). A list item whose prose alone was reworded is a REWORDING: not a loss
 * when every fix that touched it is judged correct, a loss when one is judged wrong, and
 * reported as unjudged otherwise.
 */
import type { TextEdit } from '../../server/src/core';
import { applyEdits, mapRange } from '../../server/src/core/rules/compression/edits';
import { type LineKind, classifyLines } from './real';

export type Fate = 'kept' | 'respaced' | 'reworded' | 'deduplicated' | 'deleted' | 'merged' | 'changed';

export interface LineOutcome {
  kind: LineKind;
  /** The original line, trailing whitespace dropped. */
  before: string;
  /** What the line became ('' when deleted). */
  after: string;
  fate: Fate;
  /** Keys (`pass:start:end:newText`) of the edits that touched the line, in their pass's coordinates. */
  edits: string[];
  /** The rules whose fixes touched the line, when the caller knows them. */
  rules?: string[];
}

/** Kinds whose spacing is content: code indentation, table alignment, data and quotes as written. */
const SPACING_MATTERS: ReadonlySet<LineKind> = new Set(['code', 'table-row', 'tagged-data', 'front-matter', 'blockquote', 'legal']);

export const editId = (pass: number, edit: TextEdit) => `${pass}:${edit.range.start}:${edit.range.end}:${edit.newText}`;

const squeezed = (line: string) => line.replace(/\s+/g, ' ').trim();

const LINE_HEAD = /^\s*((?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?|(?=\*\*|__))((?:\*\*|__)[^*_\n]{1,80}?(?:\*\*|__):?|[^\s:.!?`*][^:.!?`\n]{0,38}:(?=\s))?/;

/**
 * The parts of a list item that are not instruction prose: the marker and checkbox, a leading
 * label ("**Gate:**", "Note:"), code spans, quotes, link targets and URLs, numbers, and names
 * (identifiers, ALL-CAPS words, capitalised words that do not open a sentence).
 *
 * Whether the line has a label is decided on `original` (the line before any fix), so a
 * rewording that shortens a long lead-in ("- For each unit, you should be able to answer: …")
 * does not turn it into a label the original never had, and a label the original had is taken
 * from `line` up to its colon, however long it became.
 */
export function nonProse(line: string, original: string = line): string[] {
  const out: string[] = [];
  let rest = line;
  const originalHead = LINE_HEAD.exec(original);
  const head = /^\s*((?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?|(?=\*\*|__))?/.exec(line);
  if (head) {
    if (head[1]) out.push(`marker:${head[1].trim()}`);
    rest = line.slice(head[0].length);
    if (originalHead?.[2]) {
      const label = /^(?:(?:\*\*|__)[^*_\n]{1,80}?(?:\*\*|__):?|[^:\n]*:(?=\s|$))/.exec(rest);
      if (label) {
        out.push(`label:${label[0]}`);
        rest = rest.slice(label[0].length);
      } else out.push('label:(removed)');
    }
  }
  const take = (re: RegExp, tag: string) => {
    rest = rest.replace(re, (m) => {
      out.push(`${tag}:${m}`);
      return ' ';
    });
  };
  take(/`[^`\n]*`/g, 'code');
  take(/\]\([^)\s]*\)|https?:\/\/\S+/g, 'link');
  take(/"[^"\n]*"|“[^”\n]*”/g, 'quote');
  take(/\d[\d.,:%/-]*/g, 'number');
  // Names: what no rewording of prose may change. A sentence's first word is prose (its capital
  // follows the sentence, so dropping "Please" capitalises "make").
  let sentenceStart = true;
  for (const raw of rest.split(/\s+/)) {
    const word = raw.replace(/^[^\p{L}\p{N}_$]+|[^\p{L}\p{N}_$]+$/gu, '');
    if (word) {
      // "I" is a pronoun, not a name: dropping "I would like you to" rewords prose only.
      const name = !/^I(?:['’]\w+)?$/.test(word) && (/[A-Z].*[A-Z]|[a-z][A-Z]|[_.$]\w|^[A-Z]{2,}$/.test(word) || (!sentenceStart && /^\p{Lu}/u.test(word)));
      if (name) out.push(`name:${word}`);
      sentenceStart = false;
    }
    if (/[.!?:;]["')\]*_]*$/.test(raw)) sentenceStart = true;
  }
  return out.sort();
}

/** A line's words for comparing repeats: marker, case and punctuation aside. */
function dedupKey(line: string): string {
  return line
    .replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Lines whose prose a rule may reword: list items, and lines led by a bold label with prose after
 * it ("**Limitation:** Annotations apply only to …"), whose label stays as written.
 */
function rewordable(kind: LineKind, line: string): boolean {
  return kind === 'list-item' || (kind === 'label' && /^\s*(?:\*\*|__)[^*_\n]{1,80}?(?:\*\*|__):?\s+\S/.test(line));
}

/**
 * Follows each structural line of `original` through `passes` (each pass's edits in that pass's
 * text, as `compressAll` returns them) into `result`, and says what became of it.
 */
export function followLines(original: string, passes: readonly (readonly TextEdit[])[], result: string): LineOutcome[] {
  const classified = classifyLines(original);
  // Every line is followed (a list item's wrapped continuation too); classifyLines reports the
  // structural ones in order, skipping blank and prose lines.
  const all: Array<{ start: number; end: number; structural: number }> = [];
  let offset = 0;
  let k = 0;
  for (const raw of original.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const isStructural = k < classified.length && line.trim() !== '' && line.trimEnd() === classified[k].line;
    all.push({ start: offset, end: offset + line.trimEnd().length, structural: isStructural ? k++ : -1 });
    offset += raw.length + 1;
  }
  const touched: string[][] = all.map(() => []);
  // Each line's text at the start of every pass, to compare a deleted line with its twin as both read then.
  const history: string[][] = all.map(() => []);
  const deletedIn: number[] = all.map(() => -1);
  let current: Array<{ start: number; end: number }> = all;
  let passText = original;
  passes.forEach((edits, pass) => {
    current.forEach((range, i) => {
      if (all[i].structural < 0 && !(i > 0 && all[i - 1].structural >= 0)) return;
      for (const edit of edits) {
        // An edit touches a line when it overlaps the line or its line ending (deleting the "\n"
        // merges the line into the next), deletes the line ending before it, or inserts inside it.
        const overlaps = edit.range.start <= range.end && edit.range.end > range.start;
        const joinsBefore = edit.range.end === range.start && edit.range.start < range.start && passText.slice(edit.range.start, edit.range.end).includes('\n');
        const inserts = edit.range.start === edit.range.end && edit.range.start >= range.start && edit.range.start <= range.end;
        if (overlaps || joinsBefore || inserts) touched[i].push(editId(pass, edit));
      }
      history[i][pass] = passText.slice(range.start, range.end);
    });
    const next = current.map((range) => mapRange(range, edits));
    const nextText = applyEdits(passText, edits);
    next.forEach((range, i) => {
      if (deletedIn[i] < 0 && passText.slice(current[i].start, current[i].end).trim() !== '' && nextText.slice(range.start, range.end).trim() === '') deletedIn[i] = pass;
    });
    current = next;
    passText = nextText;
  });

  /**
   * A deleted list item whose words, as they read when it was deleted, are those of an item
   * above it in the same list (only list items and their continuations between them) that is
   * still in the result: a repeat removed, its instruction kept once.
   */
  const twinKept = (i: number): boolean => {
    const pass = deletedIn[i];
    const key = pass >= 0 ? dedupKey(history[i][pass] ?? '') : '';
    if (key === '') return false;
    const indent = (j: number) => original.slice(all[j].start, all[j].end).search(/\S/);
    for (let j = i - 1; j >= 0; j--) {
      const line = original.slice(all[j].start, all[j].end);
      if (line.trim() === '') continue;
      const item = all[j].structural >= 0 && classified[all[j].structural].kind === 'list-item';
      if (!item && !/^[ \t]{2,}\S/.test(line)) return false;
      if (item && indent(j) < indent(i)) return false;
      const survives = current[j].end > current[j].start && result.slice(current[j].start, current[j].end).trim() !== '';
      if (item && indent(j) === indent(i) && survives && dedupKey(history[j][pass] ?? '') === key) return true;
    }
    return false;
  };
  const atLineStart = (at: number) => at === 0 || result[at - 1] === '\n';
  const atLineEnd = (at: number) => /^[^\S\n]*(?:\n|$)/.test(result.slice(at, at + 400));
  const outcomes: LineOutcome[] = [];
  all.forEach((line, i) => {
    if (line.structural < 0) return;
    const entry = classified[line.structural];
    const start = current[i].start;
    let end = current[i].end;
    let before = entry.line;
    let edits = touched[i];
    // A rewording across a soft line break joins a list item with its own continuation line (not
    // a structural line of its own): judge the item as the two lines together.
    const next = all[i + 1];
    if (!atLineEnd(end) && entry.kind === 'list-item' && next && next.structural < 0 && original.slice(next.start, next.end).trim() !== '') {
      end = current[i + 1].end;
      before = `${before} ${original.slice(next.start, next.end).trim()}`;
      edits = [...edits, ...touched[i + 1]];
    }
    const after = result.slice(start, end).trimEnd();
    let fate: Fate;
    if (after.trim() === '') fate = entry.kind === 'list-item' && twinKept(i) ? 'deduplicated' : 'deleted';
    else if (!atLineStart(start) || !atLineEnd(end) || after.includes('\n')) fate = 'merged';
    else if (after === before) fate = 'kept';
    else if (squeezed(after) === squeezed(before)) fate = 'respaced';
    else if (rewordable(entry.kind, before) && nonProse(after, before).join('\n') === nonProse(before).join('\n')) fate = 'reworded';
    else fate = 'changed';
    outcomes.push({ kind: entry.kind, before: entry.line, after, fate, edits: [...new Set(edits)] });
  });
  return outcomes;
}

export type Verdict = 'correct' | 'wrong' | undefined;

export interface StructuralReport {
  /** Lines deleted, merged, or changed beyond rewording prose (and rewordings by a fix judged wrong). */
  losses: LineOutcome[];
  /** List items whose prose alone a fix reworded: judged correct, or not judged yet. */
  rewordings: Array<LineOutcome & { verdict: 'correct' | 'unjudged' }>;
  /** Lines only re-spaced where spacing is not content (list items, labels, headings). */
  respaced: LineOutcome[];
  /** Lines of a JSON block that json-minify alone re-laid out: every character but whitespace kept, in order. */
  minified: LineOutcome[];
  /** List items deleted as a repeat of an item kept in the same list, by duplicate-instruction alone. */
  deduplicated: LineOutcome[];
}

/**
 * Sorts the outcomes into losses and rewordings. `verdictOfEdit` says how the fix that made an
 * edit was judged (undefined when it was not), so a rewording by a wrong fix counts as a loss.
 */
export function judgeOutcomes(outcomes: readonly LineOutcome[], verdictOfEdit: (edit: string) => Verdict = () => undefined): StructuralReport {
  const report: StructuralReport = { losses: [], rewordings: [], respaced: [], minified: [], deduplicated: [] };
  const bare = (line: string) => line.replace(/\s+/g, '');
  for (const outcome of outcomes) {
    if (outcome.fate === 'kept') continue;
    // json-minify joins the lines of a JSON value it has proved equal: the value is kept, only its layout goes.
    const onlyMinify = outcome.rules !== undefined && outcome.rules.length > 0 && outcome.rules.every((rule) => rule === 'json-minify');
    if (onlyMinify && outcome.kind === 'code' && (outcome.fate === 'merged' || outcome.fate === 'respaced') && bare(outcome.after) === bare(outcome.before)) {
      report.minified.push(outcome);
      continue;
    }
    if (outcome.fate === 'deduplicated') {
      const byDuplicateRule = outcome.rules === undefined || outcome.rules.every((rule) => rule === 'duplicate-instruction');
      const verdicts = outcome.edits.map(verdictOfEdit);
      if (byDuplicateRule && !verdicts.includes('wrong')) report.deduplicated.push(outcome);
      else report.losses.push(outcome);
      continue;
    }
    if (outcome.fate === 'respaced') {
      if (SPACING_MATTERS.has(outcome.kind)) report.losses.push(outcome);
      else report.respaced.push(outcome);
      continue;
    }
    if (outcome.fate === 'reworded') {
      const verdicts = outcome.edits.map(verdictOfEdit);
      if (verdicts.some((v) => v === 'wrong')) report.losses.push(outcome);
      else report.rewordings.push({ ...outcome, verdict: verdicts.length > 0 && verdicts.every((v) => v === 'correct') ? 'correct' : 'unjudged' });
      continue;
    }
    report.losses.push(outcome);
  }
  return report;
}
