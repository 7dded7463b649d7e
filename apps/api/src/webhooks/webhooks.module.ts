import { DynamicModule, Module } from '@nestjs/common';
import { CreateWebhookHandler } from './create-webhook/create-webhook.handler';
import { DeleteWebhookHandler } from './delete-webhook/delete-webhook.handler';
import { GetWebhookHandler } from './get-webhook/webhook.handler';
import { ListWebhooksHandler } from './list-webhooks/webhooks.handler';
import { GetWebhookDeliveriesHandler } from './webhook-deliveries/webhook-deliveries.handler';
import { WEBHOOK_URL_POLICY, WebhookUrlPolicy, WebhooksController } from './webhooks.controller';

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
export class WebhooksModule {
  static forRoot(policy: WebhookUrlPolicy): DynamicModule {
    return {
      module: WebhooksModule,
      providers: [{ provide: WEBHOOK_URL_POLICY, useValue: policy }],
    };
  }
}
