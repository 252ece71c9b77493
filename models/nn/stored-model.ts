import type * as tf from '@tensorflow/tfjs';
import { ParamStore } from './params.js';

/** What every model of the library does with the variables its ParamStore owns. */
export abstract class StoredModel {
  protected readonly store: ParamStore;

  protected constructor(
    seed: number,
    readonly scope: string,
  ) {
    this.store = new ParamStore(seed, scope);
  }

  trainableVariables(): tf.Variable[] {
    return this.store.list();
  }

  /** Stable name (`det/enc/l0/kernel`, without the scope) → variable; the names serialisation uses. */
  variables(): Record<string, tf.Variable> {
    return Object.fromEntries(this.store.entries());
  }

  parameterCount(): number {
    return this.store.list().reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    this.store.dispose();
  }
}
