import { InstanceStep } from '../journeys/types';

/**
 * The indexes of `earlier` (positions in `steps`, in instance order) whose touchpoint is at most
 * windowMs before `at`, oldest first. Inclusive: exactly windowMs apart is within the window.
 * Instance order is by occurredAt, so it walks back from the newest and stops at the first miss.
 */
export function tailWithin(
  steps: readonly InstanceStep[],
  earlier: readonly number[],
  at: number,
  windowMs: number,
): number[] {
  let k = earlier.length;
  while (k > 0 && at - steps[earlier[k - 1]].occurredAt <= windowMs) k--;
  return earlier.slice(k);
}
