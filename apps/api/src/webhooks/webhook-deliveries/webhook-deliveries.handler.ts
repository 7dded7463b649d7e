import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { isWebhookId, webhookNotFound } from '../webhook-view';
import { encodeDeliveriesCursor } from './deliveries-cursor';
import { DeliveriesPage, DeliveryView, GetWebhookDeliveries } from './webhook-deliveries.query';

interface DeliveryRow {
  id: string;
  feed_seq: string;
  occurrence_id: string;
  type: string;
  journey: string;
  customer_id: string;
  status: DeliveryView['status'];
  created_at: Date;
  next_attempt_at: Date | null;
  finished_at: Date | null;
  attempts: {
    attempt: number;
    at: string;
    duration_ms: number;
    http_status: number | null;
    error: string | null;
  }[];
}

/** The delivery log of one webhook: each delivery with every attempt, from the worker's tables. */
@QueryHandler(GetWebhookDeliveries)
export class GetWebhookDeliveriesHandler implements IQueryHandler<GetWebhookDeliveries> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: GetWebhookDeliveries): Promise<DeliveriesPage> {
    if (!isWebhookId(q.webhookId)) throw webhookNotFound(q.webhookId);
    const hook = await this.pool.query('SELECT 1 FROM webhooks WHERE id = $1', [q.webhookId]);
    if (hook.rows.length === 0) throw webhookNotFound(q.webhookId);
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT d.id, d.feed_seq::text AS feed_seq, d.occurrence_id, f.type, f.journey, f.customer_id,
              d.status, d.created_at, d.next_attempt_at, d.finished_at,
              coalesce((SELECT json_agg(json_build_object(
                         'attempt', a.attempt, 'at', a.attempted_at, 'duration_ms', a.duration_ms,
                         'http_status', a.http_status, 'error', a.error) ORDER BY a.attempt)
                          FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
         FROM webhook_deliveries d JOIN friction_feed f ON f.seq = d.feed_seq
        WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.feed_seq < $2::bigint)
        ORDER BY d.feed_seq DESC
        LIMIT $3`,
      [q.webhookId, q.before, q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    return {
      webhookId: q.webhookId,
      deliveries: page.map(toView),
      nextCursor:
        rows.length > q.limit ? encodeDeliveriesCursor(page[page.length - 1].feed_seq) : null,
    };
  }
}

function toView(r: DeliveryRow): DeliveryView {
  return {
    id: r.id,
    occurrenceId: r.occurrence_id,
    type: r.type,
    journey: r.journey,
    customerId: r.customer_id,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    attempts: r.attempts.map((a) => ({
      attempt: a.attempt,
      at: new Date(a.at).toISOString(),
      durationMs: a.duration_ms,
      httpStatus: a.http_status,
      error: a.error,
    })),
  };
}
