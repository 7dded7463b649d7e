/** How a failed delivery is retried. */
export interface RetryPolicy {
  /** The delay ceiling after the first failure; it doubles with each further failure... */
  readonly baseDelayMs: number;
  /** ...up to this. */
  readonly maxDelayMs: number;
  /** Retries stop this long after the first attempt: the delivery is then failed. */
  readonly retryForMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
  retryForMs: 24 * 60 * 60_000,
};

/** The ceiling of the delay after `failures` failed attempts (1 or more): base * 2^(failures-1), capped. */
export function delayCeilingMs(failures: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

export interface FailedAttempt {
  /** Failed attempts so far, this one included. */
  readonly failures: number;
  /** Epoch ms of the delivery's first attempt. */
  readonly firstAttemptAt: number;
  /** Epoch ms of the attempt that just failed. */
  readonly attemptedAt: number;
}

/**
 * When to try again (epoch ms), or null when the retry window is over. "Equal jitter": the delay
 * is between half the ceiling and the ceiling, so the retries of many deliveries failed by one
 * outage spread out, yet none comes back at once. The last retry is at the window's end exactly.
 * `random` returns a number in [0, 1).
 */
export function nextAttemptAt(
  attempt: FailedAttempt,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  const deadline = attempt.firstAttemptAt + policy.retryForMs;
  if (attempt.attemptedAt >= deadline) return null;
  const ceiling = delayCeilingMs(attempt.failures, policy);
  const delay = ceiling / 2 + (random() * ceiling) / 2;
  return Math.min(Math.round(attempt.attemptedAt + delay), deadline);
}
