import { Command } from '@nestjs/cqrs';
import { FrictionType } from '@journey/domain';
import { WebhookView } from '../webhook-view';

export class CreateWebhook extends Command<WebhookView> {
  constructor(
    readonly url: string,
    /** Empty: every type. */
    readonly types: readonly FrictionType[],
    /** Empty: every journey. */
    readonly journeys: readonly string[],
    readonly secret: string,
  ) {
    super();
  }
}
