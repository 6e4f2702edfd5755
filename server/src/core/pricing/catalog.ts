import type { ModelInfo as DatasetModel, Provider } from '@pydantic/genai-prices';
import { findInProvider, matches, priceAt, toModelPrices, type PriceData } from './dataset';
import { countingFor, exactCounting, familyOf, modelTail, type Counting } from './families';
import { KNOWN_LIMITS } from './limits';
import { validateModelSettings } from './overrides';
import { tierOf } from './tiers';
import { compareStrings } from '../text/compare';
import type { ModelCatalog, ModelInfo, ModelPrices, UserModelSetting } from './types';

export interface CatalogOptions {
  /** The raw `tokenwise.models` setting; validated here, problems reported in `problems`. */
  models?: unknown;
  /** Which dated and time-of-day prices apply; defaults to the current time. */
  now?: Date;
}

/**
 * Providers that make the models they sell, in the order a bare model id is looked up after the
 * dataset's own provider rules. Hosts and aggregators follow alphabetically, OpenRouter last, so
 * `llama-3.1-8b-instant` still finds a host while `gpt-4o` never lands on a reseller.
 */
const FIRST_PARTY = ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere', 'moonshotai', 'zhipuai', 'zai', 'minimax', 'perplexity', 'voyageai', 'arcee'];
const LAST = ['openrouter'];

/** Spellings of providers in other tools (Genkit, LiteLLM, LangChain, Bedrock…). */
const PROVIDER_ALIASES: Record<string, string> = {
  googleai: 'google',
  'google-ai': 'google',
  google_ai: 'google',
  'google-genai': 'google',
  gemini: 'google',
  vertexai: 'google',
  vertex: 'google',
  vertex_ai: 'google',
  'google-vertex': 'google',
  bedrock: 'aws',
  'aws-bedrock': 'aws',
  'amazon-bedrock': 'aws',
  amazon: 'aws',
  'azure-openai': 'azure',
  azure_openai: 'azure',
  azureopenai: 'azure',
  mistralai: 'mistral',
  xai: 'x-ai',
  grok: 'x-ai',
  'together-ai': 'together',
  together_ai: 'together',
  togetherai: 'together',
  github: 'github-copilot',
  copilot: 'github-copilot',
  'fireworks-ai': 'fireworks',
  fireworks_ai: 'fireworks',
  moonshot: 'moonshotai',
  zhipu: 'zhipuai',
};

const NOT_TEXT = /embed|tts|transcri|whisper|moderation|image|audio|realtime|rerank|ocr|voice|speech|sonic|dall-e|-live|live-/;

function providerRank(id: string): number {
  const first = FIRST_PARTY.indexOf(id);
  if (first >= 0) return first;
  return LAST.includes(id) ? 2000 : 1000;
}

function orderProviders(providers: readonly Provider[]): Provider[] {
  return [...providers].sort((a, b) => providerRank(a.id) - providerRank(b.id) || compareStrings(a.id, b.id));
}

/** `Claude Sonnet 4` → `claude-sonnet-4`: display names as prompt files write them. */
function slug(id: string): string {
  return id.trim().toLowerCase().replace(/\s+/g, '-');
}

/**
 * What a model picker writes in parentheses after a name: the vendor (`GPT-4.1 (copilot)`) or a
 * release stage (`Gemini 3 Pro (Preview)`). A normalised id drops it (`normalizeModelId`); the
 * catalog alone reads a release stage from it, in `resolveInDataset`.
 */
export function withoutDisplaySuffix(name: string): string {
  return name.replace(/\s*\([^()]*\)\s*$/, '');
}

/** The release stages an id may end in (`gpt-5-preview`), as the dataset spells them. */
const RELEASE_STAGES = 'preview|beta|experimental';
const LOOSE_SUFFIX = new RegExp(`-(?:20\\d{2}-\\d{2}-\\d{2}|20\\d{6}|latest|${RELEASE_STAGES})$`);
/** A release stage in a picker's parentheses; pickers also abbreviate "experimental" to `exp`. */
const DISPLAYED_STAGE = new RegExp(`\\((${RELEASE_STAGES}|exp)\\)\\s*$`);

/** Variants tried when nothing matched as written: without a date stamp, `-latest` or a release stage (`gpt-5-preview`). */
function looser(id: string): string[] {
  const variants = [id.replace(LOOSE_SUFFIX, ''), id.replace(/@.*$/, '')];
  return variants.filter((variant, index) => variant !== id && variants.indexOf(variant) === index);
}

/** Same model, any provider's spelling: `anthropic/claude-3.5-sonnet` ~ `claude-3-5-sonnet`. */
const windowKey = (id: string): string => modelTail(id).replace(/:free$/, '').replace(/\./g, '-');

const niceName = (model: DatasetModel): string => (model.name && /[A-Z]/.test(model.name) ? model.name : model.id);

/**
 * Builds the model catalog from the price dataset and the user's `tokenwise.models` setting.
 * Pure and synchronous: the dataset is handed in (see `loadBundledPriceData`), nothing is fetched.
 */
export function createModelCatalog(data: PriceData, options: CatalogOptions = {}): ModelCatalog {
  const now = options.now ?? new Date();
  const providers = orderProviders(data.providers);
  // A catalog is built before the first count after start, and most lookups touch one or two of
  // the dataset's ~1,500 models: entries and the name index are made when first needed.
  const infos = new Map<DatasetModel, ModelInfo>();
  const infoOf = (provider: Provider, model: DatasetModel): ModelInfo => {
    let info = infos.get(model);
    if (!info) infos.set(model, (info = fromDataset(provider, model)));
    return info;
  };
  const byQualifiedId = new Map<string, { provider: Provider; model: DatasetModel }>();
  for (const provider of providers) {
    for (const model of provider.models) {
      const key = `${provider.id}/${model.id}`.toLowerCase();
      if (!byQualifiedId.has(key)) byQualifiedId.set(key, { provider, model });
    }
  }
  let everything: { all: ModelInfo[]; byName: Map<string, ModelInfo> } | undefined;
  const allModels = () => {
    if (everything) return everything;
    const all: ModelInfo[] = [];
    const byName = new Map<string, ModelInfo>();
    for (const provider of providers) {
      for (const model of provider.models) {
        const info = infoOf(provider, model);
        all.push(info);
        // Display names as a last resort; a priced entry wins over an unpriced one of the same name.
        const name = model.name?.toLowerCase();
        if (name && (!byName.has(name) || (byName.get(name)!.prices === null && info.prices !== null))) byName.set(name, info);
      }
    }
    return (everything = { all, byName });
  };
  const byName = (name: string): ModelInfo | undefined => allModels().byName.get(name);

  // Context windows missing from an entry are taken from the same model at another provider.
  let windowsByKey: Map<string, { contextWindow: number; source: string }> | undefined;
  const windows = () => {
    if (windowsByKey) return windowsByKey;
    windowsByKey = new Map();
    for (const provider of providers) {
      for (const model of provider.models) {
        const key = windowKey(model.id);
        if (model.context_window && !windowsByKey.has(key)) {
          windowsByKey.set(key, { contextWindow: model.context_window, source: `${data.dataset}: ${provider.id}/${model.id}` });
        }
      }
    }
    return windowsByKey;
  };

  function fromDataset(provider: Provider, model: DatasetModel): ModelInfo {
    const { price, variesByTimeOfDay } = priceAt(model, now);
    const prices = toModelPrices(price, variesByTimeOfDay);
    const family = familyOf(model.id);
    const counting = countingFor(family);
    const borrowed = model.context_window ? undefined : windows().get(windowKey(model.id));
    const known = KNOWN_LIMITS.find((entry) => entry.provider === provider.id && entry.modelId === model.id);
    const contextWindow = model.context_window ?? borrowed?.contextWindow ?? known?.contextWindow ?? null;
    const contextWindowSource = model.context_window
      ? `${data.dataset}: ${provider.id}/${model.id}`
      : (borrowed?.source ?? (known?.contextWindow ? known.source : null));
    const textGeneration = prices !== null && price.output_mtok !== undefined && !NOT_TEXT.test(model.id.toLowerCase());
    return {
      id: `${provider.id}/${model.id}`,
      modelId: model.id,
      provider: provider.id,
      providerName: provider.name,
      displayName: niceName(model),
      family,
      ...countingFields(counting),
      prices,
      pricedAsOf: data.pricedAsOf,
      priceSource: prices ? 'dataset' : 'none',
      contextWindow,
      contextWindowSource,
      maxOutputTokens: known?.maxOutputTokens ?? null,
      maxOutputTokensSource: known?.maxOutputTokens ? known.source : null,
      tier: prices && textGeneration ? tierOf(prices) : null,
      tierSource: prices && textGeneration ? 'price-band' : null,
      textGeneration,
      deprecated: model.deprecated === true,
    };
  }

  /** calcPrice's lookup: an explicit provider, or the provider whose rules claim the id. */
  function findInDataset(id: string, provider?: Provider): ModelInfo | undefined {
    if (provider) {
      const found = findInProvider(provider, id, data.providers);
      return found && infoOf(found.provider, found.model);
    }
    for (const candidate of providers) {
      if (candidate.model_match && matches(candidate.model_match, id)) {
        const found = findInProvider(candidate, id, data.providers);
        if (found) return infoOf(found.provider, found.model);
      }
    }
    for (const candidate of providers) {
      const model = candidate.models.find((entry) => matches(entry.match, id));
      if (model) return infoOf(candidate, model);
    }
    return undefined;
  }

  function providerNamed(name: string): Provider | undefined {
    const id = PROVIDER_ALIASES[name] ?? name;
    return providers.find((provider) => provider.id === id) ?? providers.find((provider) => provider.provider_match && matches(provider.provider_match, id));
  }

  /** Resolution against the dataset only (user models aside), for ids as people write them. */
  function resolveInDataset(written: string): ModelInfo | undefined {
    const original = written.trim().toLowerCase();
    // A display name with its own parenthesis (`GPT-4o (extended)`) before the parenthesis is dropped.
    const qualifiedExact = byQualifiedId.get(original);
    const exact = qualifiedExact ? infoOf(qualifiedExact.provider, qualifiedExact.model) : original.endsWith(')') ? byName(original) : undefined;
    if (exact) return exact;
    // VS Code prompt files add the vendor in parentheses: `GPT-4.1 (copilot)`.
    const lower = withoutDisplaySuffix(original).trim();
    if (!lower) return undefined;
    const qualified = /^([^/:\s]+)[/:](.+)$/.exec(lower);
    let provider: Provider | undefined;
    let rest = lower;
    if (qualified) {
      const [, prefix, tail] = qualified as unknown as [string, string, string];
      if (prefix === 'models') rest = tail;
      else {
        provider = providerNamed(prefix);
        if (provider) rest = tail;
      }
    }
    const candidates = [...new Set([rest, slug(rest)])];
    const inDataset = (id: string) => (provider && findInDataset(id, provider)) || findInDataset(id);
    // The dataset's own rules first, display names next, then without a date stamp or `-latest`.
    for (const id of candidates) {
      const found = inDataset(id);
      if (found) return found;
    }
    for (const id of [lower, ...candidates]) {
      const found = byName(id);
      if (found) return found;
    }
    for (const id of candidates.flatMap(looser)) {
      const found = inDataset(id);
      if (found) return found;
    }
    // `meta-llama/llama-3.3-70b-instruct`: try the part after an unknown prefix on its own.
    if (qualified && !provider && rest.includes('/')) return resolveInDataset(rest.slice(rest.lastIndexOf('/') + 1));
    // The VS Code picker writes a release stage in parentheses (`Gemini 3 Pro (Preview)`) where the
    // dataset keeps it in the id (`gemini-3-pro-preview`).
    const stage = DISPLAYED_STAGE.exec(original);
    if (stage) return findInDataset(`${slug(lower)}-${stage[1]}`);
    return undefined;
  }

  // Settings: entries the dataset recognises override that model, others add a model.
  const { models: settings, problems } = validateModelSettings(options.models);
  const userModels = new Map<string, ModelInfo>();
  const overridden = new Map<string, ModelInfo>();
  for (const setting of settings) {
    const target = resolveInDataset(setting.id);
    if (target) {
      // Two entries naming the same model (`gpt-4o`, `openai/gpt-4o`) apply in order.
      const patched = applySetting(overridden.get(target.id) ?? target, setting, problems);
      overridden.set(target.id, patched);
      userModels.set(setting.id.toLowerCase(), patched);
    } else {
      userModels.set(setting.id.toLowerCase(), userModel(setting, problems, data.pricedAsOf));
    }
  }
  const current = (info: ModelInfo): ModelInfo => overridden.get(info.id) ?? info;

  const memo = new Map<string, ModelInfo | undefined>();
  const resolve = (id: string): ModelInfo | undefined => {
    if (typeof id !== 'string') return undefined;
    const key = id.trim().toLowerCase();
    if (memo.has(key)) return memo.get(key);
    const user = userModels.get(key) ?? userModels.get(slug(withoutDisplaySuffix(key)));
    const found = user ?? resolveInDataset(key);
    const result = found && current(found);
    // Ids typed one keystroke at a time would otherwise pile up for the life of the server.
    if (memo.size >= 2000) memo.clear();
    memo.set(key, result);
    return result;
  };

  let listed: ModelInfo[] | undefined;
  return {
    resolve,
    list: () => (listed ??= [...[...userModels.values()].filter((info) => info.provider === 'user'), ...allModels().all.map(current)]).slice(),
    pricedAsOf: data.pricedAsOf,
    priceDataset: data.dataset,
    problems,
  };
}

function countingFields(counting: Counting): Pick<ModelInfo, 'encoding' | 'accuracy' | 'estimateFactor' | 'nonLatinEstimate'> {
  return {
    encoding: counting.encoding,
    accuracy: counting.latin.accuracy,
    estimateFactor: counting.latin.factor,
    nonLatinEstimate: { factor: counting.nonLatin.factor, accuracy: counting.nonLatin.accuracy },
  };
}

const SETTING = 'tokenwise.models';

function flatPrices(input: number, output: number, cached: number | null): ModelPrices {
  return { inputPerMTok: input, outputPerMTok: output, cachedInputPerMTok: cached, cacheWritePerMTok: null, tiers: [], perCallFee: 0, variesByTimeOfDay: false };
}

/** A dataset model with the user's values on top. User prices are flat: they replace tiers. */
function applySetting(base: ModelInfo, setting: UserModelSetting, problems: string[]): ModelInfo {
  const info: ModelInfo = { ...base };
  if (setting.encoding) {
    Object.assign(info, countingFields(exactCounting(setting.encoding)));
    info.family = 'user';
  }
  const { inputPerMTok, outputPerMTok, cachedInputPerMTok } = setting;
  if (inputPerMTok !== undefined || outputPerMTok !== undefined || cachedInputPerMTok !== undefined) {
    const input = inputPerMTok ?? base.prices?.inputPerMTok;
    const output = outputPerMTok ?? base.prices?.outputPerMTok;
    if (input === undefined || output === undefined) {
      problems.push(`${SETTING} ("${setting.id}"): ${base.id} has no price in the dataset, so set both "inputPerMTok" and "outputPerMTok"; it stays unpriced.`);
    } else {
      const cached = cachedInputPerMTok ?? (inputPerMTok === undefined ? (base.prices?.cachedInputPerMTok ?? null) : null);
      info.prices = { ...flatPrices(input, output, cached), cacheWritePerMTok: inputPerMTok === undefined ? (base.prices?.cacheWritePerMTok ?? null) : null };
      info.priceSource = 'user';
      info.pricedAsOf = SETTING;
      info.textGeneration = true;
    }
  }
  if (setting.contextWindow !== undefined) {
    info.contextWindow = setting.contextWindow;
    info.contextWindowSource = SETTING;
  }
  if (setting.tier) {
    info.tier = setting.tier;
    info.tierSource = 'user';
  } else if (info.prices && info.priceSource === 'user') {
    info.tier = tierOf(info.prices);
    info.tierSource = 'price-band';
  }
  return info;
}

/** A model the dataset does not know, entirely from settings. */
function userModel(setting: UserModelSetting, problems: string[], datasetDate: string): ModelInfo {
  const family = setting.encoding ? 'user' : familyOf(setting.id);
  const counting = setting.encoding ? exactCounting(setting.encoding) : countingFor(family);
  const { inputPerMTok, outputPerMTok, cachedInputPerMTok } = setting;
  let prices: ModelPrices | null = null;
  if (inputPerMTok !== undefined && outputPerMTok !== undefined) prices = flatPrices(inputPerMTok, outputPerMTok, cachedInputPerMTok ?? null);
  else if (inputPerMTok !== undefined || outputPerMTok !== undefined || cachedInputPerMTok !== undefined) {
    problems.push(`${SETTING} ("${setting.id}"): the price dataset does not know this model, so set both "inputPerMTok" and "outputPerMTok"; it stays unpriced.`);
  }
  return {
    id: setting.id,
    modelId: setting.id,
    provider: 'user',
    providerName: 'Your settings',
    displayName: setting.id,
    family,
    ...countingFields(counting),
    prices,
    pricedAsOf: prices ? SETTING : datasetDate,
    priceSource: prices ? 'user' : 'none',
    contextWindow: setting.contextWindow ?? null,
    contextWindowSource: setting.contextWindow ? SETTING : null,
    maxOutputTokens: null,
    maxOutputTokensSource: null,
    tier: setting.tier ?? (prices ? tierOf(prices) : null),
    tierSource: setting.tier ? 'user' : prices ? 'price-band' : null,
    textGeneration: true,
    deprecated: false,
  };
}
