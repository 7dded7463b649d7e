import { Logger } from '@nestjs/common';
import { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { inPartition } from '../partition';
import { Position, START, formatPosition } from '../position';
import {
  isAfter,
  isVisible,
  normalizePrefixes,
  subscriptionFilter,
  toClientReadPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';

export interface EventStoreDbSubscriptionOptions extends SubscribeOptions {
  /** First delay before resubscribing after an error (ms); doubles up to `maxRetryMs`. */
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
  /** Called once, when the subscription is closed. */
  readonly onClose?: () => void;
}

const CLOSED = Symbol('closed');

/**
 * A catch-up subscription to $all from a position (exclusive), filtered on the server by stream
 * prefix (or excluding system events), and again on the client. When the connection drops or the
 * server ends the subscription, it resubscribes from the last delivered position with exponential
 * backoff; events at or before that position are skipped, so nothing is repeated or lost.
 *
 * A partition is filtered on the client only (partitionOf on the stream id): no server-side filter
 * (prefix or regex) can express a hash, so each partition's subscription receives the prefixes'
 * events of every partition and drops the others'. Persistent subscriptions with the Pinned
 * strategy, which spread streams over consumers on the server, were not chosen: messages they
 * park or retry are redelivered out of order, and projections rely on each partition's events
 * arriving in global order (checkpoints are positions); their buckets also follow the consumers
 * connected, not partitionOf.
 */
export class EventStoreDbSubscription implements Subscription {
  private readonly logger = new Logger(EventStoreDbSubscription.name);
  private readonly prefixes: string[] | null;
  private readonly open = new Set<AllStreamSubscription>();
  private readonly wakers = new Set<() => void>();
  private readonly closedSignal: Promise<typeof CLOSED>;
  private signalClosed!: () => void;
  private closed = false;
  private position: Position;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbSubscriptionOptions = {},
  ) {
    this.prefixes = normalizePrefixes(options.streamPrefix);
    this.position = options.fromPosition ?? START;
    this.closedSignal = new Promise((resolve) => {
      this.signalClosed = () => resolve(CLOSED);
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.run();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    this.options.onClose?.();
    for (const wake of [...this.wakers]) wake();
    await Promise.all([...this.open].map((sub) => this.release(sub)));
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const firstRetryMs = this.options.firstRetryMs ?? 100;
    const maxRetryMs = this.options.maxRetryMs ?? 5000;
    let retryMs = firstRetryMs;
    while (!this.closed) {
      let sub: AllStreamSubscription | undefined;
      try {
        sub = this.client.subscribeToAll({
          fromPosition: toClientReadPosition(this.position),
          filter: subscriptionFilter(this.prefixes),
        });
        this.open.add(sub);
        // Errors reach the iterator; this listener keeps a late one (after release) from crashing.
        sub.on('error', () => undefined);
        const iterator = sub[Symbol.asyncIterator]();
        for (;;) {
          const next = await Promise.race([iterator.next(), this.closedSignal]);
          if (next === CLOSED) return;
          if (next.done) break;
          const event = toRecordedEvent(next.value);
          if (!event || !isAfter(event.position, this.position)) continue;
          if (!isVisible(event, this.prefixes)) continue;
          if (!inPartition(event.stream, this.options.partition)) continue;
          this.position = event.position;
          retryMs = firstRetryMs;
          yield event;
          if (this.closed) return;
        }
        this.logger.warn({
          msg: 'EventStoreDB subscription ended by the server; resubscribing',
          position: formatPosition(this.position),
          retryInMs: retryMs,
        });
      } catch (err) {
        if (this.closed) return;
        this.logger.warn({
          msg: 'EventStoreDB subscription dropped; resubscribing from last delivered position',
          error: String(err),
          position: formatPosition(this.position),
          retryInMs: retryMs,
        });
      } finally {
        if (sub) await this.release(sub);
      }
      await this.sleep(retryMs);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    }
  }

  /** Cancels a client subscription; safe to call twice. */
  private async release(sub: AllStreamSubscription): Promise<void> {
    if (!this.open.delete(sub)) return;
    await sub.unsubscribe().catch(() => undefined);
    sub.destroy();
  }

  /** Waits `ms`, or less when the subscription is closed. */
  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}
