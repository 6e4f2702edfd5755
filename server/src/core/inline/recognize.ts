import type { OffsetRange } from '../types';
import { rangeOf, type CallSite, type FrontEnd } from './frontend';
import type { InlineSdk } from './types';
import { literal, optionsOf, unknown, type CallValue, type Value } from './values';

/** A message before it is turned into text: its role, the value it is read from, its syntax. */
export interface MessageDraft {
  role: string;
  value: Value;
  /** LangChain (and `str.format`) placeholders in the text are variables, not text. */
  template?: 'brace' | 'mustache' | 'jinja';
}

export interface CallMatch {
  sdk: InlineSdk;
  api: string;
  /** The prompt's range when it is not the call's (a list of LangChain messages). */
  range: OffsetRange;
  model: Value | undefined;
  maxOutputTokens: Value | undefined;
  messages: MessageDraft[];
}

const CREATE = new Set(['create', 'parse', 'stream', 'acreate', 'runTools', 'run_tools', 'create_and_poll']);
const AI_SDK = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
const GOOGLE = new Set(['generateContent', 'generateContentStream', 'generate_content', 'generate_content_stream']);
const FROM_TEMPLATE = new Set(['fromTemplate', 'from_template']);
const FROM_MESSAGES = new Set(['fromMessages', 'from_messages']);
const LC_MESSAGES: Record<string, string> = { SystemMessage: 'system', HumanMessage: 'user', AIMessage: 'assistant', ChatMessage: 'user' };
const LC_TEMPLATES: Record<string, string> = {
  PromptTemplate: 'user',
  ChatPromptTemplate: 'user',
  SystemMessagePromptTemplate: 'system',
  HumanMessagePromptTemplate: 'user',
  AIMessagePromptTemplate: 'assistant',
  ChatMessagePromptTemplate: 'user',
};

/**
 * The last callee names a recognised call can have. The walk checks this (from the source text)
 * before it looks at a call any closer: most calls in a file are not SDK calls.
 */
export const CALLEE_NAMES: ReadonlySet<string> = new Set([
  ...CREATE, ...AI_SDK, ...GOOGLE, ...FROM_TEMPLATE, ...FROM_MESSAGES, 'PromptTemplate', ...Object.keys(LC_MESSAGES),
]);

export function normaliseRole(role: string): string {
  switch (role.toLowerCase()) {
    case 'human':
    case 'user':
      return 'user';
    case 'ai':
    case 'assistant':
    case 'model':
      return 'assistant';
    case 'system':
      return 'system';
    case 'developer':
      return 'developer';
    default:
      return role.toLowerCase();
  }
}

const get = (options: Map<string, Value> | null, ...keys: string[]): Value | undefined => {
  if (!options) return undefined;
  for (const key of keys) {
    const value = options.get(key);
    if (value) return value;
  }
  return undefined;
};

/** The text blocks of a message's content: a string, a list of parts, or a `{ text }` part. */
function contentDrafts(role: string, value: Value | undefined, out: MessageDraft[], template?: MessageDraft['template']): void {
  if (!value) return;
  switch (value.t) {
    case 'str':
      out.push({ role, value, template });
      return;
    case 'list':
      for (const item of value.items) {
        if (item.t === 'obj' || item.t === 'call') {
          const options = optionsOf(item);
          const text = get(options, 'text');
          if (text) out.push({ role, value: text, template });
          // `createPartFromText('…')`, `Part.from_text(…)`; other part factories carry files or images.
          else if (item.t === 'call' && /text/i.test(item.callee[item.callee.length - 1] ?? '') && item.args[0]) {
            out.push({ role, value: item.args[0], template });
          }
        } else if (item.t === 'str' || item.t === 'unknown') out.push({ role, value: item, template });
      }
      return;
    case 'obj': {
      const text = get(value.entries, 'text', 'content');
      if (text) contentDrafts(role, text, out, template);
      else if (value.entries.get('parts')) contentDrafts(role, value.entries.get('parts'), out, template);
      return;
    }
    case 'num':
      return;
    default:
      out.push({ role, value: unknown(value.range), template });
  }
}

/** The role of messages whose list is only known at run time (`...history`, `buildMessages()`). */
export const UNKNOWN_ROLE = 'unknown';

/**
 * Chat messages from a `messages` list: role/content objects, LangChain message objects. A list
 * (or a spread inside it) that is computed at run time is one variable.
 */
function messageList(value: Value | undefined, out: MessageDraft[]): void {
  if (!value) return;
  if (value.t !== 'list') {
    if (value.t === 'unknown' || value.t === 'call') out.push({ role: UNKNOWN_ROLE, value: unknown(value.range) });
    return;
  }
  for (const item of value.items) {
    if (item.t === 'call' && lcMessageClass(item.callee)) {
      lcMessage(item, out);
      continue;
    }
    if (item.t === 'unknown') {
      out.push({ role: UNKNOWN_ROLE, value: item });
      continue;
    }
    const options = item.t === 'obj' || item.t === 'call' ? optionsOf(item) : null;
    if (!options) continue;
    const content = get(options, 'content', 'parts');
    if (!content) continue;
    const role = literal(options.get('role'));
    contentDrafts(normaliseRole(role ?? 'user'), content, out);
  }
}

function lcMessageClass(callee: string[]): string | null {
  const last = callee[callee.length - 1] ?? '';
  return Object.hasOwn(LC_MESSAGES, last) ? last : null;
}

function lcMessage(call: CallValue, out: MessageDraft[]): void {
  const cls = lcMessageClass(call.callee);
  if (!cls) return;
  const options = call.kwargs.size > 0 ? call.kwargs : call.args[0]?.t === 'obj' ? call.args[0].entries : null;
  const content = options ? options.get('content') : call.args[0];
  const role = cls === 'ChatMessage' ? literal(options?.get('role') ?? call.args[1]) ?? 'user' : LC_MESSAGES[cls]!;
  contentDrafts(normaliseRole(role), content, out);
}

/** A LangChain `*PromptTemplate.fromTemplate(…)` (or a tuple) as a templated message. */
function lcTemplate(role: string, template: Value | undefined, syntax: MessageDraft['template'], out: MessageDraft[]): void {
  if (!template) return;
  contentDrafts(normaliseRole(role), template, out, syntax);
}

function templateSyntax(value: Value | undefined): MessageDraft['template'] {
  return literal(value) === 'mustache' ? 'mustache' : 'brace';
}

function fromMessages(call: CallValue, out: MessageDraft[]): void {
  const list = call.args[0] ?? call.kwargs.get('messages');
  const syntax = templateSyntax(get(optionsOf(call.args[1]) ?? call.kwargs, 'templateFormat', 'template_format'));
  if (!list || list.t !== 'list') return;
  for (const item of list.items) {
    if (item.t === 'list' && item.items.length === 2) {
      const role = literal(item.items[0]);
      if (role && role !== 'placeholder') lcTemplate(role, item.items[1], syntax, out);
    } else if (item.t === 'str') lcTemplate('user', item, syntax, out);
    else if (item.t === 'call') {
      const last = item.callee[item.callee.length - 1] ?? '';
      const owner = item.callee[item.callee.length - 2] ?? '';
      if (lcMessageClass(item.callee)) lcMessage(item, out);
      else if (FROM_TEMPLATE.has(last) && Object.hasOwn(LC_TEMPLATES, owner)) lcTemplate(LC_TEMPLATES[owner]!, item.args[0] ?? item.kwargs.get('template'), syntax, out);
    }
  }
}

/**
 * What an SDK call sends, or null when the call is not one we know. Only the callee's shape is
 * looked at first; arguments are evaluated once the shape matches.
 */
export function recognizeCall(frontEnd: FrontEnd, site: CallSite): CallMatch | null {
  const callee = site.callee;
  const last = callee[callee.length - 1] ?? '';
  const owner = callee[callee.length - 2] ?? '';
  const has = (name: string): boolean => callee.includes(name);
  const messages: MessageDraft[] = [];
  const match = (sdk: InlineSdk, api: string, model: Value | undefined, maxOutputTokens: Value | undefined): CallMatch | null =>
    messages.length > 0 ? { sdk, api, range: site.range, model, maxOutputTokens, messages } : null;

  if (CREATE.has(last) && !site.isNew) {
    if ((has('chat') && has('completions')) || has('ChatCompletion')) {
      const options = optionsOf(frontEnd.evaluateCall(site));
      messageList(get(options, 'messages'), messages);
      return match('openai', 'chat.completions.' + last, get(options, 'model'), get(options, 'max_completion_tokens', 'max_tokens'));
    }
    if (has('responses')) {
      const options = optionsOf(frontEnd.evaluateCall(site));
      if (!options?.has('model')) return null;
      contentDrafts('system', get(options, 'instructions'), messages);
      const input = get(options, 'input');
      if (input?.t === 'list') messageList(input, messages);
      else contentDrafts('user', input, messages);
      return match('openai', 'responses.' + last, get(options, 'model'), get(options, 'max_output_tokens'));
    }
    if (has('messages')) {
      // Anthropic. `model` is required by the API; it keeps out Prisma's and Twilio's `messages.create`.
      const options = optionsOf(frontEnd.evaluateCall(site));
      if (!options?.has('model') || !(options.has('messages') || options.has('system'))) return null;
      contentDrafts('system', get(options, 'system'), messages);
      messageList(get(options, 'messages'), messages);
      return match('anthropic', 'messages.' + last, get(options, 'model'), get(options, 'max_tokens'));
    }
    if (has('completions') || has('Completion')) {
      const options = optionsOf(frontEnd.evaluateCall(site));
      if (!options?.has('model')) return null;
      contentDrafts('user', get(options, 'prompt'), messages);
      return match('openai', 'completions.' + last, get(options, 'model'), get(options, 'max_tokens'));
    }
    return null;
  }

  if (AI_SDK.has(last) && (callee.length === 1 || callee.length === 2)) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('model')) return null;
    contentDrafts('system', get(options, 'system'), messages);
    const prompt = get(options, 'prompt');
    if (prompt?.t === 'list') messageList(prompt, messages);
    else contentDrafts('user', prompt, messages);
    messageList(get(options, 'messages'), messages);
    return match('ai-sdk', last, get(options, 'model'), get(options, 'maxOutputTokens', 'maxTokens'));
  }

  if (GOOGLE.has(last)) return google(frontEnd, site, messages, last);

  if (FROM_MESSAGES.has(last) && /PromptTemplate$/.test(owner)) {
    fromMessages(frontEnd.evaluateCall(site), messages);
    return match('langchain', `${owner}.${last}`, undefined, undefined);
  }

  if (FROM_TEMPLATE.has(last) && Object.hasOwn(LC_TEMPLATES, owner)) {
    const call = frontEnd.evaluateCall(site);
    const syntax = templateSyntax(get(optionsOf(call.args[1]) ?? call.kwargs, 'templateFormat', 'template_format'));
    lcTemplate(LC_TEMPLATES[owner]!, call.args[0] ?? call.kwargs.get('template'), syntax, messages);
    return match('langchain', `${owner}.${last}`, undefined, undefined);
  }

  if (last === 'PromptTemplate' && callee.length <= 2) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    lcTemplate('user', get(options, 'template'), templateSyntax(get(options, 'templateFormat', 'template_format')), messages);
    return match('langchain', 'PromptTemplate', undefined, undefined);
  }

  if (lcMessageClass(callee) && callee.length <= 2) {
    if (site.parentList) {
      // A list of LangChain messages is one prompt: `model.invoke([new SystemMessage(…), …])`.
      const list = frontEnd.evaluate(site.parentList);
      messageList(list, messages);
      const result = match('langchain', 'messages', undefined, undefined);
      return result ? { ...result, range: rangeOf(site.parentList) } : null;
    }
    lcMessage(frontEnd.evaluateCall(site), messages);
    return match('langchain', callee[callee.length - 1]!, undefined, undefined);
  }
  return null;
}

/** Google GenAI (`ai.models.generateContent`) and the older `getGenerativeModel(…).generateContent`. */
function google(frontEnd: FrontEnd, site: CallSite, messages: MessageDraft[], last: string): CallMatch | null {
  const call = frontEnd.evaluateCall(site);
  const first = call.args[0];
  const options = call.kwargs.size > 0 ? call.kwargs : first?.t === 'obj' ? first.entries : null;
  let contents = get(options, 'contents');
  if (!contents && first && (first.t === 'str' || first.t === 'list')) contents = first;
  if (!contents && first && first.t === 'unknown' && !options) contents = first;
  let model = get(options, 'model');
  let system = get(options, 'systemInstruction', 'system_instruction');
  let config = optionsOf(get(options, 'config', 'generationConfig', 'generation_config'));
  // The older SDKs put the model and the system instruction on the model object.
  const receiver = site.receiver ? frontEnd.evaluate(site.receiver) : null;
  if (receiver?.t === 'call' && /^(getGenerativeModel|GenerativeModel)$/.test(receiver.callee[receiver.callee.length - 1] ?? '')) {
    const modelOptions = optionsOf(receiver);
    model ??= get(modelOptions, 'model', 'model_name') ?? receiver.args[0];
    system ??= get(modelOptions, 'systemInstruction', 'system_instruction');
    config ??= optionsOf(get(modelOptions, 'generationConfig', 'generation_config'));
  }
  system ??= get(config, 'systemInstruction', 'system_instruction');
  if (!contents) return null;
  contentDrafts('system', system, messages);
  googleContents(contents, messages);
  if (messages.length === 0) return null;
  return {
    sdk: 'google-genai',
    api: site.callee.includes('models') ? 'models.' + last : last,
    range: site.range,
    model,
    maxOutputTokens: get(config, 'maxOutputTokens', 'max_output_tokens'),
    messages,
  };
}

const CONTENT_FACTORY = /^(createUserContent|createModelContent)$/;

function googleContents(contents: Value, out: MessageDraft[]): void {
  if (contents.t === 'call' && CONTENT_FACTORY.test(contents.callee[contents.callee.length - 1] ?? '')) {
    const role = contents.callee[contents.callee.length - 1] === 'createModelContent' ? 'assistant' : 'user';
    contentDrafts(role, contents.args[0], out);
    return;
  }
  if (contents.t !== 'list') {
    contentDrafts('user', contents, out);
    return;
  }
  for (const item of contents.items) {
    if (item.t === 'obj' && item.entries.has('parts')) {
      const role = literal(item.entries.get('role')) ?? 'user';
      contentDrafts(normaliseRole(role), item.entries.get('parts'), out);
    } else if (item.t === 'call' && CONTENT_FACTORY.test(item.callee[item.callee.length - 1] ?? '')) {
      googleContents(item, out);
    } else if (item.t === 'call') {
      // A part factory: text parts are text, `createPartFromUri`/`Part.from_bytes` carry media.
      if (/text/i.test(item.callee[item.callee.length - 1] ?? '')) contentDrafts('user', item.args[0] ?? optionsOf(item)?.get('text'), out);
    } else contentDrafts('user', item, out);
  }
}
