/** Before/after: how much of the original shows over a result, from the left, in percent. */
export class CompareStore {
  /** 0 shows the result alone, 100 the original alone. */
  split = $state(0);
  /** True while the hold-to-compare button is held: the original shows whole. */
  holding = $state(false);
  /** The share of the width the original covers now. */
  shown = $derived(this.holding ? 100 : this.split);

  setSplit(percent: number): void {
    this.split = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  }
}
