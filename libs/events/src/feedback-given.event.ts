import { Channel } from './touchpoint-recorded.event';

export const FEEDBACK_KINDS = ['csat', 'nps', 'ces'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Inclusive score range of each kind of feedback. */
export const FEEDBACK_SCORE_RANGE: Record<FeedbackKind, readonly [number, number]> = {
  csat: [1, 5],
  nps: [0, 10],
  ces: [1, 7],
};

/** A customer rated their experience (CSAT, NPS or customer effort). */
export interface FeedbackGiven {
  readonly type: 'FeedbackGiven';
  readonly data: {
    readonly feedbackId: string;
    readonly customerId: string;
    readonly kind: FeedbackKind;
    readonly score: number;
    readonly occurredAt: string;
    readonly journey: string | null;
    readonly touchpointId: string | null;
    readonly channel: Channel | null;
    readonly comment: string | null;
  };
}
