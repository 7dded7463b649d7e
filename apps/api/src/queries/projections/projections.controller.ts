import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { GetProjections } from './projections.query';
import { RequestRebuild } from './request-rebuild.command';

@ApiTags('projections')
@ApiBearerAuth()
@Controller('v1/projections')
export class ProjectionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  /**
   * Each projection's checkpoints and how far behind the store they are: over all its partitions
   * at the top level, and partition by partition in `partitions`.
   */
  @Get()
  @RequireScope('read')
  list() {
    return this.queries.execute(new GetProjections());
  }

  /** Asks a projector to replay the projection into shadow tables and swap them in (no downtime). */
  @Post(':name/rebuild')
  @HttpCode(202)
  @RequireScope('admin')
  rebuild(@Param('name') name: string) {
    return this.commands.execute(new RequestRebuild(name));
  }
}
