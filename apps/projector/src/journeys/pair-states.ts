import { JourneyInstance, PairTail } from '@journey/domain';

/**
 * What the live projection holds of a (customer, journey) between batches, so an in-order
 * touchpoint extends it without reading or rewriting the pair's history: exactly what the
 * read models hold for the pair after the last committed batch.
 */
export interface PairState {
  readonly customerId: string;
  readonly instances: readonly JourneyInstance[];
  readonly tail: PairTail;
  /** Every touchpoint id of the pair (extendInstances declines a repeated one). */
  readonly touchpoints: Set<string>;
  /** pairFirstsOf(instances). */
  readonly firsts: Set<string>;
  /** The journey's definition the instances were cut with (JSON text; 'null' for none). */
  readonly definition: string;
  /** The customer had feedback: its attachment may move with any step, so no fast path. */
  readonly hasFeedback: boolean;
}

/**
 * Pair states, least recently used dropped first. Entries are changed in place while a batch is
 * applied; when a batch fails (its writes rolled back) or another process moved the checkpoint,
 * the runner calls `clear`: a state is only ever right for committed read models.
 */
export class PairStates {
  private readonly states = new Map<string, PairState>();
  private readonly byCustomer = new Map<string, Set<string>>();

  constructor(readonly maxPairs = 20_000) {}

  get size(): number {
    return this.states.size;
  }

  get(key: string): PairState | undefined {
    const state = this.states.get(key);
    if (state) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.states.delete(key);
      this.states.set(key, state);
    }
    return state;
  }

  set(key: string, state: PairState): void {
    this.states.delete(key);
    this.states.set(key, state);
    let keys = this.byCustomer.get(state.customerId);
    if (!keys) this.byCustomer.set(state.customerId, (keys = new Set()));
    keys.add(key);
    while (this.states.size > this.maxPairs) {
      const oldest = this.states.keys().next().value as string;
      this.drop(oldest, this.states.get(oldest)!.customerId);
    }
  }

  /** Forgets one pair (its history can no longer be extended). */
  delete(key: string): void {
    const state = this.states.get(key);
    if (state) this.drop(key, state.customerId);
  }

  /** Forgets every pair of the customer (feedback, erasure or a link changed it). */
  dropCustomer(customerId: string): void {
    for (const key of this.byCustomer.get(customerId) ?? []) this.states.delete(key);
    this.byCustomer.delete(customerId);
  }

  clear(): void {
    this.states.clear();
    this.byCustomer.clear();
  }

  private drop(key: string, customerId: string): void {
    this.states.delete(key);
    const keys = this.byCustomer.get(customerId);
    keys?.delete(key);
    if (keys?.size === 0) this.byCustomer.delete(customerId);
  }
}
