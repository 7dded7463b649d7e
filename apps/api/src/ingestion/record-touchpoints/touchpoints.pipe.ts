import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { customerStream, anonymousStream } from '@journey/events';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { CLOCK, Clock } from '../../common/clock';
import { attributeProblems } from '../validation/custom-rules';
import { occurredAtProblems } from '../validation/time-rules';
import { validateItem } from '../validation/validate-items';
import { countRejections } from '../../metrics/api-metrics';
import { TouchpointDto } from './touchpoint.dto';

export const MAX_BATCH = 1000;

/** Turns a request body (one touchpoint, or `{touchpoints: [...]}`) into valid touchpoints, or lists every problem. */
@Injectable()
export class TouchpointsPipe implements PipeTransform<unknown, TouchpointDto[]> {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  transform(body: unknown): TouchpointDto[] {
    const problems: FieldProblem[] = [];
    const items = this.items(body, problems);
    const seen = new Map<string, number>();
    const valid: TouchpointDto[] = [];
    items.forEach((raw, index) => {
      const { value, problems: own } = validateItem(TouchpointDto, raw, index, 'flat');
      problems.push(...own);
      if (!value) return;
      problems.push(...touchpointProblems(value, index, this.clock, seen));
      valid.push(value);
    });
    if (problems.length > 0) {
      countRejections(problems);
      throw new ValidationFailedError('INVALID_TOUCHPOINT', problems);
    }
    return valid;
  }

  private items(body: unknown, problems: FieldProblem[]): unknown[] {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      problems.push({
        index: null,
        field: '',
        rule: 'type',
        message: 'body must be a touchpoint object or {"touchpoints": [...]}',
      });
      return [];
    }
    if (!('touchpoints' in body)) return [body];
    for (const key of Object.keys(body)) {
      if (key !== 'touchpoints')
        problems.push({
          index: null,
          field: key,
          rule: 'unknownField',
          message: `unknown field "${key}"`,
        });
    }
    const list = (body as { touchpoints: unknown }).touchpoints;
    if (!Array.isArray(list)) {
      problems.push({
        index: null,
        field: 'touchpoints',
        rule: 'type',
        message: 'touchpoints must be an array',
      });
      return [];
    }
    if (list.length < 1 || list.length > MAX_BATCH) {
      problems.push({
        index: null,
        field: 'touchpoints',
        rule: list.length < 1 ? 'minItems' : 'maxItems',
        message: `touchpoints must hold 1 to ${MAX_BATCH} items`,
      });
      return [];
    }
    return list;
  }
}

/**
 * What a touchpoint's own field rules cannot see: one owner, its time, its attributes, and that
 * its id is not used twice for the same customer in the request (`seen` spans the request).
 */
export function touchpointProblems(
  t: TouchpointDto,
  index: number,
  clock: Clock,
  seen: Map<string, number>,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if ((t.customerId === undefined) === (t.anonymousId === undefined)) {
    out.push({
      index,
      field: 'customerId',
      rule: 'exactlyOne',
      message: 'exactly one of customerId and anonymousId is required',
    });
  }
  out.push(...occurredAtProblems(t.occurredAt, clock, index));
  out.push(...attributeProblems(t.attributes, index));
  const stream =
    t.customerId !== undefined
      ? customerStream(t.customerId)
      : anonymousStream(t.anonymousId ?? '');
  const key = `${stream}\u0000${t.id}`;
  const first = seen.get(key);
  if (first !== undefined) {
    out.push({
      index,
      field: 'id',
      rule: 'unique',
      message: `id repeats item ${first} for the same customer`,
    });
  } else seen.set(key, index);
  return out;
}
