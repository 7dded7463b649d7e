export const CHANNELS = [
  'web',
  'mobile_app',
  'email',
  'sms',
  'phone',
  'chat',
  'social',
  'store',
  'kiosk',
  'mail',
  'partner',
  'back_office',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTCOMES = ['success', 'failure', 'abandoned', 'pending'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type AttributeValue = string | number | boolean;

/** A customer (or an anonymous visitor) did a step of a journey on a channel. */
export interface TouchpointRecorded {
  readonly type: 'TouchpointRecorded';
  readonly data: {
    /** The emitting service's idempotency key. */
    readonly touchpointId: string;
    readonly customerId: string | null;
    readonly anonymousId: string | null;
    readonly journey: string;
    readonly step: string;
    readonly stage: string | null;
    readonly channel: Channel;
    readonly outcome: Outcome;
    /** ISO-8601 instant, as sent (with its offset). */
    readonly occurredAt: string;
    readonly journeyInstanceId: string | null;
    readonly durationMs: number | null;
    readonly source: string | null;
    readonly agentId: string | null;
    readonly attributes: Readonly<Record<string, AttributeValue>>;
  };
}
