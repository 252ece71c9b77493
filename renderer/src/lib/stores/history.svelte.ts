/** An undo/redo history of snapshots: `record` keeps the state before an edit, undo/redo swap states. */
export class History<T> {
  past = $state.raw<T[]>([]);
  future = $state.raw<T[]>([]);
  canUndo = $derived(this.past.length > 0);
  canRedo = $derived(this.future.length > 0);

  /** Remembers `before`, the state an edit is about to change; a new edit drops what redo had. */
  record(before: T): void {
    this.past = [...this.past, before];
    this.future = [];
  }

  /** The state to go back to (or null), given the state now, which redo will bring back. */
  undo(now: T): T | null {
    const previous = this.past.at(-1);
    if (previous === undefined) return null;
    [this.past, this.future] = [this.past.slice(0, -1), [...this.future, now]];
    return previous;
  }

  redo(now: T): T | null {
    const next = this.future.at(-1);
    if (next === undefined) return null;
    [this.future, this.past] = [this.future.slice(0, -1), [...this.past, now]];
    return next;
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }
}
