import { ListModelsRequest } from '../../shared/protocol';
import type { FeatureContext } from './context';

/** `tokenwise/listModels`: the model picker's list, every priced text-generation model. */
export function registerModels(context: FeatureContext): void {
  const { connection, guard, catalogs } = context;
  connection.onRequest(
    ListModelsRequest.method,
    guard('listModels', async (): Promise<ListModelsRequest.Result> => {
      const catalog = await catalogs.get([]);
      return catalog
        .list()
        .filter((model) => model.textGeneration && !model.deprecated && model.prices)
        .map((model) => ({
          id: model.id,
          modelId: model.modelId,
          displayName: model.displayName,
          provider: model.providerName,
          inputPerMTok: model.prices?.inputPerMTok ?? null,
          outputPerMTok: model.prices?.outputPerMTok ?? null,
          contextWindow: model.contextWindow,
          tier: model.tier,
        }));
    }, []),
  );
}
