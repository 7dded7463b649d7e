import {
  Controller,
  Get,
  Param,
  Query as QueryParam,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { HeavyRead, RequireScope } from '../../access/auth.decorators';
import type { AuthenticatedRequest } from '../../access/api-key.guard';
import { AccessLogInterceptor, AuditedRead } from '../../audit/access-log/access-log.interceptor';
import { ValidationFailedError } from '../../common/app-error';
import { drained } from '../../common/drained';
import { mapRangeProblems } from '../journey-map/map-range-problems';
import { EXPORT_FORMATS, ExportFormat } from './export-trace';
import { JourneyExport, writerOf } from './journey-export';

/** A client that takes nothing of the export for this long is cut off. */
const EXPORT_STALL_MS = 60_000;

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys/:journey/export')
@UseInterceptors(AccessLogInterceptor)
export class JourneyExportController {
  constructor(private readonly exports: JourneyExport) {}

  /**
   * The journey's instances as an event log (one trace per instance), streamed. Personal fields
   * are decrypted for keys with the `audit` scope, whose exports are access-logged first.
   */
  @Get()
  @RequireScope('read')
  @AuditedRead('journey.export', { onlyWithScope: 'audit' })
  @HeavyRead()
  @ApiProduces('application/xml', 'text/csv', 'application/x-ndjson')
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS, description: 'default xes' })
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-03-31' })
  async export(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Param('journey') journey: string,
    @QueryParam('format') format = 'xes',
    @QueryParam('from') from?: string,
    @QueryParam('to') to?: string,
  ) {
    const problems = mapRangeProblems({ journey, from, to });
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      problems.push({
        index: null,
        field: 'format',
        rule: 'enum',
        message: `format must be one of: ${EXPORT_FORMATS.join(', ')}`,
      });
    if (problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', problems);
    const writer = writerOf(format as ExportFormat);
    const reveal = req.principal?.scopes.includes('audit') ?? false;
    const chunks = this.exports.chunks(
      { journey, from: from ?? null, to: to ?? null, reveal },
      writer,
    );
    res
      .status(200)
      .type(writer.contentType)
      .setHeader('Content-Disposition', `attachment; filename="${journey}.${writer.extension}"`);
    // Page by page at the client's pace: a journey's history never sits in memory whole.
    try {
      for await (const chunk of chunks) {
        if (res.destroyed) return void (await chunks.return(undefined));
        if (!res.write(chunk) && !(await drained(res, EXPORT_STALL_MS))) {
          await chunks.return(undefined);
          return void res.destroy();
        }
      }
      res.end();
    } catch (err) {
      // Headers are gone: cut the body short so the client cannot take it for the whole log.
      res.destroy(err as Error);
    }
  }
}
