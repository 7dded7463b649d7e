import { Query } from '@nestjs/cqrs';

export interface DeliveryAttemptView {
  readonly attempt: number;
  readonly at: string;
  readonly durationMs: number;
  /** The receiver's answer, or null when there was none (see error). */
  readonly httpStatus: number | null;
  readonly error: string | null;
}

export interface DeliveryView {
  readonly id: string;
  readonly occurrenceId: string;
  readonly type: string;
  readonly journey: string;
  readonly customerId: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly createdAt: string;
  /** Null once delivered or failed. */
  readonly nextAttemptAt: string | null;
  readonly finishedAt: string | null;
  readonly attempts: DeliveryAttemptView[];
}

export interface DeliveriesPage {
  readonly webhookId: string;
  readonly deliveries: DeliveryView[];
  readonly nextCursor: string | null;
}

/** A webhook's deliveries, newest first; `before` is the feed seq the previous page ended at. */
export class GetWebhookDeliveries extends Query<DeliveriesPage> {
  constructor(
    readonly webhookId: string,
    readonly limit: number,
    readonly before: string | null,
  ) {
    super();
  }
}
