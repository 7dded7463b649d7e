export interface JourneyStep {
  touchpointId: string;
  step: string;
  stage: string | null;
  channel: string;
  outcome: string;
  occurredAt: string;
  sincePreviousMs: number | null;
}

export interface JourneyFeedback {
  feedbackId: string;
  kind: string;
  score: number;
  comment: string | null;
  occurredAt: string;
}

/** One journey instance of a customer, its steps in order. */
export interface JourneyView {
  journey: string;
  instanceId: string;
  status: string;
  startedAt: string;
  lastActivityAt: string;
  steps: JourneyStep[];
  channels: string[];
  feedback: JourneyFeedback[];
}

/** GET /v1/customers/:customerId/journeys */
export interface CustomerJourneysPage {
  customerId: string;
  journeys: JourneyView[];
  nextCursor: string | null;
}
