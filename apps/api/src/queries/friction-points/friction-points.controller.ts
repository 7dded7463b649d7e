import { Controller, Get, Param, Query as QueryParam, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../../access/api-key.guard';
import { RequireScope } from '../../access/auth.decorators';
import { FrictionParams, RawParams } from './friction-params';
import { GetFrictionPoint } from './friction-point.query';
import { ListFrictionPoints, parsePointId } from './friction-points.query';
import { FrictionStream } from './friction-stream';

@ApiTags('frictions')
@ApiBearerAuth()
@Controller('v1/friction-points')
export class FrictionPointsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly stream: FrictionStream,
  ) {}

  /** Ranked friction points; days are UTC days of the occurrences, both ends included. */
  @Get()
  @RequireScope('read')
  list(@QueryParam() raw: RawParams) {
    const params = new FrictionParams(raw);
    const filter = params.filter();
    const sort = params.sort();
    const limit = params.limit();
    const offset = params.offset();
    params.check();
    return this.queries.execute(new ListFrictionPoints(filter, sort, limit, offset));
  }

  /**
   * New occurrences as Server-Sent Events (`id` = feed position, `event: friction`), heartbeats
   * as comments; a client resumes with Last-Event-ID. Declared before `:id` so it is not one.
   */
  @Get('stream')
  @RequireScope('read')
  async sse(@QueryParam() raw: RawParams, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const params = new FrictionParams({ journey: raw.journey, type: raw.type });
    const { journey, type } = params.filter();
    const lastEventId = req.header('last-event-id') ?? raw.lastEventId;
    if (lastEventId !== undefined && !/^\d{1,18}$/.test(lastEventId))
      params.bad('Last-Event-ID', 'format', 'Last-Event-ID must be an event id of this stream');
    params.check();
    await this.stream.serve(req, res, {
      journey,
      type,
      after: lastEventId ?? null,
      keyId: req.principal!.keyId,
    });
  }

  @Get(':id')
  @RequireScope('read')
  get(@Param('id') id: string, @QueryParam() raw: RawParams) {
    const params = new FrictionParams({ from: raw.from, to: raw.to });
    const { from, to } = params.filter();
    const key = parsePointId(id);
    if (!key)
      params.bad('id', 'format', 'id must be a friction point id from GET /v1/friction-points');
    params.check();
    return this.queries.execute(new GetFrictionPoint(id, key!, from, to));
  }
}
