import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../../common/app-error';
import { CLOCK, Clock } from '../../common/clock';
import { occurredAtProblems } from '../validation/time-rules';
import { validateItem } from '../validation/validate-items';
import { IdentityDto } from './identity.dto';

@Injectable()
export class IdentityPipe implements PipeTransform<unknown, IdentityDto> {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  transform(body: unknown): IdentityDto {
    const { value, problems } = validateItem(IdentityDto, body, null);
    const all = value
      ? [...problems, ...occurredAtProblems(value.occurredAt, this.clock, null)]
      : problems;
    if (!value || all.length > 0) throw new ValidationFailedError('INVALID_IDENTITY', all);
    return value;
  }
}
