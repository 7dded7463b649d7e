import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { Ctx, RequestContext } from '../../common/request-context';
import { RecordTouchpoints } from './record-touchpoints.command';
import { TouchpointBatchDto, TouchpointDto, TouchpointsAcceptedDto } from './touchpoint.dto';
import { TouchpointsPipe } from './touchpoints.pipe';

@ApiTags('ingestion')
@ApiBearerAuth()
@ApiExtraModels(TouchpointDto, TouchpointBatchDto)
@Controller('v1/touchpoints')
export class TouchpointsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @RequireScope('ingest')
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(TouchpointDto) }, { $ref: getSchemaPath(TouchpointBatchDto) }],
    },
  })
  @ApiResponse({ status: 202, type: TouchpointsAcceptedDto })
  @ApiResponse({
    status: 400,
    description: 'INVALID_TOUCHPOINT: every problem listed, nothing stored',
  })
  @ApiResponse({
    status: 503,
    description: 'INGESTION_INCOMPLETE: per-item status; repeating is safe',
  })
  record(@Body(TouchpointsPipe) touchpoints: TouchpointDto[], @Ctx() ctx: RequestContext) {
    return this.commands.execute(new RecordTouchpoints(touchpoints, ctx));
  }
}
