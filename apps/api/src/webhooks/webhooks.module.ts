import { Module } from '@nestjs/common';
import { CreateWebhookHandler } from './create-webhook/create-webhook.handler';
import { DeleteWebhookHandler } from './delete-webhook/delete-webhook.handler';
import { GetWebhookHandler } from './get-webhook/get-webhook.handler';
import { ListWebhooksHandler } from './list-webhooks/list-webhooks.handler';
import { GetWebhookDeliveriesHandler } from './webhook-deliveries/webhook-deliveries.handler';
import { WebhooksController } from './webhooks.controller';

/** Webhook subscriptions and their delivery log (the projector's webhook worker delivers). */
@Module({
  controllers: [WebhooksController],
  providers: [
    CreateWebhookHandler,
    ListWebhooksHandler,
    GetWebhookHandler,
    DeleteWebhookHandler,
    GetWebhookDeliveriesHandler,
  ],
})
export class WebhooksModule {}
