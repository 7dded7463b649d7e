import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataKey, pooledRandomBytes } from '@journey/events';
import { inTransaction } from '@journey/postgres';
import { KeyEncryption } from './key-encryption';

interface KeyRow {
  key_id: string;
  subject: string;
  key_material: Buffer;
  kek_id: string | null;
}

/** Rows rewrapped per transaction. */
const REWRAP_BATCH = 500;

/**
 * The key table (customer_keys): one live AES-256 key per data subject, the stream name of a
 * customer or of an anonymous visitor. Keys are made on first need, stored wrapped with the
 * key-encryption key (kept outside the database: key-encryption.ts), and unwrapped only to
 * encrypt or decrypt one request's values; none is cached, so a destroyed key stops working at
 * once in every process.
 */
export class CustomerKeys {
  constructor(
    private readonly pool: Pool,
    private readonly keks: KeyEncryption,
  ) {}

  /** The live key of each subject, made now for those that have none. */
  async forSubjects(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(subjects)].sort();
    const out = new Map<string, DataKey>();
    // A key another request is making at the same moment is committed but not yet visible to
    // the statement that lost the race: the next round sees it.
    for (let round = 0; round < 3 && out.size < wanted.length; round++) {
      const missing = wanted.filter((s) => !out.has(s));
      const ids = missing.map(() => randomUUID());
      const wrapped = missing.map((s, i) => this.keks.wrap(pooledRandomBytes(32), ids[i], s));
      const { rows } = await this.pool.query<KeyRow>(
        `WITH wanted AS (
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::bytea[]) AS w(subject, key_id, key_material)
         ), made AS (
           INSERT INTO customer_keys (key_id, subject, key_material, kek_id)
           SELECT w.key_id, w.subject, w.key_material, $4 FROM wanted w ORDER BY w.subject
           ON CONFLICT (subject) WHERE destroyed_at IS NULL DO NOTHING
           RETURNING key_id::text, subject, key_material, kek_id
         )
         SELECT * FROM made
         UNION ALL
         SELECT k.key_id::text, k.subject, k.key_material, k.kek_id
           FROM customer_keys k JOIN wanted w ON w.subject = k.subject
          WHERE k.destroyed_at IS NULL`,
        [missing, ids, wrapped, this.keks.current.id],
      );
      for (const r of rows) out.set(r.subject, this.dataKey(r));
    }
    if (out.size < wanted.length) throw new Error('Could not obtain the data keys');
    return out;
  }

  /** The keys with these ids that still exist (destroyed ones are simply absent). */
  async byIds(ids: Iterable<string>): Promise<Map<string, DataKey>> {
    const list = [...new Set(ids)];
    if (list.length === 0) return new Map();
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT key_id::text, subject, key_material, kek_id FROM customer_keys
        WHERE key_id = ANY($1::uuid[]) AND key_material IS NOT NULL`,
      [list],
    );
    return new Map(rows.map((r) => [r.key_id, this.dataKey(r)]));
  }

  /**
   * Wraps every live key not wrapped with the current key-encryption key (stored plain before
   * wrapping, or wrapped with a previous one): at start, so rotating the key is a restart with
   * DATA_KEK set to the new key and DATA_KEK_PREVIOUS to the old. Returns how many were rewrapped.
   */
  async rewrap(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await inTransaction(this.pool, async (tx) => {
        const { rows } = await tx.query<KeyRow>(
          `SELECT key_id::text, subject, key_material, kek_id FROM customer_keys
            WHERE key_material IS NOT NULL AND kek_id IS DISTINCT FROM $1
            LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [this.keks.current.id, REWRAP_BATCH],
        );
        const material = rows.map((r) => this.keks.wrap(this.dataKey(r).key, r.key_id, r.subject));
        await tx.query(
          `UPDATE customer_keys k SET key_material = w.material, kek_id = $3
             FROM unnest($1::uuid[], $2::bytea[]) AS w(key_id, material) WHERE k.key_id = w.key_id`,
          [rows.map((r) => r.key_id), material, this.keks.current.id],
        );
        return rows.length;
      });
      total += done;
      if (done < REWRAP_BATCH) return total;
    }
  }

  private dataKey(r: KeyRow): DataKey {
    const key = this.keks.unwrap(r.key_material, r.kek_id, r.key_id, r.subject);
    return { id: r.key_id, key, subject: r.subject };
  }

  /** Destroys the live keys of these subjects; returns the ids of those destroyed. */
  async destroy(subjects: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ key_id: string }>(
      `UPDATE customer_keys SET key_material = NULL, destroyed_at = now()
        WHERE subject = ANY($1::text[]) AND destroyed_at IS NULL
        RETURNING key_id::text`,
      [[...new Set(subjects)]],
    );
    return rows.map((r) => r.key_id).sort();
  }
}
