import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';

const CHECK_TIMEOUT_MS = 2000;

export interface CheckResult {
  readonly ok: boolean;
  readonly error?: string;
}

/** Whether the event store and the read-model database both answer, each within 2 s. */
@Injectable()
export class Readiness {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async check(): Promise<{ store: CheckResult; database: CheckResult }> {
    const [store, database] = await Promise.all([
      check(() => this.store.ping()),
      check(async () => void (await this.pool.query('SELECT 1'))),
    ]);
    return { store, database };
  }
}

async function check(fn: () => Promise<void>): Promise<CheckResult> {
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
