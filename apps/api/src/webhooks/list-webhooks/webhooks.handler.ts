import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { WEBHOOK_COLUMNS, WebhookRow, webhookView } from '../webhook-view';
import { ListWebhooks } from './webhooks.query';

/** Every webhook, oldest first. */
@QueryHandler(ListWebhooks)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooks> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute() {
    const { rows } = await this.pool.query<WebhookRow>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY created_at, id`,
    );
    return rows.map(webhookView);
  }
}
