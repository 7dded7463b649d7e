import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import {
  isWebhookId,
  WEBHOOK_COLUMNS,
  webhookNotFound,
  WebhookRow,
  webhookView,
} from '../webhook-view';
import { GetWebhook, WebhookDetailView } from './webhook.query';

/** One webhook with its delivery counts; NOT_FOUND if there is none. */
@QueryHandler(GetWebhook)
export class GetWebhookHandler implements IQueryHandler<GetWebhook> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ id }: GetWebhook): Promise<WebhookDetailView> {
    if (!isWebhookId(id)) throw webhookNotFound(id);
    const { rows } = await this.pool.query<WebhookRow>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw webhookNotFound(id);
    const counts = await this.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 GROUP BY status',
      [id],
    );
    const count = (status: string) => counts.rows.find((r) => r.status === status)?.n ?? 0;
    return {
      ...webhookView(rows[0]),
      deliveries: {
        pending: count('pending'),
        delivered: count('delivered'),
        failed: count('failed'),
      },
    };
  }
}
