import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataKey } from '@journey/events';

interface KeyRow {
  key_id: string;
  subject: string;
  key_material: Buffer;
}

/**
 * The key table (customer_keys): one live AES-256 key per data subject, the stream name of a
 * customer or of an anonymous visitor. Keys are made on first need and never leave the database
 * except to encrypt or decrypt one request's values; none is cached, so a destroyed key stops
 * working at once in every process.
 */
export class CustomerKeys {
  constructor(private readonly pool: Pool) {}

  /** The live key of each subject, made now for those that have none. */
  async forSubjects(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(subjects)].sort();
    const out = new Map<string, DataKey>();
    // A key another request is making at the same moment is committed but not yet visible to
    // the statement that lost the race: the next round sees it.
    for (let round = 0; round < 3 && out.size < wanted.length; round++) {
      const missing = wanted.filter((s) => !out.has(s));
      const { rows } = await this.pool.query<KeyRow>(
        `WITH wanted AS (
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::bytea[]) AS w(subject, key_id, key_material)
         ), made AS (
           INSERT INTO customer_keys (key_id, subject, key_material)
           SELECT w.key_id, w.subject, w.key_material FROM wanted w ORDER BY w.subject
           ON CONFLICT (subject) WHERE destroyed_at IS NULL DO NOTHING
           RETURNING key_id::text, subject, key_material
         )
         SELECT * FROM made
         UNION ALL
         SELECT k.key_id::text, k.subject, k.key_material
           FROM customer_keys k JOIN wanted w ON w.subject = k.subject
          WHERE k.destroyed_at IS NULL`,
        [missing, missing.map(() => randomUUID()), missing.map(() => randomBytes(32))],
      );
      for (const r of rows) out.set(r.subject, { id: r.key_id, key: r.key_material });
    }
    if (out.size < wanted.length) throw new Error('Could not obtain the data keys');
    return out;
  }

  /** The keys with these ids that still exist (destroyed ones are simply absent). */
  async byIds(ids: Iterable<string>): Promise<Map<string, DataKey>> {
    const list = [...new Set(ids)];
    if (list.length === 0) return new Map();
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT key_id::text, subject, key_material FROM customer_keys
        WHERE key_id = ANY($1::uuid[]) AND key_material IS NOT NULL`,
      [list],
    );
    return new Map(rows.map((r) => [r.key_id, { id: r.key_id, key: r.key_material }]));
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
