import type { Tree } from 'web-tree-sitter';
import type { OffsetRange, ParseProblem } from '../types';
import type { FrontEnd } from './frontend';
import { JsFrontEnd } from './javascript';
import { contextAllows, judgeName, looksLikePrompt } from './names';
import { PyFrontEnd } from './python';
import { lastAtOrBefore } from '../text/sorted';
import { recognizeCall, type CallMatch, type MessageDraft } from './recognize';
import type { InlineLanguage, InlineMessage, InlinePrompt, InlineStringLiteral } from './types';
import { asStr, literal, optionsOf, templateVariables, type CallValue, type StrValue, type Value } from './values';

const MAX_PROBLEMS = 20;

/** Finds the prompts of one parsed file: SDK calls first, then marker comments, then names. */
export function findPrompts(source: string, tree: Tree, language: InlineLanguage): { prompts: InlinePrompt[]; problems: ParseProblem[] } {
  const frontEnd: FrontEnd = language === 'python' ? new PyFrontEnd(source, tree) : new JsFrontEnd(source, tree);
  const prompts: InlinePrompt[] = [];
  const claimed = new Claimed();

  const calls = [...frontEnd.calls].sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
  for (const site of calls) {
    // Calls inside a recognised call (a LangChain message inside `fromMessages`) belong to it.
    if (claimed.insideCall(site.range)) continue;
    const match = recognizeCall(frontEnd, site);
    if (!match) continue;
    const prompt = callPrompt(match);
    if (prompt.messages.length === 0) continue;
    prompts.push(prompt);
    claimed.addCall(match.range);
    claimed.addMessages(prompt.messages);
  }

  for (const marker of frontEnd.markers) {
    if (claimed.overlaps(rangeOfNode(marker.value))) continue;
    const value = frontEnd.evaluate(marker.value);
    if (value.t !== 'str') continue;
    const message = toMessage({ role: (marker.name && judgeName(marker.name)?.role) ?? 'user', value });
    prompts.push(namedPrompt('marker', marker.range, marker.name, message));
    claimed.addMessages([message]);
    claimed.addCall(marker.range);
  }

  for (const site of frontEnd.names) {
    const verdict = judgeName(site.name);
    if (!verdict || claimed.overlaps(rangeOfNode(site.value)) || claimed.insideCall(site.range)) continue;
    if (!contextAllows(site, verdict, frontEnd.nameContext(site))) continue;
    let value = frontEnd.evaluate(site.value);
    let template: MessageDraft['template'];
    if (isJinjaTemplate(value)) {
      // `Template("…{{ name }}…")`: a Jinja (or similar) template whose text is the prompt.
      value = { ...value.args[0]!, range: value.range };
      template = 'jinja';
    }
    if (value.t === 'str') {
      // The text must be written here, not borrowed from another name (that one is judged itself).
      if (!inside(value.range, site.range) || claimed.overlaps(value.range)) continue;
      const message = toMessage({ role: verdict.role, value, template });
      if (!looksLikePrompt(message.text, message.variables)) continue;
      prompts.push(namedPrompt('constant', site.range, site.name, message));
      claimed.addMessages([message]);
    } else if (value.t === 'obj' && verdict.collection) {
      for (const [key, entry] of value.entries) {
        const range = value.entryRanges.get(key);
        if (entry.t !== 'str' || !range || !inside(range, site.range) || claimed.overlaps(entry.range)) continue;
        const message = toMessage({ role: judgeName(key)?.role ?? verdict.role, value: entry });
        if (!looksLikePrompt(message.text, message.variables)) continue;
        prompts.push(namedPrompt('constant', range, `${site.name}.${key}`, message));
        claimed.addMessages([message]);
      }
    }
  }

  prompts.sort((a, b) => a.range.start - b.range.start);
  attachLiterals(prompts, frontEnd.literals);
  const problems = frontEnd.errors.slice(0, MAX_PROBLEMS).map((range) => ({
    message: 'Syntax error: prompts in this part of the file may be missed.',
    range,
  }));
  return { prompts, problems };
}

/** Tells each text part which string literal it was read from (innermost first). */
function attachLiterals(prompts: InlinePrompt[], literals: readonly InlineStringLiteral[]): void {
  if (literals.length === 0) return;
  const sorted = [...literals].sort((a, b) => a.content.start - b.content.start || a.content.end - b.content.end);
  for (const prompt of prompts) {
    for (const message of prompt.messages) {
      for (const part of message.parts) {
        // The last literal starting at or before the part whose content holds it (nested
        // template literals start later than the literal around them).
        const found = lastAtOrBefore(sorted, (literal) => literal.content.start, part.range.start);
        for (let i = found; i >= 0 && found - i < 64; i--) {
          const literal = sorted[i]!;
          if (literal.content.start <= part.range.start && part.range.end <= literal.content.end) {
            part.literal = literal;
            break;
          }
        }
      }
    }
  }
}

function isJinjaTemplate(value: Value): value is CallValue {
  const last = value.t === 'call' ? value.callee[value.callee.length - 1] : null;
  return value.t === 'call' && (last === 'Template' || last === 'from_string') && value.args[0]?.t === 'str';
}

function namedPrompt(kind: 'constant' | 'marker', range: OffsetRange, name: string | null, message: InlineMessage): InlinePrompt {
  return { range, kind, sdk: null, api: null, name, model: null, modelRange: null, maxOutputTokens: null, messages: [message] };
}

function callPrompt(match: CallMatch): InlinePrompt {
  const model = modelOf(match.model);
  const max = match.maxOutputTokens;
  return {
    range: match.range,
    kind: 'call',
    sdk: match.sdk,
    api: match.api,
    name: null,
    model: model?.model ?? null,
    modelRange: model?.range ?? null,
    ...(model ? { modelSource: model.fallback ? ('default' as const) : ('literal' as const) } : {}),
    ...(match.media ? { media: match.media } : {}),
    maxOutputTokens: max?.t === 'num' && Number.isInteger(max.value) && max.value >= 0 ? max.value : null,
    messages: match.messages.map(toMessage).filter((message) => message.text.length > 0 || message.variables > 0),
  };
}

/** The model as written: a string, or the first argument of a provider call (`openai('gpt-4o')`). */
function modelOf(value: Value | undefined, depth = 0): { model: string; range: OffsetRange; fallback: boolean } | null {
  if (!value || depth > 4) return null;
  if (value.t === 'str') {
    const text = literal(value);
    if (!text) return null;
    const first = value.segs[0]!;
    const last = value.segs[value.segs.length - 1]!;
    return { model: text, range: { start: first.start, end: last.end }, fallback: value.fallback === true };
  }
  if (value.t === 'call') {
    const first = value.args[0];
    if (first?.t === 'str') return modelOf(first, depth + 1);
    const options = optionsOf(value);
    return modelOf(options?.get('model') ?? options?.get('modelId'), depth + 1);
  }
  return null;
}

export function toMessage(draft: MessageDraft): InlineMessage {
  let value: StrValue = asStr(draft.value);
  if (draft.template) value = templateVariables(value, draft.template);
  const message: InlineMessage = { role: draft.role, range: draft.value.range, text: '', variables: 0, parts: [], variableRanges: [] };
  for (const seg of value.segs) {
    if (seg.kind === 'gap') message.variableRanges.push({ start: seg.start, end: seg.end });
    else if (seg.text.length > 0) {
      message.parts.push({ range: { start: seg.start, end: seg.end }, text: seg.text });
      message.text += seg.text;
    }
  }
  message.variables = message.variableRanges.length;
  return message;
}

const inside = (inner: OffsetRange, outer: OffsetRange): boolean => inner.start >= outer.start && inner.end <= outer.end;
const rangeOfNode = (node: { startIndex: number; endIndex: number }): OffsetRange => ({ start: node.startIndex, end: node.endIndex });

/** Source already accounted for: recognised calls, and the text their messages were read from. */
class Claimed {
  private calls: OffsetRange[] = [];
  private text: OffsetRange[] = [];

  addCall(range: OffsetRange): void {
    this.calls.push(range);
  }

  addMessages(messages: InlineMessage[]): void {
    for (const message of messages) {
      this.text.push(message.range);
      for (const part of message.parts) this.text.push(part.range);
    }
  }

  insideCall(range: OffsetRange): boolean {
    return this.calls.some((call) => inside(range, call));
  }

  /** True when `range` shares source with a claimed message (or lies inside a claimed call). */
  overlaps(range: OffsetRange): boolean {
    if (this.insideCall(range)) return true;
    return this.text.some((claimed) => claimed.start < range.end && range.start < claimed.end);
  }
}
