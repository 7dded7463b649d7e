import { Query } from '@nestjs/cqrs';
import { WebhookView } from '../webhook-view';

export class ListWebhooks extends Query<WebhookView[]> {}
