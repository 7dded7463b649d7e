import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore, PG_POOL } from '@journey/event-store';

import { Public } from '../access/auth.decorators';

const CHECK_TIMEOUT_MS = 2000;

@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: the event store and the read-model database both answer. */
  @Get('ready')
  @HttpCode(200)
  async ready() {
    const [store, database] = await Promise.all([
      check(() => this.store.ping()),
      check(async () => void (await this.pool.query('SELECT 1'))),
    ]);
    const body = {
      status: store.ok && database.ok ? 'ready' : 'unavailable',
      checks: { store, database },
    };
    if (body.status !== 'ready') throw new ServiceUnavailableException(body);
    return body;
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
