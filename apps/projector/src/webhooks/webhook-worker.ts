import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { PollingLoop } from '@journey/event-store';
import { nextAttemptAt } from './deliver/backoff';
import { ClaimedDelivery, claimDueDeliveries } from './deliver/claim-deliveries';
import { recordAttempt } from './deliver/record-attempt';
import { webhookAttempts } from '../metrics/projector-metrics';
import { sendDelivery } from './deliver/send-delivery';
import { FeedFanOut } from './fan-out/fan-out';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookWorkerOptions } from './worker-options';

/** A lease outlasts the request timeout by this much (time to log the attempt). */
const LEASE_MARGIN_MS = 60_000;

/**
 * Fans the friction feed out to webhooks and delivers, beside the projections but on its own
 * connections (`pool` is the worker's) and in short transactions of its own: it never holds a
 * projection up. Several workers (projector processes) share the work safely.
 */
export class WebhookWorker {
  private readonly options: WebhookWorkerOptions;
  private readonly logger = new Logger(WebhookWorker.name);
  private readonly fanOut: FeedFanOut;
  private readonly loops: PollingLoop[];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly pool: Pool,
    options: Partial<WebhookWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
    this.fanOut = new FeedFanOut(pool, this.options.clock);
    this.loops = [
      new PollingLoop(
        'webhook fan-out',
        this.options.pollMs,
        () => this.fanOut.runBatch(),
        this.logger,
      ),
      new PollingLoop(
        'webhook delivery',
        this.options.pollMs,
        () => this.deliverDue(),
        this.logger,
      ),
    ];
  }

  start(): void {
    this.loops.forEach((l) => l.start());
  }

  /** Stops claiming and waits for the attempts in flight (each ends within the request timeout). */
  async stop(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop()));
    await Promise.all([...this.inFlight]);
  }

  /** Fills the free delivery slots; true when every slot got one (more may be due). */
  private async deliverDue(): Promise<boolean> {
    if (this.inFlight.size >= this.options.concurrency) {
      await Promise.race(this.inFlight);
      return true;
    }
    const free = this.options.concurrency - this.inFlight.size;
    const now = this.options.clock.now();
    const leaseUntil = new Date(now.getTime() + this.options.requestTimeoutMs + LEASE_MARGIN_MS);
    const claimed = await claimDueDeliveries(this.pool, now, free, leaseUntil);
    for (const d of claimed) {
      const attempt: Promise<void> = this.attempt(d)
        .catch((err) =>
          this.logger.warn({
            msg: 'webhook attempt not recorded',
            deliveryId: d.id,
            error: String(err),
          }),
        )
        .finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }
    return claimed.length === free;
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const attemptedAt = this.options.clock.now();
    const outcome = await sendDelivery(
      d,
      attemptedAt,
      this.options.requestTimeoutMs,
      this.options.addresses,
    );
    const next = outcome.ok
      ? null
      : nextAttemptAt(
          {
            failures: d.attempts + 1,
            firstAttemptAt: (d.firstAttemptAt ?? attemptedAt).getTime(),
            attemptedAt: attemptedAt.getTime(),
          },
          this.options.retry,
          this.options.random,
        );
    const status = outcome.ok ? 'delivered' : next === null ? 'failed' : 'pending';
    const recorded = await recordAttempt(this.pool, d, {
      attemptedAt,
      outcome,
      status,
      nextAttemptAt: next === null ? null : new Date(next),
      finishedAt: status === 'pending' ? null : this.options.clock.now(),
    });
    if (recorded) webhookAttempts.inc({ outcome: status === 'pending' ? 'retry' : status });
    const log = { deliveryId: d.id, webhookId: d.webhookId, attempt: d.attempts + 1, status };
    if (!recorded) this.logger.debug({ msg: 'webhook attempt dropped: lease lost', ...log });
    else if (status === 'failed')
      this.logger.warn({ msg: 'webhook delivery failed for good', ...log, ...outcome });
    else this.logger.debug({ msg: 'webhook attempt', ...log, ...outcome });
  }
}
