import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { CHANNELS } from '@journey/events';
import { FieldProblem } from '../../common/app-error';
import { isCalendarDay } from '../../ingestion/validation/custom-rules';
import { JOURNEY_SLUG } from '../../ingestion/record-touchpoints/touchpoint.dto';

/** What the journey-map reads (map, variants) take: a journey, a range of UTC days, a channel. */
export interface MapRange {
  readonly journey: string;
  readonly from?: string;
  readonly to?: string;
  readonly channel?: string;
}

/** The OpenAPI parameters of a map range (the journey is the route's). */
export const ApiMapRange = () =>
  applyDecorators(
    ApiQuery({ name: 'from', required: false, example: '2026-01-01' }),
    ApiQuery({ name: 'to', required: false, example: '2026-03-31' }),
    ApiQuery({ name: 'channel', required: false, enum: CHANNELS }),
  );

/** The problems of a map read's journey, dates and channel, each naming its field and rule. */
export function mapRangeProblems(q: MapRange): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, rule: string, message: string) =>
    problems.push({ index: null, field, rule, message });
  if (!JOURNEY_SLUG.test(q.journey))
    bad('journey', 'pattern', 'journey must match ^[a-z0-9][a-z0-9_-]{0,63}$');
  for (const [field, value] of [
    ['from', q.from],
    ['to', q.to],
  ] as const) {
    if (value !== undefined && !isCalendarDay(value)) {
      bad(field, 'format', `${field} must be a date YYYY-MM-DD`);
    }
  }
  if (q.from && q.to && q.from > q.to) bad('to', 'range', 'to must not be before from');
  if (q.channel !== undefined && !(CHANNELS as readonly string[]).includes(q.channel)) {
    bad('channel', 'enum', `channel must be one of: ${CHANNELS.join(', ')}`);
  }
  return problems;
}
