import { Random } from './prng';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface DemoTouchpoint {
  id: string;
  customerId?: string;
  anonymousId?: string;
  journey: string;
  step: string;
  channel: string;
  outcome: 'success' | 'failure';
  occurredAt: string;
  agentId?: string;
  attributes?: Record<string, string>;
}

export interface DemoFeedback {
  id: string;
  customerId: string;
  kind: 'csat' | 'nps' | 'ces';
  score: number;
  occurredAt: string;
  journey: string;
  touchpointId?: string;
  channel?: string;
  comment?: string;
}

export interface DemoIdentity {
  anonymousId: string;
  customerId: string;
  occurredAt: string;
}

export interface DemoDefinition {
  stages: { name: string; steps: string[] }[];
  goalSteps: string[];
  failureSteps: string[];
  abandonAfter: string;
  stepSla: Record<string, number>;
}

export interface DemoData {
  definitions: Record<string, DemoDefinition>;
  /** In time order. */
  touchpoints: DemoTouchpoint[];
  identities: DemoIdentity[];
  feedback: DemoFeedback[];
  /** A customer id showing each planted friction (for the README and a first look). */
  examples: Record<string, string>;
}

export interface DemoOptions {
  /** The end of the data (the seeding's now): nothing is later. */
  now: number;
  days: number;
  /** Onboarding customers; support has about 60% as many. */
  customers: number;
  seed: number;
}

/**
 * Writes one customer's events. Events after `now` are dropped (those journeys are still under
 * way), and once one is dropped so is everything after it.
 */
export class Recorder {
  private n = 0;
  private stopped = false;
  readonly touchpoints: DemoTouchpoint[] = [];
  readonly feedback: DemoFeedback[] = [];
  readonly identities: DemoIdentity[] = [];

  constructor(
    readonly rng: Random,
    readonly journey: string,
    readonly customerId: string,
    private readonly now: number,
    public t: number,
    /** Ids are `<idPrefix>-<n>`: unique per customer and journey, or per case when there are several. */
    private readonly idPrefix = `${customerId}-${journey}`,
  ) {}

  /** Moves the clock on by a random wait in [lo, hi) ms. */
  wait(lo: number, hi: number): this {
    this.t += Math.round(this.rng.between(lo, hi));
    return this;
  }

  get done(): boolean {
    return this.stopped || this.t > this.now;
  }

  step(
    step: string,
    channel: string,
    extra: Partial<Pick<DemoTouchpoint, 'outcome' | 'anonymousId' | 'agentId' | 'attributes'>> = {},
  ): DemoTouchpoint | null {
    if (this.done) {
      this.stopped = true;
      return null;
    }
    const { anonymousId, outcome = 'success', ...rest } = extra;
    const tp: DemoTouchpoint = {
      id: `${this.idPrefix}-${++this.n}`,
      ...(anonymousId ? { anonymousId } : { customerId: this.customerId }),
      journey: this.journey,
      step,
      channel,
      outcome,
      occurredAt: new Date(this.t).toISOString(),
      ...rest,
    };
    this.touchpoints.push(tp);
    return tp;
  }

  identify(anonymousId: string): void {
    if (!this.done)
      this.identities.push({
        anonymousId,
        customerId: this.customerId,
        occurredAt: new Date(this.t).toISOString(),
      });
  }

  feedbackOn(
    kind: DemoFeedback['kind'],
    score: number,
    about: DemoTouchpoint | null,
    comment?: string,
  ): void {
    if (this.done || !about) return;
    this.feedback.push({
      id: `fb-${this.idPrefix}-${++this.n}`,
      customerId: this.customerId,
      kind,
      score,
      occurredAt: new Date(this.t).toISOString(),
      journey: this.journey,
      touchpointId: about.id,
      channel: about.channel,
      ...(comment ? { comment } : {}),
    });
  }
}
