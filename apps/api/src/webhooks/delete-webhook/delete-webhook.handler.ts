import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { isWebhookId, webhookNotFound } from '../webhook-view';
import { DeleteWebhook } from './delete-webhook.command';

/**
 * Deletes the webhook with its secret, deliveries and log: nothing new is fanned out to it and
 * nothing pending is sent (an attempt already in flight ends, and is not logged).
 */
@CommandHandler(DeleteWebhook)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhook> {
  private readonly logger = new Logger(DeleteWebhookHandler.name);

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ id }: DeleteWebhook): Promise<void> {
    if (!isWebhookId(id)) throw webhookNotFound(id);
    const { rowCount } = await this.pool.query('DELETE FROM webhooks WHERE id = $1', [id]);
    if (!rowCount) throw webhookNotFound(id);
    this.logger.log({ msg: 'webhook deleted', webhookId: id });
  }
}
