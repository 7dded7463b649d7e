import { PoolClient } from 'pg';
import { RecordedEvent } from '@journey/event-store';

/** A read model built from events. `apply` runs inside the batch's transaction. */
export interface Projection {
  readonly name: string;
  readonly streamPrefixes: readonly string[];
  /** The read-model tables it writes (a rebuild fills shadow copies, then swaps them in). */
  readonly tables: readonly string[];
  /** Writes the batch's effects; the runner commits them with the checkpoint. */
  apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void>;
}
