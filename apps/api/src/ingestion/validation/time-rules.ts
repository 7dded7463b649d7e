import { FieldProblem } from '../../common/app-error';
import { Clock } from '../../common/clock';

export const MAX_FUTURE_MS = 5 * 60 * 1000;
/** The earliest event time taken: journeys are not older, and years before 1 break timestamps. */
export const EARLIEST_OCCURRED_AT = '1970-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST_OCCURRED_AT);

/**
 * Event times may run ahead of ours by clock skew, not more than 5 minutes; and none lies before
 * 1970 (a year 0 or earlier would be refused by PostgreSQL inside the projector, stalling it).
 */
export function occurredAtProblems(
  occurredAt: unknown,
  clock: Clock,
  index: number | null,
): FieldProblem[] {
  if (typeof occurredAt !== 'string') return [];
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t)) return [];
  if (t < EARLIEST_MS) {
    return [
      {
        index,
        field: 'occurredAt',
        rule: 'min',
        message: `occurredAt must not be before ${EARLIEST_OCCURRED_AT}`,
      },
    ];
  }
  if (t <= clock.now().getTime() + MAX_FUTURE_MS) return [];
  return [
    {
      index,
      field: 'occurredAt',
      rule: 'notInFuture',
      message: 'occurredAt must not be more than 5 minutes in the future',
    },
  ];
}
