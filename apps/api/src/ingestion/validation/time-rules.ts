import { FieldProblem } from '../../common/app-error';
import { Clock } from '../../common/clock';

export const MAX_FUTURE_MS = 5 * 60 * 1000;

/** Event times may run ahead of ours by clock skew, not more than 5 minutes. */
export function futureProblem(
  occurredAt: unknown,
  clock: Clock,
  index: number | null,
): FieldProblem[] {
  if (typeof occurredAt !== 'string') return [];
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t) || t <= clock.now().getTime() + MAX_FUTURE_MS) return [];
  return [
    {
      index,
      field: 'occurredAt',
      rule: 'notInFuture',
      message: 'occurredAt must not be more than 5 minutes in the future',
    },
  ];
}
