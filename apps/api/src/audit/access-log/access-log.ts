import { Pool } from 'pg';

/** Who read what of a customer's history, and when. */
export interface AccessEntry {
  readonly id: string;
  readonly at: string;
  readonly apiKeyId: string | null;
  /** The API key's name, or "cli" for the command line. */
  readonly actor: string;
  /** What was read: customer.events, customer.export, customer.verify, access-log.read, ... */
  readonly action: string;
  readonly customerId: string | null;
  readonly requestId: string;
  readonly detail: Record<string, unknown>;
}

export type NewAccessEntry = Omit<AccessEntry, 'id' | 'at'>;

interface Row {
  id: string;
  at: Date;
  api_key_id: string | null;
  actor: string;
  action: string;
  customer_id: string | null;
  request_id: string;
  detail: Record<string, unknown>;
}

/** The append-only access log (audit_access_log: a trigger refuses updates and deletes). */
export class AccessLog {
  constructor(private readonly pool: Pool) {}

  async record(e: NewAccessEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_access_log (api_key_id, actor, action, customer_id, request_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.apiKeyId, e.actor, e.action, e.customerId, e.requestId, JSON.stringify(e.detail)],
    );
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(
    before: string | null,
    limit: number,
  ): Promise<{ entries: AccessEntry[]; nextCursor: string | null }> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id::text, at, api_key_id, actor, action, customer_id, request_id, detail
         FROM audit_access_log WHERE ($1::bigint IS NULL OR id < $1::bigint)
        ORDER BY audit_access_log.id DESC LIMIT $2`,
      [before, limit + 1],
    );
    const entries = rows.slice(0, limit).map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      apiKeyId: r.api_key_id,
      actor: r.actor,
      action: r.action,
      customerId: r.customer_id,
      requestId: r.request_id,
      detail: r.detail,
    }));
    return {
      entries,
      nextCursor: rows.length > limit ? entries[entries.length - 1].id : null,
    };
  }
}
