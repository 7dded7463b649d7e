import { FEEDBACK_SCORE_RANGE } from '@journey/events';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The knobs of the friction rules, per journey. Windows are in ms and inclusive: two touchpoints
 * are "within" a window when their occurredAt differ by at most its length.
 */
export interface FrictionThresholds {
  /** repeat_attempt: this many occurrences of one step within repeatAttemptWindowMs. */
  readonly repeatAttemptCount: number;
  readonly repeatAttemptWindowMs: number;
  /** channel_hop: a digital step followed by an assisted one within this. */
  readonly channelHopWindowMs: number;
  /** repeat_contact: this many assisted-channel touchpoints within repeatContactWindowMs. */
  readonly repeatContactCount: number;
  readonly repeatContactWindowMs: number;
  /** slow_step: the p90 baseline counts once it holds this many samples... */
  readonly slowStepMinSamples: number;
  /** ...taken over this trailing window before the step. */
  readonly slowStepBaselineWindowMs: number;
  /** negative_feedback: CSAT <= csatMax, NPS <= npsMax, CES >= cesMin. */
  readonly csatMax: number;
  readonly npsMax: number;
  readonly cesMin: number;
}

export const DEFAULT_FRICTION_THRESHOLDS: FrictionThresholds = Object.freeze({
  repeatAttemptCount: 3,
  repeatAttemptWindowMs: HOUR,
  channelHopWindowMs: 24 * HOUR,
  repeatContactCount: 2,
  repeatContactWindowMs: 7 * DAY,
  slowStepMinSamples: 50,
  slowStepBaselineWindowMs: 30 * DAY,
  csatMax: 2,
  npsMax: 6,
  cesMin: 5,
});

interface Limit {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const COUNT: Limit = { min: 2, max: 1_000_000, integer: true }; // a "repeat" needs two
const WINDOW: Limit = { min: 1, max: 3650 * DAY, integer: true };
const score = (kind: keyof typeof FEEDBACK_SCORE_RANGE): Limit => ({
  min: FEEDBACK_SCORE_RANGE[kind][0],
  max: FEEDBACK_SCORE_RANGE[kind][1],
  integer: false,
});

// A mapped type, so adding a threshold without its limit does not compile.
const LIMITS: { readonly [K in keyof FrictionThresholds]: Limit } = {
  repeatAttemptCount: COUNT,
  repeatAttemptWindowMs: WINDOW,
  channelHopWindowMs: WINDOW,
  repeatContactCount: COUNT,
  repeatContactWindowMs: WINDOW,
  slowStepMinSamples: { min: 1, max: 1_000_000_000, integer: true },
  slowStepBaselineWindowMs: WINDOW,
  csatMax: score('csat'),
  npsMax: score('nps'),
  cesMin: score('ces'),
};

export interface ThresholdProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Every problem of a thresholds override (empty when valid). It takes unknown because overrides
 * will come from stored definitions: unknown fields and non-numbers are problems, undefined
 * fields are absent.
 */
export function validateFrictionThresholds(overrides: unknown): ThresholdProblem[] {
  if (overrides === undefined || overrides === null) return [];
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    return [{ field: '', message: 'must be an object' }];
  }
  const problems: ThresholdProblem[] = [];
  for (const [field, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const limit = Object.hasOwn(LIMITS, field) ? LIMITS[field as keyof FrictionThresholds] : null;
    if (limit === null) {
      problems.push({ field, message: 'is not a friction threshold' });
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, message: 'must be a finite number' });
    } else if (limit.integer && !Number.isInteger(value)) {
      problems.push({ field, message: 'must be an integer' });
    } else if (value < limit.min || value > limit.max) {
      problems.push({ field, message: `must be between ${limit.min} and ${limit.max}` });
    }
  }
  return problems;
}

export class InvalidFrictionThresholdsError extends Error {
  constructor(readonly problems: readonly ThresholdProblem[]) {
    super(
      `Invalid friction thresholds: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
    );
    this.name = 'InvalidFrictionThresholdsError';
  }
}

/** A journey's thresholds: its overrides over the defaults. Throws on any invalid override. */
export function frictionThresholds(
  overrides?: Partial<FrictionThresholds> | null,
): FrictionThresholds {
  const problems = validateFrictionThresholds(overrides);
  if (problems.length > 0) throw new InvalidFrictionThresholdsError(problems);
  const merged: Record<string, number> = { ...DEFAULT_FRICTION_THRESHOLDS };
  for (const [field, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) merged[field] = value;
  }
  return Object.freeze(merged as unknown as FrictionThresholds);
}

/**
 * A stored definition's thresholds. They were validated when defined; should one not pass (a
 * limit tightened since), the defaults apply rather than stopping the projection.
 */
export function thresholdsOfDefinition(
  def: { readonly frictionThresholds?: Readonly<Record<string, number>> } | null | undefined,
): FrictionThresholds {
  try {
    return frictionThresholds(def?.frictionThresholds ?? null);
  } catch {
    return DEFAULT_FRICTION_THRESHOLDS;
  }
}
