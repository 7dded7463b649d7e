import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { RequireScope } from '../../access/auth.decorators';
import { CLOCK, Clock } from '../../common/clock';
import { Ctx, RequestContext } from '../../common/request-context';
import { ExternalEvent, ExternalEventIngestion } from '../external-events/external-event';
import { parseSegmentBatch, parseSegmentMessage, SegmentCall } from './segment-messages';

const bytesOf = (req: Request) => (req as Request & { rawBody?: Buffer }).rawBody?.length ?? 0;

/**
 * Segment's tracking API (api.segment.io/v1/...) for unmodified Segment clients: the write key
 * is an API key with the ingest scope, sent as the Basic user name. Answers 200 once stored; a
 * client error is a 4xx, which Segment's clients do not retry.
 */
@ApiTags('segment')
@ApiBasicAuth('segment-write-key')
@ApiResponse({ status: 200, description: 'stored (or a duplicate); unmapped events counted' })
@ApiResponse({ status: 400, description: 'INVALID_TOUCHPOINT: problems by batch[i].field' })
@ApiResponse({ status: 401, description: 'unknown write key' })
@ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: a batch over 500 KB' })
@Controller('v1/segment')
export class SegmentController {
  constructor(
    private readonly ingestion: ExternalEventIngestion,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('batch')
  @HttpCode(200)
  @RequireScope('ingest')
  @ApiBody({ schema: { type: 'object', properties: { batch: { type: 'array' } } } })
  batch(@Body() body: unknown, @Req() req: Request, @Ctx() ctx: RequestContext) {
    return this.ingest(parseSegmentBatch(body, bytesOf(req), this.clock.now()), ctx);
  }

  @Post('track')
  @HttpCode(200)
  @RequireScope('ingest')
  track(@Body() body: unknown, @Req() req: Request, @Ctx() ctx: RequestContext) {
    return this.one('track', body, req, ctx);
  }

  @Post('identify')
  @HttpCode(200)
  @RequireScope('ingest')
  identify(@Body() body: unknown, @Req() req: Request, @Ctx() ctx: RequestContext) {
    return this.one('identify', body, req, ctx);
  }

  @Post('page')
  @HttpCode(200)
  @RequireScope('ingest')
  page(@Body() body: unknown, @Req() req: Request, @Ctx() ctx: RequestContext) {
    return this.one('page', body, req, ctx);
  }

  @Post('screen')
  @HttpCode(200)
  @RequireScope('ingest')
  screen(@Body() body: unknown, @Req() req: Request, @Ctx() ctx: RequestContext) {
    return this.one('screen', body, req, ctx);
  }

  private one(call: SegmentCall, body: unknown, req: Request, ctx: RequestContext) {
    return this.ingest(parseSegmentMessage(call, body, bytesOf(req), this.clock.now()), ctx);
  }

  private async ingest(events: ExternalEvent[], ctx: RequestContext) {
    // Segment answers {"success": true}; its clients only look at the status.
    return { success: true, ...(await this.ingestion.ingest(events, ctx)) };
  }
}
