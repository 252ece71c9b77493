import type { AnpApi, EngineInfo, EngineMemory, ModelInfo } from '../../../../app/api/contract.js';

/** What the engine reports about itself and its models. */
export class EngineStore {
  info = $state<EngineInfo | null>(null);
  models = $state<ModelInfo[]>([]);
  memory = $state.raw<EngineMemory | null>(null);
  selectedModel = $derived(this.models.find((m) => m.selected) ?? null);
  #api: AnpApi;

  constructor(api: AnpApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    const [info, models] = await Promise.all([
      this.#api.call('engineInfo', {}),
      this.#api.call('listModels', {}),
    ]);
    this.info = info;
    this.models = models;
  }

  async refreshMemory(): Promise<void> {
    this.memory = await this.#api.call('engineMemory', {});
  }

  async refreshModels(): Promise<void> {
    this.models = await this.#api.call('listModels', {});
  }

  async select(id: string): Promise<void> {
    await this.#api.call('selectModel', { id });
    await this.refreshModels();
  }
}
