import { Controller, Get, HttpCode, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '../access/auth.decorators';
import { Readiness } from './readiness';

@Public()
@Controller()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(private readonly readiness: Readiness) {}

  /** Liveness: the process answers. */
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /**
   * Readiness: the event store and the read-model database both answer. The route is public, so
   * a failure says only which check failed: its error (host names, database names, users) goes
   * to the log.
   */
  @Get('ready')
  @HttpCode(200)
  async ready() {
    const { store, database } = await this.readiness.check();
    const checks = { store: { ok: store.ok }, database: { ok: database.ok } };
    if (store.ok && database.ok) return { status: 'ready', checks };
    this.logger.warn({
      msg: 'not ready',
      store: store.error ?? 'ok',
      database: database.error ?? 'ok',
    });
    throw new ServiceUnavailableException({ status: 'unavailable', checks });
  }
}
