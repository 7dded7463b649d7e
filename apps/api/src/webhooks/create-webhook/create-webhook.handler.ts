import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { CLOCK, Clock } from '../../common/clock';
import { WEBHOOK_COLUMNS, WebhookRow, webhookView } from '../webhook-view';
import { CreateWebhook } from './create-webhook.command';

/** Stores the subscription; occurrences fanned out from now on reach it. */
@CommandHandler(CreateWebhook)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhook> {
  private readonly logger = new Logger(CreateWebhookHandler.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: CreateWebhook) {
    const { rows } = await this.pool.query<WebhookRow>(
      `INSERT INTO webhooks (id, url, types, journeys, secret, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WEBHOOK_COLUMNS}`,
      [
        randomUUID(),
        c.url,
        [...new Set(c.types)],
        [...new Set(c.journeys)],
        c.secret,
        this.clock.now(),
      ],
    );
    const view = webhookView(rows[0]);
    this.logger.log({
      msg: 'webhook created',
      webhookId: view.id,
      types: view.types,
      journeys: view.journeys,
    });
    return view;
  }
}
