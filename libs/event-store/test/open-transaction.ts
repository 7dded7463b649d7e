import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStore, Subscription } from '../src';
import { collect } from './contract-helpers';

/**
 * A transaction appends 'early' to stream `first` (raw SQL, so no notification comes of it) and
 * stays open while 'late' is appended to `second` and committed: `sub` must deliver nothing until
 * the first commits, then both, in order. Releases the connection and closes `sub` either way.
 */
export async function expectHeldBehindOpenTransaction(
  pool: Pool,
  store: EventStore,
  sub: Subscription,
  [first, second]: readonly [string, string],
): Promise<void> {
  const slow = await pool.connect();
  try {
    await slow.query('BEGIN');
    await slow.query(`SELECT * FROM es_append_many($1::text[], '{any}', '{1}', $2::jsonb)`, [
      [first],
      JSON.stringify([{ s: 1, id: randomUUID(), type: 'early', data: {}, metadata: {} }]),
    ]);
    await store.appendToStream(second, [{ id: randomUUID(), type: 'late', data: {} }]);
    expect(await collect(sub, 1, 500)).toEqual([]);
    await slow.query('COMMIT');
    // The quick re-poll behind the horizon finds the raw transaction's event.
    expect((await collect(sub, 2, 10_000)).map((e) => e.type)).toEqual(['early', 'late']);
  } finally {
    slow.release();
    await sub.close();
  }
}
