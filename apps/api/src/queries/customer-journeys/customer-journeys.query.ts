import { PageCursor } from './cursor';
import { Query } from '@nestjs/cqrs';

export interface JourneyView {
  journey: string;
  instanceId: string;
  status: string;
  startedAt: string;
  lastActivityAt: string;
  steps: {
    touchpointId: string;
    step: string;
    stage: string | null;
    channel: string;
    outcome: string;
    occurredAt: string;
    sincePreviousMs: number | null;
  }[];
  channels: string[];
  feedback: {
    feedbackId: string;
    kind: string;
    score: number;
    comment: string | null;
    occurredAt: string;
  }[];
}

export interface CustomerJourneysPage {
  customerId: string;
  journeys: JourneyView[];
  nextCursor: string | null;
}

export class GetCustomerJourneys extends Query<CustomerJourneysPage> {
  constructor(
    readonly customerId: string,
    readonly journey: string | undefined,
    readonly limit: number,
    readonly cursor: PageCursor | null,
    /** Personal fields (feedback comments) decrypted, else redacted. */
    readonly reveal = false,
  ) {
    super();
  }
}
