import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';

import { Public } from '../access/auth.decorators';

const CHECK_TIMEOUT_MS = 2000;

@Public()
@Controller()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

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
    const [store, database] = await Promise.all([
      check(() => this.store.ping()),
      check(async () => void (await this.pool.query('SELECT 1'))),
    ]);
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

async function check(fn: () => Promise<void>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS)),
      ),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
