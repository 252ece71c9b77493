/** The engine's model handlers: the models it knows, which one is selected, and the backend it runs on. */
import type { EngineContext, Handlers } from './handler-context.js';

export function modelHandlers(
  engine: EngineContext,
): Pick<Handlers, 'listModels' | 'selectModel' | 'engineInfo'> {
  return {
    listModels: () => engine.models.list(),
    selectModel: ({ id }) => engine.models.select(id),
    engineInfo: () => engine.info(),
  };
}
