import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../common/request-context';
import { TouchpointDto } from './touchpoint.dto';

export type TouchpointStatus = 'accepted' | 'duplicate' | 'failed';

export interface TouchpointsRecorded {
  readonly accepted: number;
  readonly duplicates: number;
  readonly results: { id: string; status: TouchpointStatus }[];
}

/** Record these (already valid) touchpoints, each customer's group atomically. */
export class RecordTouchpoints extends Command<TouchpointsRecorded> {
  constructor(
    readonly touchpoints: readonly TouchpointDto[],
    readonly context: RequestContext,
  ) {
    super();
  }
}
