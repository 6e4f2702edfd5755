import { parseJsonc, type JsonNode, type JsonObject, type JsonProperty } from './jsonc';
import type {
  AlwaysOnContextConfig,
  BudgetLimit,
  ConfigModel,
  ConfigOverride,
  ConfigProblem,
  ConfigScope,
  ParsedConfig,
  RuleLevel,
  TokenwiseConfig,
} from './types';

/**
 * Reads `tokenwise.config.json` text into a typed config. Never throws: syntax errors make the
 * whole file fall back to defaults (one error at the broken spot); a wrong value is left out with
 * a problem on its range and the default applies in its place; an unknown key is a warning.
 */

export const DEFAULT_CONFIG: TokenwiseConfig = Object.freeze({
  promptFiles: [],
  exclude: [],
  models: [],
  alwaysOnContext: { files: [], instructions: false },
  overrides: [],
}) as TokenwiseConfig;

/** What `"alwaysOnContext": "auto"` means: the files agents and Copilot send with every request. */
export const AUTO_ALWAYS_ON_CONTEXT: AlwaysOnContextConfig = {
  files: ['AGENTS.md', '.github/copilot-instructions.md'],
  instructions: true,
};

export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'information', 'hint', 'off'];
const ENCODINGS = ['o200k_base', 'cl100k_base', 'o200k_harmony'] as const;
const TIERS = ['small', 'medium', 'frontier'] as const;

const SCOPE_KEYS = ['defaultModel', 'callsPerDay', 'budget', 'rules', 'applyAlwaysOnContext'] as const;
const TOP_KEYS = ['$schema', ...SCOPE_KEYS, 'promptFiles', 'exclude', 'models', 'alwaysOnContext', 'alwaysOnBudget', 'overrides'] as const;

/** Tokens an agent request may carry before the user types (`alwaysOnBudget`), when the config sets none. */
export const DEFAULT_ALWAYS_ON_BUDGET = 8000;
const OVERRIDE_KEYS = ['files', 'excludeFiles', ...SCOPE_KEYS] as const;
const MODEL_KEYS = ['id', 'encoding', 'inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'contextWindow', 'tier'] as const;

export interface ParseConfigOptions {
  /** Rule codes the analysis knows; a `rules` key outside it gets a warning (typo guard). */
  knownRules?: readonly string[];
}

export function parseConfig(text: string, options: ParseConfigOptions = {}): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const { root, errors } = parseJsonc(text);
  if (!root) {
    for (const error of errors) {
      problems.push({ severity: 'error', message: `tokenwise config is not valid JSON: ${error.message} Defaults apply until it is fixed.`, range: error.range, path: '' });
    }
    return { config: cloneDefaults(), problems, valid: false };
  }
  if (root.kind !== 'object') {
    problems.push({ severity: 'error', message: `tokenwise config must be a JSON object such as { "budget": 4000 }, not ${describe(root)}. Defaults apply.`, range: root.range, path: '' });
    return { config: cloneDefaults(), problems, valid: false };
  }
  const reader = new Reader(problems, options);
  return { config: reader.top(root), problems, valid: true };
}

function cloneDefaults(): TokenwiseConfig {
  return { promptFiles: [], exclude: [], models: [], alwaysOnContext: { files: [], instructions: false }, overrides: [] };
}

function describe(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return JSON.stringify(node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value);
    default:
      return String(node.value);
  }
}

/** Closest known key by edit distance, for "did you mean" hints. */
function suggestion(key: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` Did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

class Reader {
  constructor(
    private readonly problems: ConfigProblem[],
    private readonly options: ParseConfigOptions,
  ) {}

  private error(path: string, node: { range: JsonNode['range'] }, message: string): void {
    this.problems.push({ severity: 'error', message, range: node.range, path });
  }

  private warning(path: string, range: JsonNode['range'], message: string): void {
    this.problems.push({ severity: 'warning', message, range, path });
  }

  /** Warns about unknown and repeated keys; returns the properties to read (the last of repeats). */
  private properties(node: JsonObject, path: string, known: readonly string[]): Map<string, JsonProperty> {
    const seen = new Map<string, JsonProperty>();
    for (const property of node.properties) {
      const where = join(path, property.key);
      if (!known.includes(property.key)) {
        this.warning(where, property.keyRange, `Unknown key "${property.key}"${path ? ` in ${path}` : ''} is ignored.${suggestion(property.key, known)}`);
        continue;
      }
      if (seen.has(property.key)) this.warning(where, property.keyRange, `"${property.key}" is given twice; the last one is used.`);
      seen.set(property.key, property);
    }
    return seen;
  }

  top(root: JsonObject): TokenwiseConfig {
    const config = cloneDefaults();
    const properties = this.properties(root, '', TOP_KEYS);
    this.scope(properties, '', config);
    const schema = properties.get('$schema');
    if (schema && schema.value.kind !== 'string') this.error('$schema', schema.value, '"$schema" must be a string (the schema\'s URL or path).');
    const promptFiles = properties.get('promptFiles');
    if (promptFiles) config.promptFiles = this.globs(promptFiles.value, 'promptFiles', 'no extra prompt globs apply');
    const exclude = properties.get('exclude');
    if (exclude) config.exclude = this.globs(exclude.value, 'exclude', 'nothing extra is excluded');
    const models = properties.get('models');
    if (models) config.models = this.models(models.value);
    const context = properties.get('alwaysOnContext');
    if (context) config.alwaysOnContext = this.alwaysOnContext(context.value);
    const alwaysOnBudget = properties.get('alwaysOnBudget');
    if (alwaysOnBudget) {
      const value = alwaysOnBudget.value;
      if (value.kind === 'number' && Number.isFinite(value.value) && value.value > 0) config.alwaysOnBudget = value.value;
      else this.error('alwaysOnBudget', value, `"alwaysOnBudget" must be a number of tokens above 0, not ${describe(value)}; ${DEFAULT_ALWAYS_ON_BUDGET} applies.`);
    }
    const overrides = properties.get('overrides');
    if (overrides) config.overrides = this.overrides(overrides.value);
    return config;
  }

  private scope(properties: Map<string, JsonProperty>, path: string, into: ConfigScope): void {
    const model = properties.get('defaultModel');
    if (model) {
      if (model.value.kind === 'string' && model.value.value.trim()) into.defaultModel = model.value.value.trim();
      else this.error(join(path, 'defaultModel'), model.value, `"defaultModel" must be a model id such as "gpt-4o", not ${describe(model.value)}; it is ignored.`);
    }
    const calls = properties.get('callsPerDay');
    if (calls) {
      const value = calls.value;
      if (value.kind === 'null') into.callsPerDay = null;
      else if (value.kind === 'number' && Number.isFinite(value.value) && (value.value) >= 0) into.callsPerDay = value.value;
      else this.error(join(path, 'callsPerDay'), value, `"callsPerDay" must be a number of calls per day (0 or more), not ${describe(value)}; no monthly projection is made from it.`);
    }
    const budget = properties.get('budget');
    if (budget) {
      const parsed = this.budget(budget.value, join(path, 'budget'));
      if (parsed) into.budget = parsed;
    }
    const rules = properties.get('rules');
    if (rules) into.rules = this.rules(rules.value, join(path, 'rules'));
    const apply = properties.get('applyAlwaysOnContext');
    if (apply) {
      if (apply.value.kind === 'boolean') into.applyAlwaysOnContext = apply.value.value;
      else this.error(join(path, 'applyAlwaysOnContext'), apply.value, `"applyAlwaysOnContext" must be true or false, not ${describe(apply.value)}; it is ignored.`);
    }
  }

  private budget(node: JsonNode, path: string): Partial<BudgetLimit> | null {
    if (node.kind === 'null') return { tokens: null, usd: null };
    if (node.kind === 'number') {
      const tokens = this.tokenCount(node, path);
      return tokens === undefined ? null : { tokens };
    }
    if (node.kind !== 'object') {
      this.error(path, node, `"${path}" must be a number of tokens or an object such as { "tokens": 4000, "usd": 0.02 }, not ${describe(node)}; it is ignored.`);
      return null;
    }
    const properties = this.properties(node, path, ['tokens', 'usd']);
    const out: Partial<BudgetLimit> = {};
    const tokens = properties.get('tokens');
    if (tokens) {
      if (tokens.value.kind === 'null') out.tokens = null;
      else {
        const count = this.tokenCount(tokens.value, join(path, 'tokens'));
        if (count !== undefined) out.tokens = count;
      }
    }
    const usd = properties.get('usd');
    if (usd) {
      const value = usd.value;
      if (value.kind === 'null') out.usd = null;
      else if (value.kind === 'number' && Number.isFinite(value.value) && (value.value) > 0) out.usd = value.value;
      else this.error(join(path, 'usd'), value, `"${join(path, 'usd')}" must be US dollars per call above 0 (such as 0.02), not ${describe(value)}; no cost budget applies.`);
    }
    if (node.properties.length === 0) {
      this.error(path, node, `"${path}" is empty; give "tokens", "usd" or both. It is ignored.`);
      return null;
    }
    return out;
  }

  private tokenCount(node: JsonNode, path: string): number | undefined {
    if (node.kind === 'number' && Number.isFinite(node.value) && (node.value) >= 1) return Math.floor(node.value);
    this.error(path, node, `"${path}" must be a number of tokens (1 or more), not ${describe(node)}; no token budget applies.`);
    return undefined;
  }

  private rules(node: JsonNode, path: string): Record<string, RuleLevel> {
    const out: Record<string, RuleLevel> = {};
    if (node.kind !== 'object') {
      this.error(path, node, `"${path}" must be an object of rule severities such as { "budget-exceeded": "warning" }, not ${describe(node)}; it is ignored.`);
      return out;
    }
    for (const property of node.properties) {
      const where = `${path}.${property.key}`;
      const value = property.value;
      if (value.kind !== 'string' || !RULE_LEVELS.includes(value.value as RuleLevel)) {
        this.error(where, value, `Rule "${property.key}" must be one of ${RULE_LEVELS.map((level) => `"${level}"`).join(', ')}, not ${describe(value)}; its default severity applies.`);
        continue;
      }
      const known = this.options.knownRules;
      if (known && !known.includes(property.key)) {
        this.warning(where, property.keyRange, `There is no rule "${property.key}"; this setting has no effect.${suggestion(property.key, known)}`);
      }
      out[property.key] = value.value as RuleLevel;
    }
    return out;
  }

  /** A list of globs; a single string is taken as a list of one. */
  private globs(node: JsonNode, path: string, fallback: string): string[] {
    const items = node.kind === 'string' ? [node] : node.kind === 'array' ? node.items : null;
    if (!items) {
      this.error(path, node, `"${path}" must be a list of globs such as ["prompts/**/*.md"], not ${describe(node)}; ${fallback}.`);
      return [];
    }
    const out: string[] = [];
    items.forEach((item, index) => {
      const where = node.kind === 'array' ? `${path}[${index}]` : path;
      if (item.kind !== 'string' || !item.value.trim()) {
        this.error(where, item, `"${where}" must be a non-empty glob string, not ${describe(item)}; it is ignored.`);
        return;
      }
      let glob = item.value.trim();
      if (glob.includes('\\')) {
        this.warning(where, item.range, `Globs use "/" as the separator; "${glob}" is read as "${glob.replace(/\\/g, '/')}".`);
        glob = glob.replace(/\\/g, '/');
      }
      if (/^([a-zA-Z]:)?\//.test(glob)) {
        this.warning(where, item.range, `"${glob}" is absolute; globs are relative to the config file's folder, so it is read as "${glob.replace(/^([a-zA-Z]:)?\/+/, '')}".`);
        glob = glob.replace(/^([a-zA-Z]:)?\/+/, '');
      }
      out.push(glob.replace(/^(\.\/)+/, ''));
    });
    return out;
  }

  private models(node: JsonNode): ConfigModel[] {
    if (node.kind !== 'array') {
      this.error('models', node, `"models" must be a list such as [{ "id": "my-model", "inputPerMTok": 1, "outputPerMTok": 2 }], not ${describe(node)}; it is ignored.`);
      return [];
    }
    const byId = new Map<string, ConfigModel>();
    node.items.forEach((item, index) => {
      const path = `models[${index}]`;
      if (item.kind !== 'object') {
        this.error(path, item, `"${path}" must be an object with an "id", not ${describe(item)}; it is skipped.`);
        return;
      }
      const properties = this.properties(item, path, MODEL_KEYS);
      const id = properties.get('id');
      if (!id || id.value.kind !== 'string' || !id.value.value.trim()) {
        this.error(path, id?.value ?? item, `"${path}" needs an "id" naming the model (such as "gpt-4o" or "my-local-model"); it is skipped.`);
        return;
      }
      const model: ConfigModel = { id: id.value.value.trim() };
      let ok = true;
      const encoding = properties.get('encoding');
      if (encoding) {
        if (encoding.value.kind === 'string' && (ENCODINGS as readonly string[]).includes(encoding.value.value as string)) model.encoding = encoding.value.value as ConfigModel['encoding'];
        else {
          this.error(`${path}.encoding`, encoding.value, `"${path}.encoding" must be one of ${ENCODINGS.join(', ')}, not ${describe(encoding.value)}; the model is skipped.`);
          ok = false;
        }
      }
      for (const key of ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok'] as const) {
        const price = properties.get(key);
        if (!price) continue;
        if (price.value.kind === 'number' && Number.isFinite(price.value.value) && (price.value.value) >= 0) model[key] = price.value.value;
        else {
          this.error(`${path}.${key}`, price.value, `"${path}.${key}" must be US dollars per million tokens (0 or more), not ${describe(price.value)}; the model is skipped.`);
          ok = false;
        }
      }
      const window = properties.get('contextWindow');
      if (window) {
        if (window.value.kind === 'number' && Number.isInteger(window.value.value) && (window.value.value) > 0) model.contextWindow = window.value.value;
        else {
          this.error(`${path}.contextWindow`, window.value, `"${path}.contextWindow" must be a whole number of tokens above 0, not ${describe(window.value)}; the model is skipped.`);
          ok = false;
        }
      }
      const tier = properties.get('tier');
      if (tier) {
        if (tier.value.kind === 'string' && (TIERS as readonly string[]).includes(tier.value.value as string)) model.tier = tier.value.value as ConfigModel['tier'];
        else {
          this.error(`${path}.tier`, tier.value, `"${path}.tier" must be one of ${TIERS.join(', ')}, not ${describe(tier.value)}; the model is skipped.`);
          ok = false;
        }
      }
      if (!ok) return;
      const key = model.id.toLowerCase();
      if (byId.has(key)) {
        this.warning(path, id.value.range, `Model "${model.id}" is listed more than once; the last entry is used.`);
        byId.delete(key);
      }
      byId.set(key, model);
    });
    return [...byId.values()];
  }

  private alwaysOnContext(node: JsonNode): AlwaysOnContextConfig {
    const none: AlwaysOnContextConfig = { files: [], instructions: false };
    if (node.kind === 'null' || (node.kind === 'boolean' && node.value === false)) return none;
    if (node.kind === 'string' && node.value === 'auto') return { files: [...AUTO_ALWAYS_ON_CONTEXT.files], instructions: AUTO_ALWAYS_ON_CONTEXT.instructions };
    if (node.kind === 'array') return { files: this.globs(node, 'alwaysOnContext', 'no context files apply'), instructions: false };
    if (node.kind !== 'object') {
      this.error('alwaysOnContext', node, `"alwaysOnContext" must be "auto", a list of files or { "files": [...], "instructions": true }, not ${describe(node)}; no always-on context is counted.`);
      return none;
    }
    const properties = this.properties(node, 'alwaysOnContext', ['files', 'instructions']);
    const out = { ...none };
    const files = properties.get('files');
    if (files) out.files = this.globs(files.value, 'alwaysOnContext.files', 'no context files apply');
    const instructions = properties.get('instructions');
    if (instructions) {
      if (instructions.value.kind === 'boolean') out.instructions = instructions.value.value;
      else this.error('alwaysOnContext.instructions', instructions.value, `"alwaysOnContext.instructions" must be true or false, not ${describe(instructions.value)}; it is ignored.`);
    }
    return out;
  }

  private overrides(node: JsonNode): ConfigOverride[] {
    if (node.kind !== 'array') {
      this.error('overrides', node, `"overrides" must be a list such as [{ "files": ["prompts/support/**"], "budget": 2000 }], not ${describe(node)}; it is ignored.`);
      return [];
    }
    const out: ConfigOverride[] = [];
    node.items.forEach((item, index) => {
      const path = `overrides[${index}]`;
      if (item.kind !== 'object') {
        this.error(path, item, `"${path}" must be an object with "files", not ${describe(item)}; it is skipped.`);
        return;
      }
      const properties = this.properties(item, path, OVERRIDE_KEYS);
      const files = properties.get('files');
      if (!files) {
        this.error(path, item, `"${path}" needs "files", the globs it applies to (such as ["prompts/support/**"]); it is skipped.`);
        return;
      }
      const globs = this.globs(files.value, `${path}.files`, 'the override is skipped');
      if (globs.length === 0) {
        if (files.value.kind === 'array' && files.value.items.length === 0) this.error(`${path}.files`, files.value, `"${path}.files" is empty, so the override applies to nothing; it is skipped.`);
        return;
      }
      const excludeFiles = properties.get('excludeFiles');
      const override: ConfigOverride = { files: globs, excludeFiles: excludeFiles ? this.globs(excludeFiles.value, `${path}.excludeFiles`, 'nothing is taken out') : [] };
      this.scope(properties, path, override);
      out.push(override);
    });
    return out;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
