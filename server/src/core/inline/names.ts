import type { NameContext, NameSite } from './frontend';

/**
 * Judging a name (`SYSTEM_PROMPT`, `summary_prompt`, `promptTimeout`) and a text (prose, or a
 * CLI question, SQL, HTML) for the `constant` kind, where no SDK call vouches for the string.
 * A wrong code lens costs more than a missed one, so both the name and the text must agree.
 */

/** Splits `systemPromptV2`, `SYSTEM_PROMPT`, `summary-prompt` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=[A-Za-z])(?=\d)/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

const PROMPT_WORDS = new Set(['prompt', 'prompts', 'sysprompt', 'systemprompt', 'instruction', 'instructions']);
/** Words that may follow the prompt word and still name the text itself. */
const TAIL_WORDS = new Set([
  'prompt', 'prompts', 'instruction', 'instructions', 'template', 'templates', 'tmpl', 'text', 'message', 'msg', 'str',
  'string', 'content', 'body', 'preamble', 'v', 'base', 'default', 'en', 'final', 'raw', 'full', 'main',
]);
/** Words that, anywhere in a name, say the text is for a person or a program, not a model. */
const NOT_FOR_A_MODEL = new Set([
  'placeholder', 'hint', 'tooltip', 'button', 'aria', 'css', 'cli', 'shell', 'repl', 'terminal', 'readline', 'inquirer', 'password', 'login', 'cache', 'key', 'path', 'file',
  'dir', 'url', 'version', 'timeout', 'id', 'ids', 'count', 'tokens', 'length', 'limit', 'max', 'min', 'num', 'is', 'has',
]);
/** Words after the prompt word that name a table of prompts (`PROMPT_VARIANTS`, `promptLibrary`). */
const COLLECTION_WORDS = new Set(['prompts', 'templates', 'variants', 'library', 'catalog', 'registry', 'map', 'dict', 'table', 'collection', 'bank']);
const SYSTEM_WORDS = new Set(['system', 'sys', 'sysprompt', 'systemprompt', 'instruction', 'instructions', 'persona', 'developer', 'role']);

export interface NameVerdict {
  /** The role a message under this name most likely has. */
  role: string;
  /** The name is a collection of prompts (`PROMPTS`, `prompt_templates`): judge each entry. */
  collection: boolean;
  /** Only `instructions`: needs an agent-like context when it is an object key or keyword. */
  instructionsOnly: boolean;
}

/**
 * A name says "prompt" when a prompt word is followed only by words that still name the text
 * (`userPromptTemplate`, `SYSTEM_PROMPT_V2`): `promptTimeout`, `MAX_PROMPT_TOKENS` and
 * `promptPath` name something else.
 */
export function judgeName(name: string): NameVerdict | null {
  const parts = words(name);
  let index = -1;
  for (let i = parts.length - 1; i >= 0; i--) if (PROMPT_WORDS.has(parts[i]!)) { index = i; break; }
  if (index < 0) return null;
  for (const word of parts.slice(index + 1)) if (!TAIL_WORDS.has(word) && !COLLECTION_WORDS.has(word) && !/^\d+$/.test(word)) return null;
  if (parts.some((word) => NOT_FOR_A_MODEL.has(word))) return null;
  const collection = parts.slice(index).some((word) => COLLECTION_WORDS.has(word));
  const instructionsOnly = !parts.some((word) => word === 'prompt' || word === 'prompts' || word === 'sysprompt' || word === 'systemprompt');
  const role = parts.some((word) => SYSTEM_WORDS.has(word)) ? 'system' : 'user';
  return { role, collection, instructionsOnly };
}

const DATASET_KEYS = new Set(['completion', 'completions', 'response', 'answer', 'output', 'label', 'chosen', 'rejected', 'target', 'ideal', 'expected', 'reference']);
const AGENT_KEYS = new Set([
  'model', 'tools', 'handoffs', 'output_type', 'outputType', 'temperature', 'model_settings', 'modelSettings',
  // Realtime sessions (`session.update`, the AI SDK's realtime hooks).
  'voice', 'modalities', 'turnDetection', 'turn_detection', 'inputAudioTranscription', 'input_audio_transcription',
]);
/** Functions whose returned object sets a call's options (the AI SDK agent's `prepareCall`). */
const PREPARE_NAMES = new Set(['prepareCall', 'prepareStep', 'prepare_call']);
/** Tables of user-facing text: translations, UI strings, error messages. */
const UI_TABLE_WORDS = new Set([
  'i18n', 'l10n', 'translation', 'translations', 'locale', 'locales', 'messages', 'strings', 'resources', 'copy',
  'labels', 'texts', 'error', 'errors', 'ui', 'en', 'fr', 'de', 'es', 'it', 'ja', 'ko', 'zh', 'pt', 'ru', 'nl',
]);
const LOCALE = /^[a-z]{2}([-_][A-Za-z]{2})?$/;

/** Keys and keyword arguments need context: `instructions` only counts next to an agent's keys. */
export function contextAllows(site: NameSite, verdict: NameVerdict, context: NameContext): boolean {
  if (context.enclosingNames.some((name) => LOCALE.test(name) || words(name).some((word) => UI_TABLE_WORDS.has(word)))) return false;
  if (site.kind !== 'property' && site.kind !== 'keyword') return true;
  // `{ prompt, completion }` rows are a data set: examples, not prompts this code sends.
  if (context.siblingKeys.some((key) => DATASET_KEYS.has(key.toLowerCase()))) return false;
  if (!verdict.instructionsOnly) return true;
  if (context.siblingKeys.some((key) => AGENT_KEYS.has(key))) return true;
  if (context.enclosingNames.some((name) => PREPARE_NAMES.has(name) || /agent$/i.test(name))) return true;
  const last = context.callee?.[context.callee.length - 1] ?? '';
  return /agent|instructions/i.test(last);
}

const SQL =
  /^\s*(select\s+(\*|distinct\b|[\w."]+\s*(,|\s+from\b))|insert\s+into\s|update\s+[\w."]+\s+set\s|delete\s+from\s|create\s+(or\s+replace\s+)?(table|index|view|unique|function|trigger)\b|alter\s+table\s|drop\s+(table|index|view)\s|with\s+\w+\s+as\s*\()/i;
const HTML = /^\s*<(!doctype|html|head|body|div|span|p|section|article|table|ul|ol|li|form|button|a|h[1-6]|template|main|nav|header|footer)\b/i;
const CLI_START = /^(enter|type|press|choose|select|pick|input|confirm|are you sure|do you want|would you like|continue\?)\b/i;

/**
 * Prose an LLM would be sent: several words of mostly letters, not SQL, not an HTML document, and
 * not a one-line question to a terminal user (`Enter your name: `, `Overwrite? (y/N) `).
 */
export function looksLikePrompt(text: string, variables: number): boolean {
  const trimmed = text.trim();
  const wordCount = trimmed.split(/\s+/).filter((word) => /[A-Za-z\u00C0-\uFFFF]{2,}/.test(word)).length;
  if (wordCount < 3 || trimmed.length < 12) return variables > 0 && wordCount >= 2 && trimmed.length >= 12 && isProse(trimmed);
  if (!isProse(trimmed)) return false;
  if (SQL.test(trimmed) || HTML.test(trimmed)) return false;
  const singleLine = !trimmed.includes('\n');
  if (singleLine && trimmed.length < 100) {
    if (/\((y\/n|yes\/no)\)|\[y\/n\]/i.test(trimmed)) return false;
    // `Select a framework`, `Enter name:`; a sentence that ends with a full stop is an instruction.
    if (CLI_START.test(trimmed) && !/[.!]$/.test(trimmed)) return false;
    // A terminal prompt ends with its punctuation and a space for the user's answer.
    if (variables === 0 && /[:?>$#]\s+$/.test(text)) return false;
  }
  return true;
}

function isProse(text: string): boolean {
  let letters = 0;
  let spaces = 0;
  for (const ch of text) {
    if (/\p{L}/u.test(ch)) letters++;
    else if (ch === ' ' || ch === '\n') spaces++;
  }
  return letters / text.length >= 0.5 && spaces > 0;
}
