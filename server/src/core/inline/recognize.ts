import type { OffsetRange } from '../types';
import { BATCH_METHODS, rangeOf, type CallSite, type FrontEnd } from './frontend';
import type { InlineMedia, InlineSdk } from './types';
import { literal, optionsOf, unknown, type CallValue, type ObjValue, type Value } from './values';

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
  /** An image or video generation prompt: priced per image or second, never as chat input. */
  media?: InlineMedia;
}

const CREATE = new Set(['create', 'parse', 'stream', 'acreate', 'runTools', 'run_tools', 'create_and_poll']);
const AI_SDK = new Set(['generateText', 'streamText', 'generateObject', 'streamObject', 'streamUI']);
const AI_SDK_MEDIA: Record<string, InlineMedia> = {
  generateImage: 'image',
  experimental_generateImage: 'image',
  generateVideo: 'video',
  experimental_generateVideo: 'video',
};
/** Agent constructors: the AI SDK's (`ToolLoopAgent`, `Agent`) and the OpenAI Agents SDK's `Agent`. */
const AGENTS = new Set(['Agent', 'ToolLoopAgent', 'Experimental_Agent']);
/** LangChain / LangGraph agent factories and the keys their system prompt goes under. */
const LC_AGENTS = new Set(['createAgent', 'create_agent', 'createReactAgent', 'create_react_agent', 'createDeepAgent', 'create_deep_agent']);
const LC_AGENT_PROMPT = ['systemPrompt', 'system_prompt', 'prompt', 'stateModifier', 'state_modifier', 'messageModifier', 'messages_modifier', 'instructions'];
/** Runnable methods that send their input to the model. */
const INVOKE = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch']);
/** LlamaIndex `llm.complete("…")` / `llm.chat([...])` and the AI SDK agent's `agent.generate({ prompt })`. */
const LLM_METHODS = new Set(['complete', 'acomplete', 'stream_complete', 'astream_complete', 'chat', 'achat', 'stream_chat', 'astream_chat', 'generate']);
/** Mistral `client.chat.complete(…)` and its variants. */
const MISTRAL = new Set(['complete', 'complete_async', 'stream', 'stream_async']);
/** Cohere `co.chat(…)` (v1 `message`/`preamble`, v2 `messages`). */
const COHERE = new Set(['chat', 'chat_stream', 'chatStream']);
const GOOGLE_MEDIA: Record<string, InlineMedia> = { generateImages: 'image', generate_images: 'image', generateVideos: 'video', generate_videos: 'video' };
/** LangChain chat models and LlamaIndex / LangChain LLM classes, by constructor or factory name. */
const CHAT_MODEL = /^(Chat[A-Z]\w*|\w+ChatModel|AzureChatOpenAI|init_chat_model|initChatModel)$/;
const LLM_CLASS = /^(OpenAI|AzureOpenAI|Anthropic|Gemini|GoogleGenAI|Ollama|Groq|MistralAI|Bedrock|BedrockConverse|Vertex|OpenAILike|DeepSeek|Cohere|TogetherLLM|Perplexity|OpenRouter)$/;
const LLM_FACTORY = /^(openai|anthropic|gemini|ollama|groq|mistral|deepseek|perplexity|fireworks|together)$/;
/** Methods that wrap a model and keep it: the wrapped model is still the one that runs. */
const MODEL_WRAPPERS = new Set([
  'bindTools', 'bind_tools', 'withStructuredOutput', 'with_structured_output', 'bind', 'withConfig', 'with_config',
  'withRetry', 'with_retry', 'withFallbacks', 'with_fallbacks', 'configurable_fields', 'configurableFields',
]);
/** The call names that link a template to a model: a chain is evaluated only for a template's model. */
export const CHAIN_NAMES: ReadonlySet<string> = new Set([
  'pipe', 'from', 'LLMChain', 'ConversationChain', 'createStuffDocumentsChain', 'create_stuff_documents_chain', 'RunnableSequence',
  'loadQAStuffChain', 'load_qa_chain', 'StuffDocumentsChain',
  // LlamaIndex: a template configured on an engine built with an LLM.
  'asQueryEngine', 'as_query_engine', 'asChatEngine', 'as_chat_engine', 'updatePrompts', 'update_prompts',
]);
/** Methods whose call value keeps its receiver (`CallValue.receiver`). */
export const RECEIVER_METHODS: ReadonlySet<string> = new Set([...MODEL_WRAPPERS, 'pipe', 'updatePrompts', 'update_prompts']);
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
  ...CREATE, ...AI_SDK, ...Object.keys(AI_SDK_MEDIA), ...AGENTS, ...LC_AGENTS, ...INVOKE, ...LLM_METHODS, ...MISTRAL, ...COHERE,
  ...GOOGLE, ...Object.keys(GOOGLE_MEDIA), ...FROM_TEMPLATE, ...FROM_MESSAGES, 'PromptTemplate', 'RichPromptTemplate', 'ChatPromptTemplate',
  ...Object.keys(LC_MESSAGES), 'generate', 'edit', 'run', 'run_sync', 'run_streamed', 'send_message', 'sendMessage', 'send_message_stream', 'sendMessageStream',
]);

export function normalizeRole(role: string): string {
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
      // A parameter's default (`language = 'English'`) may be replaced at run time: a variable.
      out.push({ role, value: value.fallback ? unknown(value.range) : value, template });
      return;
    case 'list':
      for (const item of value.items) {
        if (item.t === 'obj' || item.t === 'call') {
          const options = optionsOf(item);
          const text = get(options, 'text') ?? (options?.has('role') ? get(options, 'content') : undefined);
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

/** A history or message list only known at run time: one message of unknown role. */
function unknownMessages(value: Value, out: MessageDraft[]): void {
  out.push({ role: UNKNOWN_ROLE, value: unknown(value.range) });
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
    // LangChain agents take `{ messages: "…" }` as one human message.
    else if (value.t === 'str') out.push({ role: 'user', value });
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
    if (item.t === 'str') {
      // LangChain takes a bare string in a message list as a human message.
      out.push({ role: 'user', value: item });
      continue;
    }
    if (item.t === 'list' && item.items.length === 2) {
      // LangChain's `("system", "…")` / `["human", "…"]` pairs.
      const role = literal(item.items[0]);
      if (role && ROLES.has(role)) contentDrafts(normalizeRole(role), item.items[1], out);
      continue;
    }
    const options = item.t === 'obj' || item.t === 'call' ? optionsOf(item) : null;
    if (!options) continue;
    const content = get(options, 'content', 'parts');
    if (!content) continue;
    const role = literal(options.get('role'));
    contentDrafts(normalizeRole(role ?? 'user'), content, out);
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
  contentDrafts(normalizeRole(role), content, out);
}

/** A LangChain `*PromptTemplate.fromTemplate(…)` (or a tuple) as a templated message. */
function lcTemplate(role: string, template: Value | undefined, syntax: MessageDraft['template'], out: MessageDraft[]): void {
  if (!template) return;
  contentDrafts(normalizeRole(role), template, out, syntax);
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
      // `("placeholder", "{history}")`: messages filled in at run time.
      if (role === 'placeholder') unknownMessages(item.items[1] ?? item, out);
      else if (role) lcTemplate(role, item.items[1], syntax, out);
    } else if (item.t === 'str') lcTemplate('user', item, syntax, out);
    else if (item.t === 'call') {
      const last = item.callee[item.callee.length - 1] ?? '';
      const owner = item.callee[item.callee.length - 2] ?? '';
      if (last === 'MessagesPlaceholder') unknownMessages(item, out);
      else if (lcMessageClass(item.callee)) lcMessage(item, out);
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
  const match = (sdk: InlineSdk, api: string, model: Value | undefined, maxOutputTokens: Value | undefined, media?: InlineMedia): CallMatch | null =>
    messages.length > 0 ? { sdk, api, range: site.range, model, maxOutputTokens, messages, ...(media ? { media } : {}) } : null;

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
    if (has('videos') && callee.length >= 2) {
      const options = optionsOf(frontEnd.evaluateCall(site));
      if (!options?.has('prompt')) return null;
      contentDrafts('user', get(options, 'prompt'), messages);
      return match('openai', 'videos.' + last, get(options, 'model'), undefined, 'video');
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
    if (has('predictions') && has('replicate')) return replicate(frontEnd, site, messages);
    if (last !== 'stream') return null;
  }

  if (AI_SDK.has(last) && (callee.length === 1 || callee.length === 2)) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('model')) return null;
    aiSdkPrompt(options, messages);
    return match('ai-sdk', last, get(options, 'model'), get(options, 'maxOutputTokens', 'maxTokens'));
  }

  if (Object.hasOwn(AI_SDK_MEDIA, last) && callee.length <= 2) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('model')) return null;
    const prompt = get(options, 'prompt');
    contentDrafts('user', prompt?.t === 'obj' ? get(prompt.entries, 'text') : prompt, messages);
    return match('ai-sdk', last, get(options, 'model'), undefined, AI_SDK_MEDIA[last]);
  }

  if (AGENTS.has(last) && callee.length <= 2) return agent(frontEnd, site, messages, last);

  if (LC_AGENTS.has(last) && callee.length <= 2) {
    const call = frontEnd.evaluateCall(site);
    const options = optionsOf(call);
    const prompt = get(options, ...LC_AGENT_PROMPT) ?? (frontEnd.source.slice(site.range.start, site.range.end).includes('create_react_agent') ? call.args[2] : undefined);
    if (prompt?.t === 'call' && lcMessageClass(prompt.callee)) lcMessage(prompt, messages);
    else if (prompt?.t === 'str' || prompt?.t === 'list') contentDrafts('system', prompt, messages);
    return match('langchain', last, agentModel(call), undefined);
  }

  if (GOOGLE.has(last)) return google(frontEnd, site, messages, last);

  if (Object.hasOwn(GOOGLE_MEDIA, last)) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('model')) return null;
    contentDrafts('user', get(options, 'prompt'), messages);
    return match('google-genai', (has('models') ? 'models.' : '') + last, get(options, 'model'), undefined, GOOGLE_MEDIA[last]);
  }

  if ((last === 'generate' || last === 'edit') && owner === 'images' && callee.length >= 3) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('prompt')) return null;
    contentDrafts('user', get(options, 'prompt'), messages);
    return match('openai', 'images.' + last, get(options, 'model'), undefined, 'image');
  }

  if (last === 'run' && owner === 'replicate' && callee.length === 2) return replicate(frontEnd, site, messages);

  if (/^run(_sync|_streamed)?$/.test(last) && (callee.length === 1 || owner === 'Runner')) {
    // OpenAI Agents: `run(agent, "…")`, `Runner.run_sync(agent, "…")`: a literal input is a prompt on the agent's model.
    const call = frontEnd.evaluateCall(site);
    const agentValue = call.args[0] ?? call.kwargs.get('starting_agent');
    const input = call.args[1] ?? call.kwargs.get('input');
    if (agentValue?.t !== 'call' || !AGENTS.has(agentValue.callee[agentValue.callee.length - 1] ?? '') || !optionsOf(agentValue)?.has('name')) return null;
    if (input?.t === 'list') messageList(input, messages);
    else contentDrafts('user', input, messages);
    if (!hasStaticText(messages)) return null;
    return match('openai', 'Runner.' + last, get(optionsOf(agentValue), 'model'), undefined);
  }

  if (MISTRAL.has(last) && owner === 'agents' && callee.length >= 3) {
    // Mistral agents: `client.agents.complete(agent_id=…, messages=[…])`; the agent holds the model.
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('messages') || !(options.has('agent_id') || options.has('agentId'))) return null;
    messageList(get(options, 'messages'), messages);
    return match('mistral', 'agents.' + last, undefined, get(options, 'max_tokens', 'maxTokens'));
  }

  if (MISTRAL.has(last) && owner === 'chat' && callee.length >= 3) {
    const options = optionsOf(frontEnd.evaluateCall(site));
    if (!options?.has('model') || !options.has('messages')) return null;
    messageList(get(options, 'messages'), messages);
    return match('mistral', 'chat.' + last, get(options, 'model'), get(options, 'max_tokens', 'maxTokens'));
  }

  if (COHERE.has(last) && callee.length === 2 && !site.isNew) {
    const call = frontEnd.evaluateCall(site);
    const options = call.kwargs.size > 0 ? call.kwargs : call.args.length === 1 && call.args[0]?.t === 'obj' ? call.args[0].entries : null;
    if (options && (options.has('messages') || options.has('message')) && (options.has('model') || options.has('message') || options.has('preamble'))) {
      contentDrafts('system', get(options, 'preamble'), messages);
      const history = get(options, 'chat_history', 'chatHistory');
      if (history && history.t !== 'list') unknownMessages(history, messages);
      if (history?.t === 'list') for (const turn of history.items) {
        const entries = optionsOf(turn);
        const role = literal(entries?.get('role'))?.toLowerCase();
        contentDrafts(role === 'chatbot' ? 'assistant' : normalizeRole(role ?? 'user'), get(entries, 'message', 'content'), messages);
      }
      messageList(get(options, 'messages'), messages);
      contentDrafts('user', get(options, 'message'), messages);
      return match('cohere', last, get(options, 'model'), get(options, 'max_tokens', 'maxTokens'));
    }
  }

  if ((INVOKE.has(last) || LLM_METHODS.has(last) || /^send_?[mM]essage/.test(last)) && site.receiver && !site.isNew) {
    const found = invoke(frontEnd, site, messages, last);
    if (found) return found;
  }

  if (FROM_MESSAGES.has(last) && /PromptTemplate$/.test(owner)) {
    fromMessages(frontEnd.evaluateCall(site), messages);
    return match('langchain', `${owner}.${last}`, chainModel(frontEnd, site.range), undefined);
  }

  if (FROM_TEMPLATE.has(last) && Object.hasOwn(LC_TEMPLATES, owner)) {
    const call = frontEnd.evaluateCall(site);
    const syntax = templateSyntax(get(optionsOf(call.args[1]) ?? call.kwargs, 'templateFormat', 'template_format'));
    lcTemplate(LC_TEMPLATES[owner]!, call.args[0] ?? call.kwargs.get('template'), syntax, messages);
    return match('langchain', `${owner}.${last}`, chainModel(frontEnd, site.range), undefined);
  }

  if ((last === 'PromptTemplate' || last === 'RichPromptTemplate') && callee.length <= 2) {
    const call = frontEnd.evaluateCall(site);
    const options = optionsOf(call);
    // LlamaIndex takes the template first (`PromptTemplate("…{query_str}…")`); LangChain by name.
    const template = get(options, 'template') ?? (call.args[0]?.t === 'str' ? call.args[0] : undefined);
    const syntax = last === 'RichPromptTemplate' ? 'jinja' : templateSyntax(get(options, 'templateFormat', 'template_format'));
    lcTemplate('user', template, syntax, messages);
    // LangChain's `PromptTemplate` is built with its input variables (`inputVariables`,
    // `input_variables`) or by `fromTemplate`; LlamaIndex's takes the template alone.
    const langChainKeys = ['inputVariables', 'input_variables', 'templateFormat', 'template_format', 'partialVariables', 'partial_variables'];
    const llamaIndex = last === 'RichPromptTemplate' || !langChainKeys.some((key) => options?.has(key));
    return match(llamaIndex ? 'llamaindex' : 'langchain', last, llamaIndex ? llamaIndexModel(frontEnd, site.range) : chainModel(frontEnd, site.range), undefined);
  }

  if (last === 'ChatPromptTemplate' && callee.length <= 2) {
    // LangChain `ChatPromptTemplate([("system", "…"), …])`; LlamaIndex
    // `ChatPromptTemplate(message_templates=[ChatMessage(role=…, content=…), …])`.
    const call = frontEnd.evaluateCall(site);
    const list = get(optionsOf(call), 'message_templates', 'messages', 'promptMessages') ?? call.args[0];
    if (list?.t !== 'list') return null;
    const llamaIndex = list.items.some((item) => item.t === 'call' && item.callee[item.callee.length - 1] === 'ChatMessage');
    if (llamaIndex) {
      for (const item of list.items) {
        if (item.t !== 'call' || !lcMessageClass(item.callee)) continue;
        const before = messages.length;
        lcMessage(item, messages);
        for (let i = before; i < messages.length; i++) messages[i] = { ...messages[i]!, template: 'brace' };
      }
    } else fromMessages({ ...call, args: [list], kwargs: new Map() }, messages);
    return match(llamaIndex ? 'llamaindex' : 'langchain', 'ChatPromptTemplate', llamaIndex ? llamaIndexModel(frontEnd, site.range) : chainModel(frontEnd, site.range), undefined);
  }

  if (lcMessageClass(callee) && callee.length <= 2) {
    if (site.parentList) {
      // A list of LangChain messages is one prompt: `model.invoke([new SystemMessage(…), …])`.
      // When an `invoke` later in the file sends this list, that call reports it, with its model.
      if (sentByInvoke(frontEnd, rangeOf(site.parentList))) return null;
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

/** The AI SDK's system prompt (`system`, or `instructions` since v6), then `prompt` and `messages`. */
function aiSdkPrompt(options: Map<string, Value>, messages: MessageDraft[]): void {
  const system = get(options, 'system', 'instructions');
  if (system?.t === 'list' && system.items.some((item) => item.t === 'obj' && item.entries.has('role'))) messageList(system, messages);
  else contentDrafts('system', system, messages);
  const prompt = get(options, 'prompt');
  if (prompt?.t === 'list') messageList(prompt, messages);
  else contentDrafts('user', prompt, messages);
  messageList(get(options, 'messages'), messages);
}

/** `replicate.run("owner/model", { input: { prompt } })`: an image (or video) model's prompt. */
function replicate(frontEnd: FrontEnd, site: CallSite, messages: MessageDraft[]): CallMatch | null {
  const call = frontEnd.evaluateCall(site);
  const options = call.kwargs.size > 0 ? call.kwargs : (call.args.find((arg) => arg.t === 'obj') as ObjValue | undefined)?.entries ?? null;
  const input = optionsOf(get(options, 'input'));
  contentDrafts('user', get(input, 'prompt', 'text'), messages);
  if (messages.length === 0) return null;
  const model = call.args[0]?.t === 'str' ? call.args[0] : get(options, 'model', 'version');
  const name = literal(model) ?? '';
  const media: InlineMedia = /video|veo|kling|hailuo|minimax|wan-|sora|luma|ray|seedance|hunyuan/i.test(name) ? 'video' : 'image';
  return { sdk: 'replicate', api: site.callee.slice(1).join('.'), range: site.range, model, maxOutputTokens: undefined, messages, media };
}

/**
 * `new Agent({ instructions })`: the OpenAI Agents SDK (JS and Python, it has a `name`) or the AI
 * SDK's `Agent`/`ToolLoopAgent` (its model is a provider call). An `instructions` function is
 * dynamic and not counted.
 */
function agent(frontEnd: FrontEnd, site: CallSite, messages: MessageDraft[], last: string): CallMatch | null {
  const call = frontEnd.evaluateCall(site);
  const options = optionsOf(call);
  if (!options) return null;
  const model = get(options, 'model');
  const aiSdk = last !== 'Agent' || (!options.has('name') && (model?.t === 'call' || options.has('system')));
  if (!aiSdk && !options.has('name')) {
    // pydantic-ai: `Agent('openai:gpt-4o', system_prompt=…)`; it also takes `instructions`.
    if (call.args[0]?.t !== 'str' && !options.has('model')) return null;
  }
  if (aiSdk) aiSdkPrompt(options, messages);
  else contentDrafts('system', get(options, 'instructions', 'system_prompt'), messages);
  if (messages.length === 0) return null;
  const sdk: InlineSdk = aiSdk ? 'ai-sdk' : options.has('name') ? 'openai' : 'pydantic-ai';
  return { sdk, api: last, range: site.range, model: stripProvider(model ?? call.args[0]), maxOutputTokens: get(options, 'maxOutputTokens'), messages };
}

/** `anthropic:claude-sonnet-4-5` (LangChain, pydantic-ai): the model after the provider prefix. */
function stripProvider(value: Value | undefined): Value | undefined {
  if (value?.t !== 'str' || value.segs.length !== 1) return value;
  const seg = value.segs[0]!;
  if (seg.kind !== 'text' || !seg.verbatim) return value;
  const colon = seg.text.indexOf(':');
  if (colon <= 0 || !/^[\w-]+$/.test(seg.text.slice(0, colon))) return value;
  return { ...value, segs: [{ ...seg, start: seg.start + colon + 1, text: seg.text.slice(colon + 1) }] };
}

/** The chat model behind a value: a constructor (`new ChatAnthropic({…})`), a factory, or a wrapper of one. */
function chatModelCall(value: Value | undefined, depth = 0, invoked = false): CallValue | null {
  if (value?.t !== 'call' || depth > 6) return null;
  const name = value.callee[value.callee.length - 1] ?? '';
  if (CHAT_MODEL.test(name)) return value;
  // `new OpenAI({ maxTokens })` is LangChain's LLM when it is invoked (the OpenAI client has no `invoke`).
  if (LLM_CLASS.test(name) && (invoked || optionsOf(value)?.has('model'))) return value;
  // LlamaIndex TS factories: `anthropic({ model })`, `openai({ model })` (the AI SDK's take a string).
  if (LLM_FACTORY.test(name) && value.args[0]?.t === 'obj' && value.args[0].entries.has('model')) return value;
  if (MODEL_WRAPPERS.has(name) && value.receiver) return chatModelCall(value.receiver, depth + 1, invoked);
  // Any other integration (`new CloudflareWorkersAI({ model })`) that is invoked and names a model.
  if (invoked && /^[A-Z]/.test(name) && ['model', 'modelName', 'model_name', 'modelId', 'model_id'].some((key) => optionsOf(value)?.has(key))) return value;
  return null;
}

/** The model string a chat model was built with. */
function chatModelName(model: CallValue): Value | undefined {
  const options = optionsOf(model);
  const name = get(options, 'model', 'modelName', 'model_name', 'modelId', 'model_id', 'deployment_name', 'azureOpenAIApiDeploymentName');
  return stripProvider(name ?? (model.args[0]?.t === 'str' ? model.args[0] : undefined));
}

/** The model of a LangChain agent factory call: a model string, a chat model, or a variable holding one. */
function agentModel(call: CallValue): Value | undefined {
  const options = optionsOf(call);
  const model = get(options, 'model', 'llm') ?? call.args[0];
  const chat = chatModelCall(model);
  return chat ? chatModelName(chat) : model?.t === 'str' ? stripProvider(model) : undefined;
}

/** Every runnable in a chain expression, in order: `a.pipe(b)`, `a | b`, `RunnableSequence.from([...])`, `LLMChain(llm, prompt)`. */
function chainItems(value: Value, out: Value[], depth = 0): void {
  if (depth > 12 || out.length > 64) return;
  if (value.t === 'call') {
    const name = value.callee[value.callee.length - 1] ?? '';
    if (name === '|' || name === 'pipe' || CHAIN_NAMES.has(name)) {
      if (value.receiver) chainItems(value.receiver, out, depth + 1);
      for (const arg of value.args) chainItems(arg, out, depth + 1);
      for (const arg of value.kwargs.values()) chainItems(arg, out, depth + 1);
      return;
    }
  } else if (value.t === 'list') {
    for (const item of value.items) chainItems(item, out, depth + 1);
    return;
  } else if (value.t === 'obj') {
    for (const item of value.entries.values()) chainItems(item, out, depth + 1);
    return;
  }
  out.push(value);
}

/** A LlamaIndex template's model: the engine's `llm` it is configured on, else `Settings.llm`. */
function llamaIndexModel(frontEnd: FrontEnd, template: OffsetRange): Value | undefined {
  const chained = chainModel(frontEnd, template);
  if (chained || !frontEnd.settingsLlm) return chained;
  const chat = chatModelCall(frontEnd.evaluate(frontEnd.settingsLlm), 0, true);
  return chat ? chatModelName(chat) : undefined;
}

/** The model a template is chained to (`prompt.pipe(model)`, `prompt | model`), if this file says. */
function chainModel(frontEnd: FrontEnd, template: OffsetRange): Value | undefined {
  for (const node of frontEnd.chains) {
    const items: Value[] = [];
    chainItems(frontEnd.evaluate(node), items);
    if (!items.some((item) => item.range.start === template.start && item.range.end === template.end)) continue;
    for (const item of items) {
      const chat = chatModelCall(item);
      if (chat) return chatModelName(chat);
    }
  }
  return undefined;
}

/**
 * `model.invoke("…")`, `model.stream([...messages])`, `agent.invoke({ messages })`, LlamaIndex
 * `llm.complete("…")` / `llm.chat([...])`, AI SDK `agent.generate({ prompt })`, Google
 * `chat.send_message("…")`. The receiver decides what the call is; a chain's input is template
 * variables, not a prompt.
 */
function invoke(frontEnd: FrontEnd, site: CallSite, messages: MessageDraft[], last: string): CallMatch | null {
  const receiver = frontEnd.evaluate(site.receiver!);
  if (site.batchInput) return batchInput(frontEnd, site, receiver, messages);
  const call = frontEnd.evaluateCall(site);
  const input = call.args[0] ?? call.kwargs.get('input') ?? call.kwargs.get('messages') ?? call.kwargs.get('message');
  const result = (sdk: InlineSdk, api: string, model: Value | undefined): CallMatch | null =>
    messages.length > 0 ? { sdk, api, range: site.range, model, maxOutputTokens: undefined, messages } : null;
  const receiverName = receiver.t === 'call' ? receiver.callee[receiver.callee.length - 1] ?? '' : '';

  if (/^send_?[mM]essage/.test(last)) {
    // Google GenAI chat sessions: `client.chats.create(model=…)` then `chat.send_message("…")`.
    if (receiver.t !== 'call' || !(receiver.callee.includes('chats') || receiver.callee.includes('startChat') || receiver.callee.includes('start_chat'))) return null;
    const options = optionsOf(call);
    const session = optionsOf(receiver);
    const system = get(optionsOf(get(session, 'config')), 'systemInstruction', 'system_instruction');
    const user: MessageDraft[] = [];
    googleContents(input?.t === 'obj' ? get(options, 'message') ?? input : input ?? unknown(site.range), user);
    if (!hasStaticText(user)) return null;
    contentDrafts('system', system, messages);
    messages.push(...user);
    const model = get(session, 'model');
    return result('google-genai', 'chat.' + last, model);
  }

  if (receiver.t === 'call' && AGENTS.has(receiverName) && (last === 'generate' || last === 'stream')) {
    const options = optionsOf(call);
    if (!options) return null;
    const prompt = get(options, 'prompt');
    if (prompt?.t === 'list') messageList(prompt, messages);
    else contentDrafts('user', prompt, messages);
    messageList(get(options, 'messages'), messages);
    return result('ai-sdk', 'Agent.' + last, get(optionsOf(receiver), 'model'));
  }

  if (!INVOKE.has(last) && !LLM_METHODS.has(last)) return null;
  if (receiver.t === 'call' && LC_AGENTS.has(receiverName)) {
    if (!INVOKE.has(last)) return null;
    const options = optionsOf(input);
    messageList(get(options, 'messages'), messages);
    return result('langchain', `${receiverName}.${last}`, agentModel(receiver));
  }

  let chat = chatModelCall(receiver, 0, INVOKE.has(last));
  const receiverText = frontEnd.source.slice(site.receiver!.startIndex, site.receiver!.endIndex);
  // LlamaIndex's global model: `Settings.llm.complete("…")`.
  if (!chat && receiverText === 'Settings.llm' && frontEnd.settingsLlm) chat = chatModelCall(frontEnd.evaluate(frontEnd.settingsLlm), 0, true);
  if (!chat && receiver.t === 'call') {
    // `model.pipe(parser)`: a chain that starts at the model takes the model's input.
    const items: Value[] = [];
    chainItems(receiver, items);
    chat = chatModelCall(items[0]);
  }
  const llamaIndex = LLM_METHODS.has(last) && last !== 'generate';
  if (!chat) {
    // A model whose construction is not in this file (`llm`, `self.model`, a parameter) still
    // sends a literal prompt or a message list; a name that says nothing about a model does not.
    if (receiver.t !== 'unknown' || !/(llm|model|chat)$/i.test(receiverText.replace(/\(\)$/, ''))) return null;
    if (!input || !(input.t === 'str' || (input.t === 'list' && input.items.some(isMessageLike)))) return null;
  }
  if (last === 'generate' && !llamaIndex && !chat) return null;
  if (BATCH_METHODS.has(last)) {
    // A literal list's inputs are prompts of their own (see `batchInput`); a list held elsewhere is one prompt.
    if (input?.t !== 'list' || (input.range.start >= site.range.start && input.range.end <= site.range.end)) return null;
    for (const item of input.items) invokeInput(item, messages);
  } else if (input) invokeInput(input, messages);
  // A run-time value alone (`model.invoke(text)`) sends nothing this file writes.
  if (!hasStaticText(messages)) return null;
  const model = chat ? chatModelName(chat) : undefined;
  const sdk: InlineSdk = llamaIndex || (chat && LLM_CLASS.test(chat.callee[chat.callee.length - 1] ?? '') && frontEnd.source.includes('llama_index')) ? 'llamaindex' : 'langchain';
  const found = result(sdk, last, model);
  // A message list written in a variable is the prompt where it is written, as for a list alone.
  const outside = input && (input.range.start < site.range.start || input.range.end > site.range.end);
  return found && input?.t === 'list' && outside ? { ...found, range: input.range } : found;
}

/** Whether a recognised `invoke`-like call sends the list at `range` (held in a variable). */
function sentByInvoke(frontEnd: FrontEnd, range: OffsetRange): boolean {
  for (const site of frontEnd.calls) {
    const last = site.callee[site.callee.length - 1] ?? '';
    if (!(INVOKE.has(last) || LLM_METHODS.has(last)) || !site.receiver || site.batchInput || site.range.start < range.end) continue;
    const input = frontEnd.evaluateCall(site).args[0];
    if (input?.range.start === range.start && input.range.end === range.end && invoke(frontEnd, site, [], last)) return true;
  }
  return false;
}

function hasStaticText(messages: readonly MessageDraft[]): boolean {
  return messages.some((draft) => draft.value.t === 'str' && draft.value.segs.some((seg) => seg.kind === 'text' && seg.text.trim().length > 0));
}

/** One literal input of `model.batch([...])`: a model call of its own, priced on the model. */
function batchInput(frontEnd: FrontEnd, site: CallSite, receiver: Value, messages: MessageDraft[]): CallMatch | null {
  const chat = chatModelCall(receiver, 0, true);
  if (!chat) return null;
  invokeInput(frontEnd.evaluate(site.node), messages);
  if (messages.length === 0) return null;
  const last = site.callee[site.callee.length - 1]!;
  return { sdk: 'langchain', api: last, range: site.range, model: chatModelName(chat), maxOutputTokens: undefined, messages };
}

/** What a chat model's `invoke` takes: a string, a message list, or `{ messages }`. */
function invokeInput(input: Value, messages: MessageDraft[]): void {
  if (input.t === 'str') contentDrafts('user', input, messages);
  else if (input.t === 'list') messageList(input, messages);
  else if (input.t === 'obj' && input.entries.has('messages')) messageList(input.entries.get('messages'), messages);
  // LlamaIndex TS: `llm.complete({ prompt })`.
  else if (input.t === 'obj' && input.entries.has('prompt')) contentDrafts('user', input.entries.get('prompt'), messages);
  else if (input.t === 'call' && lcMessageClass(input.callee)) lcMessage(input, messages);
}

/** A literal message: a LangChain message object, a `(role, text)` pair or a `{ role, content }` object. */
function isMessageLike(item: Value): boolean {
  if (item.t === 'call') return lcMessageClass(item.callee) !== null;
  if (item.t === 'list') return item.items.length === 2 && ROLES.has(literal(item.items[0]) ?? '');
  if (item.t === 'obj') return item.entries.has('role') && item.entries.has('content');
  return false;
}

const ROLES = new Set(['system', 'user', 'human', 'ai', 'assistant', 'developer', 'tool']);

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
/** Python google-genai `types.Content(role=…, parts=[…])`, `types.UserContent(parts=…)`. */
const CONTENT_CLASS = /^(Content|UserContent|ModelContent)$/;

function googleContents(contents: Value, out: MessageDraft[]): void {
  if (contents.t === 'call' && CONTENT_CLASS.test(contents.callee[contents.callee.length - 1] ?? '')) {
    const name = contents.callee[contents.callee.length - 1];
    const options = optionsOf(contents);
    const role = name === 'ModelContent' ? 'assistant' : literal(options?.get('role')) ?? 'user';
    contentDrafts(normalizeRole(role), get(options, 'parts') ?? contents.args[0], out);
    return;
  }
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
      contentDrafts(normalizeRole(role), item.entries.get('parts'), out);
    } else if (item.t === 'call' && (CONTENT_FACTORY.test(item.callee[item.callee.length - 1] ?? '') || CONTENT_CLASS.test(item.callee[item.callee.length - 1] ?? ''))) {
      googleContents(item, out);
    } else if (item.t === 'call') {
      // A part factory: text parts are text, `createPartFromUri`/`Part.from_bytes` carry media.
      if (/text/i.test(item.callee[item.callee.length - 1] ?? '')) contentDrafts('user', item.args[0] ?? optionsOf(item)?.get('text'), out);
    } else if (item.t === 'unknown') out.push({ role: UNKNOWN_ROLE, value: item });
    else contentDrafts('user', item, out);
  }
}
