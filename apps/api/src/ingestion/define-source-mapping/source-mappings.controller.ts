import { Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { SourceMapping } from '@journey/domain';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { RequireScope } from '../../access/auth.decorators';
import { AppError } from '../../common/app-error';
import { Ctx, RequestContext } from '../../common/request-context';
import { DefineSourceMapping } from './define-source-mapping.command';
import { SourceMappingDto } from './source-mapping.dto';
import { SourceMappingPipe } from './source-mapping.pipe';
import { assertSource } from './source-param';
import { loadSourceMapping, StoredSourceMapping } from './source-mappings';

@ApiTags('sources')
@ApiBearerAuth()
@Controller('v1/sources/:source/mapping')
export class SourceMappingsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Put()
  @RequireScope('admin')
  @ApiBody({ type: SourceMappingDto })
  @ApiResponse({ status: 201, description: 'the first version' })
  @ApiResponse({ status: 200, description: 'a new version, or the same mapping again' })
  @ApiResponse({ status: 400, description: 'INVALID_SOURCE_MAPPING: every problem by field' })
  async define(
    @Param('source') source: string,
    @Body(SourceMappingPipe) mapping: SourceMapping,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertSource(source, 'INVALID_SOURCE_MAPPING');
    const result = await this.commands.execute(new DefineSourceMapping(source, mapping, ctx));
    res.status(result.changed && result.version === 1 ? 201 : 200);
    return view(result);
  }

  /** From the store itself: a mapping shows here as soon as it is defined. */
  @Get()
  @RequireScope('admin', 'read')
  async get(@Param('source') source: string) {
    assertSource(source, 'INVALID_QUERY');
    const stored = await loadSourceMapping(this.store, source);
    if (!stored) throw new AppError('NOT_FOUND', `Source "${source}" has no mapping`);
    return view(stored);
  }
}

function view(m: StoredSourceMapping) {
  return { ...m.data, version: m.version, definedAt: m.definedAt };
}
