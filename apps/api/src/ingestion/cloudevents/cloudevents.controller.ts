import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { ReadsOwnMediaTypes } from '../../common/json-body.guard';
import { Ctx, RequestContext } from '../../common/request-context';
import {
  ExternalEvent,
  ExternalEventIngestion,
  ExternalEventsResult,
} from '../external-events/external-event';
import { CloudEvents } from './cloudevents.decorator';
import {
  CLOUD_EVENT_BATCH_SCHEMA,
  CLOUD_EVENT_SCHEMA,
  CloudEventsAcceptedDto,
} from './cloudevents.openapi';
import { BATCH_TYPE, STRUCTURED_TYPE } from './cloudevents-request';

/** CloudEvents 1.0 over HTTP (structured, batch and binary modes) into the ingestion seam. */
@ApiTags('ingestion')
@ApiBearerAuth()
@Controller('v1/cloudevents')
export class CloudEventsController {
  constructor(private readonly ingestion: ExternalEventIngestion) {}

  @Post()
  @HttpCode(202)
  @RequireScope('ingest')
  @ReadsOwnMediaTypes()
  @ApiConsumes(STRUCTURED_TYPE, BATCH_TYPE, 'application/json')
  @ApiBody({
    description:
      `${STRUCTURED_TYPE}: one CloudEvent; ${BATCH_TYPE}: an array of them; ` +
      'binary mode: ce-* headers carry the attributes, the body (JSON) is the data',
    schema: { oneOf: [CLOUD_EVENT_SCHEMA, CLOUD_EVENT_BATCH_SCHEMA] },
  })
  @ApiHeader({ name: 'ce-specversion', required: false, description: 'Binary mode: "1.0"' })
  @ApiHeader({ name: 'ce-id', required: false, description: 'Binary mode' })
  @ApiHeader({ name: 'ce-source', required: false, description: 'Binary mode' })
  @ApiHeader({ name: 'ce-type', required: false, description: 'Binary mode' })
  @ApiHeader({ name: 'ce-time', required: false, description: 'Binary mode (required here)' })
  @ApiResponse({ status: 202, type: CloudEventsAcceptedDto })
  @ApiResponse({
    status: 400,
    description:
      'INVALID_CLOUDEVENT (an envelope; fields named [index].attribute), or the touchpoint ' +
      'rules on what the source mapping made of it: every problem listed, nothing stored',
  })
  @ApiResponse({ status: 503, description: 'INGESTION_INCOMPLETE: repeating is safe' })
  receive(
    @CloudEvents() events: ExternalEvent[],
    @Ctx() ctx: RequestContext,
  ): Promise<ExternalEventsResult> {
    return this.ingestion.ingest(events, ctx);
  }
}
