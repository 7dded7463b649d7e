import { Pool, PoolClient } from 'pg';
import { EventStore, RecordedEvent } from '@journey/event-store';

export interface ShadowTables {
  /** Builds the tables' indexes; call it with the bulk rows committed. */
  buildIndexes(): Promise<void>;
}

/** A read model built from events. `apply` runs inside the batch's transaction. */
export interface Projection {
  readonly name: string;
  readonly streamPrefixes: readonly string[];
  /**
   * The share of the events this instance projects (partitions of one projection run in separate
   * runners, with a checkpoint and a lease each); absent: all of them, as partition 0 of 1.
   */
  readonly partition?: { readonly count: number; readonly index: number };
  /** The read-model tables it writes (a rebuild fills shadow copies, then swaps them in). */
  readonly tables: readonly string[];
  /**
   * Optional first pass of a rebuild: folds every event up to the head into the (shadow) tables at
   * once and records the checkpoint; the runner catches up the rest. The tables come without
   * indexes: it commits its bulk rows, calls `shadow.buildIndexes`, then writes anything that
   * needs a key (ON CONFLICT). A failure leaves only the shadow, which the next rebuild drops.
   */
  bulkLoad?(store: EventStore, pool: Pool, shadow: ShadowTables): Promise<{ processed: number }>;
  /**
   * Optional work between events (the runner calls it when none came for a while), in its own
   * transaction: it must not depend on events, only on the stored state. True: call again soon.
   */
  tick?(tx: PoolClient): Promise<boolean>;
  /**
   * Drops whatever the projection holds in memory about the tables (hot state): the runner calls
   * it when a batch or tick did not commit, or another process moved the checkpoint, so the next
   * batch reads the committed rows again.
   */
  forget?(): void;
  /** Writes the batch's effects; the runner commits them with the checkpoint. */
  apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void>;
}
