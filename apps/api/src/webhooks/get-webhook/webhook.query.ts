import { Query } from '@nestjs/cqrs';
import { WebhookView } from '../webhook-view';

export interface WebhookDetailView extends WebhookView {
  /** How many of its deliveries are in each status. */
  readonly deliveries: { pending: number; delivered: number; failed: number };
}

export class GetWebhook extends Query<WebhookDetailView> {
  constructor(readonly id: string) {
    super();
  }
}
