import { pricing, type ModelCatalog } from '../core';

/**
 * Loads the bundled price dataset once and builds one catalog per distinct `tokenwise.models`
 * value, so per-folder model overrides work and unchanged settings cost nothing.
 */
export class CatalogStore {
  private readonly data = pricing.loadBundledPriceData();
  private readonly catalogs = new Map<string, Promise<ModelCatalog>>();

  constructor(private readonly onProblems: (problems: string[]) => void) {}

  get(models: unknown): Promise<ModelCatalog> {
    const key = JSON.stringify(models ?? []);
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      catalog = this.data.then((data) => {
        const built = pricing.createModelCatalog(data, { models });
        if (built.problems.length > 0) this.onProblems(built.problems);
        return built;
      });
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }
}
