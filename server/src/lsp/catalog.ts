import { pricing, type ModelCatalog } from '../core';

/**
 * Loads the bundled price dataset once and builds one catalog per distinct `tokenwise.models`
 * value, so per-folder model overrides work and unchanged settings cost nothing.
 */
export class CatalogStore {
  private data: Promise<pricing.PriceData> | undefined;
  private readonly catalogs = new Map<string, Promise<ModelCatalog>>();

  constructor(private readonly onProblems: (problems: string[]) => void) {}

  /**
   * Parses the price dataset (half a megabyte of JSON) now. The server calls this once its
   * `initialize` answer is out rather than while it starts, so the parse overlaps the client's
   * next messages; the first `get` parses it otherwise.
   */
  preload(): Promise<pricing.PriceData> {
    return (this.data ??= pricing.loadBundledPriceData());
  }

  get(models: unknown): Promise<ModelCatalog> {
    const key = JSON.stringify(models ?? []);
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      catalog = this.preload().then((data) => {
        const built = pricing.createModelCatalog(data, { models });
        if (built.problems.length > 0) this.onProblems(built.problems);
        return built;
      });
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }
}
