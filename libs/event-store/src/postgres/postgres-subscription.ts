import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { Position, START } from '../position';
import { AppendNotifier, NOTIFY_CHANNEL } from './append-notifier';
import { ResilientClient } from '@journey/postgres';
import type { PostgresEventStore } from './postgres-event-store';

export interface PostgresSubscriptionOptions extends SubscribeOptions {
  readonly pageSize: number;
  readonly pollIntervalMs: number;
}

const FIRST_RETRY_MS = 5;
/**
 * Re-polls while committed events wait behind a running transaction stay frequent: the transaction
 * that holds them back (often a projector's own batch) ends without any notification.
 */
const MAX_HORIZON_RETRY_MS = 25;
const MAX_ERROR_BACKOFF_MS = 5000;

/**
 * Catches up from a position (exclusive), then follows live appends. Wakes on an in-process append,
 * a NOTIFY from another process, or the poll timer; re-polls quickly while committed events wait
 * behind a running transaction. Errors (a dropped connection) are retried with backoff from the
 * last delivered position, so nothing is skipped or repeated.
 */
export class PostgresSubscription implements Subscription {
  private closed = false;
  private dirty = false;
  private wake: (() => void) | null = null;
  private wakeIsHard = false;
  private listener: Client | null = null;
  private readonly unsubscribeLocal: () => void;
  private readonly logger = new Logger(PostgresSubscription.name);
  private position: Position;
  private prefetching = false;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly pool: Pool,
    notifier: AppendNotifier,
    private readonly options: PostgresSubscriptionOptions,
  ) {
    this.position = options.fromPosition ?? START;
    this.unsubscribeLocal = notifier.onAppended(() => this.signal());
  }

  /**
   * Serves events one by one from the current page without a generator step per event (catch-up
   * reads spend most of their time there otherwise); pages come from `pages()`.
   */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const pages = this.pages();
    let page: RecordedEvent[] = [];
    let i = 0;
    const deliver = (): IteratorResult<RecordedEvent> => {
      const value = page[i++];
      this.position = value.position;
      return { value, done: false };
    };
    return {
      next: () => {
        if (i < page.length) return Promise.resolve(deliver());
        return pages.next().then((r) => {
          if (r.done) return { value: undefined, done: true };
          page = r.value;
          i = 0;
          return deliver();
        });
      },
      return: async () => {
        await this.close();
        await pages.return(undefined);
        return { value: undefined, done: true };
      },
    };
  }

  get catchingUp(): boolean {
    return this.prefetching;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribeLocal();
    this.signal();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Non-empty pages in order; the next one is read only once the previous was fully delivered. */
  private async *pages(): AsyncGenerator<RecordedEvent[]> {
    let errorBackoff = 100;
    let horizonDelay = FIRST_RETRY_MS;
    // While catching up, the next page is read while the consumer handles this one.
    let prefetch: Promise<RecordedEvent[]> | null = null;
    try {
      while (!this.closed) {
        try {
          await this.ensureListening();
          this.dirty = false;
          const page = await (prefetch ?? this.readPage(this.position));
          prefetch = null;
          this.prefetching = false;
          errorBackoff = 100;
          if (page.length === this.options.pageSize) {
            prefetch = this.readPage(page[page.length - 1].position);
            prefetch.catch(() => undefined); // surfaced when awaited
            this.prefetching = true;
          }
          if (page.length > 0) {
            yield page;
            if (this.closed) return;
          }
          if (prefetch) continue;
          if (page.length > 0) horizonDelay = FIRST_RETRY_MS;
          if (this.dirty) continue;
          if (await this.store.hasEventsBehindHorizon(this.pool)) {
            await this.sleep(horizonDelay);
            horizonDelay = Math.min(
              horizonDelay * 2,
              MAX_HORIZON_RETRY_MS,
              this.options.pollIntervalMs,
            );
          } else {
            horizonDelay = FIRST_RETRY_MS;
            await this.sleep(this.options.pollIntervalMs);
          }
        } catch (err) {
          prefetch = null;
          this.prefetching = false;
          if (this.closed) return;
          this.logger.warn({
            msg: 'subscription read failed; resuming from last delivered position',
            error: String(err),
            retryInMs: errorBackoff,
          });
          await this.dropListener();
          await this.sleep(errorBackoff, true);
          errorBackoff = Math.min(errorBackoff * 2, MAX_ERROR_BACKOFF_MS);
        }
      }
    } finally {
      await this.close();
    }
  }

  private readPage(from: Position): Promise<RecordedEvent[]> {
    return this.store.readAllWith(this.pool, {
      fromPosition: from,
      maxCount: this.options.pageSize,
      streamPrefix: this.options.streamPrefix,
      partition: this.options.partition,
    });
  }

  private signal(): void {
    this.dirty = true;
    if (this.wakeIsHard && !this.closed) return;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Sleeps until the timer or a wake-up; a `hard` sleep (error backoff) wakes only on close. */
  private sleep(ms: number, hard = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      this.wakeIsHard = hard;
    });
  }

  private async ensureListening(): Promise<void> {
    if (this.listener || this.closed) return;
    const client = new ResilientClient(this.pool.options);
    // Lost (a restart, pg_terminate_backend): listen again at once and re-read, since what was
    // appended meanwhile woke nobody; waiting for the next poll could take a minute.
    client.on('error', () => {
      if (this.listener !== client) return;
      this.listener = null;
      void client.end().catch(() => undefined);
      this.signal();
    });
    client.on('notification', () => this.signal());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (err) {
      // Not listening yet: the next round tries again (polling covers the gap).
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private async dropListener(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }
}
