import type { FrictionType } from '@journey/contracts';
import { Channel, FeedbackKind } from '@journey/events';
import { JourneyInstance, JourneyRules } from '../journeys/types';
import { FrictionThresholds } from './thresholds';

// The kinds of friction are part of the API's answers: the dashboard reads the same list.
export { FRICTION_TYPES } from '@journey/contracts';
export type { FrictionType } from '@journey/contracts';

/** Feedback attached to an instance (FeedbackGiven's data, time as epoch ms). */
export interface InstanceFeedback {
  readonly feedbackId: string;
  readonly kind: FeedbackKind;
  readonly score: number;
  readonly occurredAt: number;
  readonly touchpointId?: string | null;
}

/** The trailing window a baseline is asked about: transitions that ended in [fromMs, toMs). */
export interface BaselineWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface TransitionBaseline {
  /** The p90 as the journey map shows it (its sketch's estimate, within 1%). */
  readonly p90Ms: number;
  /**
   * The largest duration the p90's sketch bucket holds: only a duration above it is certainly
   * longer than the exact p90 (QuantileSketch.quantileUpperBound).
   */
  readonly p90UpperMs: number;
  readonly samples: number;
}

/**
 * The p90 of a transition's durations (fromStep -> toStep) on the journey map over a window, or
 * undefined when there is none. Injected, so the projector can back it with its daily sketches
 * and the rules stay pure. It must depend only on its arguments for detection to be repeatable.
 */
export type TransitionBaselineFn = (
  fromStep: string,
  toStep: string,
  window: BaselineWindow,
) => TransitionBaseline | undefined;

export interface FrictionContext {
  readonly rules: JourneyRules;
  readonly thresholds: FrictionThresholds;
  /** The instance's feedback (see InstanceFeedback); duplicates of a feedbackId count once. */
  readonly feedback?: readonly InstanceFeedback[];
  /** Without one only SLAs make a step slow. */
  readonly baseline?: TransitionBaselineFn;
}

export type RepeatReason = 'window' | 'after_failure';
export type SlowThreshold = 'sla' | 'p90';

/** What each type found, beyond the touchpoints: enough to explain the occurrence. */
export type FrictionDetail =
  | { readonly type: 'repeat_attempt'; readonly reasons: readonly RepeatReason[] }
  | { readonly type: 'failure' }
  | {
      readonly type: 'channel_hop';
      readonly fromChannel: Channel;
      readonly toChannel: Channel;
      readonly gapMs: number;
    }
  | { readonly type: 'repeat_contact'; readonly contacts: number }
  | {
      readonly type: 'slow_step';
      readonly fromStep: string;
      readonly durationMs: number;
      /** Which thresholds the duration exceeded: one or both. */
      readonly exceeded: readonly SlowThreshold[];
      readonly slaMs: number | null;
      /** The baseline consulted (null when none was given or it had too few samples). */
      readonly p90Ms: number | null;
      readonly samples: number | null;
    }
  | { readonly type: 'backtrack'; readonly fromStage: string; readonly toStage: string }
  | { readonly type: 'abandonment' }
  | {
      readonly type: 'negative_feedback';
      readonly kind: FeedbackKind;
      readonly score: number;
    };

/**
 * One friction found in one instance, attributed to the touchpoint where it fired (the one that
 * completed the pattern; for feedback, see negative-feedback.ts).
 */
export interface FrictionOccurrence {
  /** Stable: derived from customer, journey, instance, type and triggerId (frictionId). */
  readonly id: string;
  readonly type: FrictionType;
  readonly journey: string;
  readonly customerId: string;
  readonly instanceId: string;
  /** The touchpoint that completed the pattern, or the feedback for negative_feedback. */
  readonly triggerId: string;
  /** Where it is attributed: this touchpoint's step, stage and channel. */
  readonly touchpointId: string;
  readonly step: string;
  readonly stage: string | null;
  readonly channel: Channel;
  readonly occurredAt: number;
  /** Every touchpoint that made it fire, in instance order (the attributed one included). */
  readonly touchpointIds: readonly string[];
  readonly feedbackId: string | null;
  readonly detail: FrictionDetail;
}

/** One rule: every occurrence of its type in one instance. */
export type FrictionRule = (
  instance: JourneyInstance,
  context: FrictionContext,
) => FrictionOccurrence[];
