import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { registry } from '@journey/metrics';
import { RequireScope } from '../access/auth.decorators';

/** Prometheus scrapes this with a key holding the `metrics` scope. */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  @Get()
  @RequireScope('metrics')
  @Header('Content-Type', registry.contentType)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
