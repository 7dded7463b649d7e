import { Injectable, PipeTransform } from '@nestjs/common';
import { mappingProblems, SourceMapping } from '@journey/domain';
import { ValidationFailedError } from '../../common/app-error';
import { validateItem } from '../validation/validate-items';
import { SourceMappingDto } from './source-mapping.dto';

/** A mapping's fields one by one, then its rules as a whole; absent parts stored as null. */
@Injectable()
export class SourceMappingPipe implements PipeTransform<unknown, SourceMapping> {
  transform(body: unknown): SourceMapping {
    const { value, problems } = validateItem(SourceMappingDto, body, null);
    if (!value || problems.length > 0)
      throw new ValidationFailedError('INVALID_SOURCE_MAPPING', problems);
    const mapping: SourceMapping = {
      rules: value.rules.map((r) => ({
        match: { kind: r.match.kind ?? null, name: r.match.name ?? null },
        journey: r.journey ?? null,
        journeyFrom: r.journeyFrom ?? null,
        step: r.step ?? null,
        stepFrom: r.stepFrom ?? null,
        stage: r.stage ?? null,
        outcome: r.outcome ?? null,
        channel: r.channel ?? null,
      })),
      defaultChannel: value.defaultChannel ?? null,
    };
    const cross = mappingProblems(mapping.rules).map((p) => ({ index: null, ...p }));
    if (cross.length > 0) throw new ValidationFailedError('INVALID_SOURCE_MAPPING', cross);
    return mapping;
  }
}
