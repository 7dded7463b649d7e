import { RecordedEvent, Subscription } from '../event-store.port';

/** What a subscription needs of the in-memory log: its events from an index, and a wake-up. */
export interface InMemoryLog {
  readonly events: readonly RecordedEvent[];
  onAppend(wake: () => void): () => void;
}

/**
 * Catch-up then live over the in-memory log: it walks the log from an index, and once at its end
 * waits for the next append. The log only grows in global order, so an index is a position.
 */
export class InMemorySubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly log: InMemoryLog,
    private next: number,
    private readonly accepts: (e: RecordedEvent) => boolean,
  ) {
    this.unsubscribe = log.onAppend(() => this.wake?.());
  }

  get catchingUp(): boolean {
    return this.next < this.log.events.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    while (!this.closed) {
      const e = this.log.events[this.next];
      if (e === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      this.next++;
      if (this.accepts(e)) yield e;
    }
  }
}
