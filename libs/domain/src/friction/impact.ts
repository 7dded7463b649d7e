/**
 * What a friction point costs. Counts are over instances in a period:
 * - `instancesWith`: instances where the friction occurred at the point's step and channel,
 *   `closedWith`/`completedWith` of them closed (completed, failed or abandoned) / completed;
 * - `passed`: instances that went through that step on that channel, with or without the
 *   friction, `passedClosed`/`passedCompleted` likewise.
 */
export interface FrictionCounts {
  readonly customers: number;
  readonly instancesWith: number;
  readonly closedWith: number;
  readonly completedWith: number;
  readonly passed: number;
  readonly passedClosed: number;
  readonly passedCompleted: number;
}

export interface FrictionImpact {
  /** instancesWith / passed: how many of those at the step it hits. */
  readonly shareOfInstances: number | null;
  /** Completion rate of closed instances that hit it, and of those that passed without it. */
  readonly completionRateWith: number | null;
  readonly completionRateWithout: number | null;
  readonly severity: number;
}

/** Share of a friction that counts even when it does not lower completion (it still annoys). */
export const SEVERITY_FLOOR = 0.1;

/**
 * severity = customers × (0.1 + 0.9 × max(0, completionRateWithout − completionRateWith)):
 * the customers affected, weighted by how much the friction lowers completion. One that does not
 * change completion counts a tenth of its customers; one that stops every instance that would
 * otherwise complete counts all of them. Rates are over closed instances only (active ones have
 * no outcome yet); without both rates the impact term is 0.
 */
export function frictionImpact(c: FrictionCounts): FrictionImpact {
  const rate = (completed: number, closed: number) =>
    closed > 0 ? Math.min(1, Math.max(0, completed / closed)) : null;
  const completionRateWith = rate(c.completedWith, c.closedWith);
  const completionRateWithout = rate(
    c.passedCompleted - c.completedWith,
    c.passedClosed - c.closedWith,
  );
  const impact =
    completionRateWith !== null && completionRateWithout !== null
      ? Math.max(0, completionRateWithout - completionRateWith)
      : 0;
  return {
    shareOfInstances: c.passed > 0 ? Math.min(1, c.instancesWith / c.passed) : null,
    completionRateWith,
    completionRateWithout,
    severity:
      Math.round(c.customers * (SEVERITY_FLOOR + (1 - SEVERITY_FLOOR) * impact) * 100) / 100,
  };
}
