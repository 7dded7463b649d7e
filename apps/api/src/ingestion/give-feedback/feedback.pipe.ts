import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { FEEDBACK_SCORE_RANGE } from '@journey/events';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { CLOCK, Clock } from '../../common/clock';
import { occurredAtProblems } from '../validation/time-rules';
import { validateItem } from '../validation/validate-items';
import { FeedbackDto } from './feedback.dto';

@Injectable()
export class FeedbackPipe implements PipeTransform<unknown, FeedbackDto> {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  transform(body: unknown): FeedbackDto {
    const { value, problems } = validateItem(FeedbackDto, body, null);
    const all: FieldProblem[] = [...problems];
    if (value) {
      const range = FEEDBACK_SCORE_RANGE[value.kind];
      if (
        range &&
        Number.isInteger(value.score) &&
        (value.score < range[0] || value.score > range[1])
      ) {
        all.push({
          index: null,
          field: 'score',
          rule: 'range',
          message: `score for ${value.kind} must be ${range[0]}-${range[1]}`,
        });
      }
      all.push(...occurredAtProblems(value.occurredAt, this.clock, null));
    }
    if (all.length > 0 || !value) throw new ValidationFailedError('INVALID_FEEDBACK', all);
    return value;
  }
}
