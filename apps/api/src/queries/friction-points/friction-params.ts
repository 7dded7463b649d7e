import { isCalendarDay } from '../../ingestion/validation/custom-rules';
import { FRICTION_TYPES } from '@journey/domain';
import { CHANNELS } from '@journey/events';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { JOURNEY_SLUG } from '../../ingestion/record-touchpoints/touchpoint.dto';
import { FRICTION_SORTS, FrictionFilter, FrictionSort } from './friction-points.query';

export type RawParams = Record<string, string | undefined>;

/** Validates the query string of the friction endpoints: every problem reported at once. */
export class FrictionParams {
  private readonly problems: FieldProblem[] = [];

  constructor(private readonly raw: RawParams) {}

  filter(): FrictionFilter {
    const { journey, type, step, channel, from, to } = this.raw;
    if (journey !== undefined && !JOURNEY_SLUG.test(journey))
      this.bad('journey', 'pattern', 'journey must match ^[a-z0-9][a-z0-9_-]{0,63}$');
    this.oneOf('type', type, FRICTION_TYPES);
    if (step !== undefined && (step.length < 1 || step.length > 128))
      this.bad('step', 'length', 'step must be 1 to 128 characters');
    this.oneOf('channel', channel, CHANNELS);
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !isCalendarDay(value))
        this.bad(field, 'format', `${field} must be a date YYYY-MM-DD`);
    }
    if (from && to && from > to) this.bad('to', 'range', 'to must not be before from');
    return {
      journey: journey ?? null,
      type: type ?? null,
      step: step ?? null,
      channel: channel ?? null,
      from: from ?? null,
      to: to ?? null,
    };
  }

  sort(): FrictionSort {
    const sort = this.raw.sort ?? 'severity';
    this.oneOf('sort', sort, FRICTION_SORTS);
    return sort as FrictionSort;
  }

  limit(): number {
    const raw = this.raw.limit ?? '20';
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > 100)
      this.bad('limit', 'range', 'limit must be an integer from 1 to 100');
    return n;
  }

  offset(): number {
    if (this.raw.cursor === undefined) return 0;
    try {
      const { offset } = JSON.parse(Buffer.from(this.raw.cursor, 'base64url').toString()) as {
        offset?: unknown;
      };
      if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
    } catch {
      // reported below
    }
    this.bad('cursor', 'format', 'cursor must be a nextCursor returned by this endpoint');
    return 0;
  }

  /** Throws INVALID_QUERY listing every problem found so far. */
  check(): void {
    if (this.problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', this.problems);
  }

  bad(field: string, rule: string, message: string): void {
    this.problems.push({ index: null, field, rule, message });
  }

  private oneOf(field: string, value: string | undefined, allowed: readonly string[]): void {
    if (value !== undefined && !allowed.includes(value))
      this.bad(field, 'enum', `${field} must be one of: ${allowed.join(', ')}`);
  }
}
