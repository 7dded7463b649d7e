import { Channel, Outcome } from '@journey/events';

/** One touchpoint as the journey logic sees it: resolved to its customer, time as epoch ms. */
export interface TouchpointFact {
  readonly touchpointId: string;
  /** The customer (an anonymous id's touchpoints carry the customer it was linked to, else the anonymous id). */
  readonly customerId: string;
  readonly journey: string;
  readonly step: string;
  readonly stage: string | null;
  readonly channel: Channel;
  readonly outcome: Outcome;
  readonly occurredAt: number;
  readonly journeyInstanceId: string | null;
  /** Arrival order (the global position, as a sortable string): breaks ties of occurredAt. */
  readonly arrival: string;
}

/** What a journey definition says, ready for the logic (defaults when a journey has none). */
export interface JourneyRules {
  readonly journey: string;
  /** Stage names in the definition's order (empty without a definition). */
  readonly stages: readonly string[];
  /** The defined stage of a step, if any. */
  readonly stageOfStep: ReadonlyMap<string, string>;
  readonly goalSteps: ReadonlySet<string>;
  readonly failureSteps: ReadonlySet<string>;
  readonly abandonAfterMs: number;
  readonly stepSlaMs: ReadonlyMap<string, number>;
}

export type InstanceStatus = 'active' | 'completed' | 'failed' | 'abandoned';

export interface InstanceStep {
  readonly touchpointId: string;
  readonly step: string;
  /** The touchpoint's stage, else the defined stage of its step, else null. */
  readonly stage: string | null;
  readonly channel: Channel;
  readonly outcome: Outcome;
  readonly occurredAt: number;
  /** Time since the previous step of the instance; null for the first. */
  readonly sincePreviousMs: number | null;
}

export interface JourneyInstance {
  readonly journey: string;
  /** journeyInstanceId when the emitter gave one, else `auto:<first touchpoint id>`. */
  readonly instanceId: string;
  readonly customerId: string;
  readonly status: InstanceStatus;
  readonly startedAt: number;
  readonly lastActivityAt: number;
  readonly steps: readonly InstanceStep[];
}

/** The channels an instance used, in order of first use (its rows' `channels`, wherever kept). */
export function channelsOf(instance: JourneyInstance): Channel[] {
  return [...new Set(instance.steps.map((s) => s.channel))];
}
