import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { hasUnstorableCharacters } from '../../common/characters';
import { ExternalEvent } from './external-event';

/** Names are kept to this many characters: enough to tell events apart, small for the index. */
const MAX_NAME = 256;
const MAX_EXAMPLE_KEYS = 50;

export interface UnmappedEventView {
  readonly kind: string;
  readonly name: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** The properties' names and JSON types in one such event (not their values). */
  readonly example: { readonly properties: Record<string, string>; readonly truncated: boolean };
}

/** The source_unmapped_events table: what no mapping rule took, counted per kind and name. */
@Injectable()
export class UnmappedEvents {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Counts the events (each delivery: a client's retry counts again) in one statement. */
  async record(source: string, events: readonly ExternalEvent[], at: Date): Promise<void> {
    if (events.length === 0) return;
    // One row per key: ON CONFLICT may not touch the same row twice in one statement.
    const groups = new Map<
      string,
      { kind: string; name: string; count: number; example: object }
    >();
    for (const e of events) {
      const name = storable(e.name.slice(0, MAX_NAME));
      const key = `${e.kind}\u0001${name}`;
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { kind: e.kind, name, count: 1, example: exampleOf(e) });
    }
    const rows = [...groups.values()];
    await this.pool.query(
      `INSERT INTO source_unmapped_events AS u
              (source, kind, name, count, first_seen, last_seen, example)
       SELECT $1, kind, name, count, $2, $2, example
         FROM unnest($3::text[], $4::text[], $5::bigint[], $6::jsonb[])
              AS r(kind, name, count, example)
       ON CONFLICT (source, kind, name) DO UPDATE
          SET count = u.count + EXCLUDED.count,
              first_seen = least(u.first_seen, EXCLUDED.first_seen),
              last_seen = greatest(u.last_seen, EXCLUDED.last_seen),
              example = EXCLUDED.example`,
      [
        source,
        at,
        rows.map((r) => r.kind),
        rows.map((r) => r.name),
        rows.map((r) => r.count),
        rows.map((r) => JSON.stringify(r.example)),
      ],
    );
  }

  /** The source's unmapped events, most frequent first. */
  async list(source: string, limit: number): Promise<UnmappedEventView[]> {
    const { rows } = await this.pool.query<{
      kind: string;
      name: string;
      count: string;
      first_seen: Date;
      last_seen: Date;
      example: UnmappedEventView['example'];
    }>(
      `SELECT kind, name, count, first_seen, last_seen, example FROM source_unmapped_events
        WHERE source = $1 ORDER BY count DESC, kind, name LIMIT $2`,
      [source, limit],
    );
    return rows.map((r) => ({
      kind: r.kind,
      name: r.name,
      count: Number(r.count),
      firstSeen: r.first_seen.toISOString(),
      lastSeen: r.last_seen.toISOString(),
      example: r.example,
    }));
  }
}

/**
 * What a mapping rule could read of the event, without values: properties and traits may hold
 * personal data, which must not outlive an erasure in a plain table.
 */
function exampleOf(e: ExternalEvent): UnmappedEventView['example'] {
  const entries = Object.entries(e.properties);
  const properties: Record<string, string> = {};
  for (const [k, v] of entries.slice(0, MAX_EXAMPLE_KEYS))
    properties[storable(k.slice(0, MAX_NAME))] =
      v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return { properties, truncated: entries.length > MAX_EXAMPLE_KEYS };
}

/** A label PostgreSQL can store: NUL and lone surrogates (refused by text and jsonb) as U+FFFD. */
function storable(s: string): string {
  if (!hasUnstorableCharacters(s)) return s;
  return [...s].map((c) => (hasUnstorableCharacters(c) ? '\uFFFD' : c)).join('');
}
