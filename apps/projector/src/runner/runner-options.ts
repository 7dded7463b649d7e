import { Slots } from './slots';

export interface RunnerOptions {
  /** A batch closes at this many events (while caught up)... */
  readonly maxBatch: number;
  /** ...or this long after its first event, or as soon as no further event is ready. */
  readonly maxWaitMs: number;
  /**
   * While behind (each batch filled), the limit doubles up to this, so a pair's many events of a
   * backlog are applied at once; it falls back to `maxBatch` once a batch finds no more and the
   * subscription is not reading a next page.
   */
  readonly largestBatch?: number;
  /**
   * With a lease, the runner applies batches only while it holds its projection's lease
   * (leases.ts): another process with the same projection stands by and takes over when this one
   * stops, or `ttlMs` after it died or was paused. Without, runners only race for the checkpoint.
   */
  readonly lease?: { readonly owner: string; readonly ttlMs: number };
  /** Shared by the runners of a process: how many apply a batch (or tick) at once. */
  readonly slots?: Slots;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  maxBatch: 500,
  maxWaitMs: 50,
  largestBatch: 5000,
};
