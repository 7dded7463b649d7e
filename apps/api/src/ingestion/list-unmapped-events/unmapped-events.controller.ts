import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { assertSource } from '../define-source-mapping/source-param';
import { UnmappedEvents } from '../external-events/unmapped-events';

const LIMIT = 500;

@ApiTags('sources')
@ApiBearerAuth()
@Controller('v1/sources/:source/unmapped')
export class UnmappedEventsController {
  constructor(private readonly unmapped: UnmappedEvents) {}

  /** Events of the source no mapping rule took, by kind and name, most frequent first. */
  @Get()
  @RequireScope('read', 'admin')
  async list(@Param('source') source: string) {
    assertSource(source, 'INVALID_QUERY');
    return { source, unmapped: await this.unmapped.list(source, LIMIT) };
  }
}
