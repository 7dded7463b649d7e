import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | null;

const CHUNK_BYTES = 256 * 1024;

export interface CopyWriterOptions {
  /**
   * With a client outside any transaction (each COPY commits on its own): start a new COPY once
   * the current one has run this long. Readers of the event store see events only below the
   * oldest running transaction (the gapless order), so one COPY running for a whole bulk pass
   * would hold every live subscriber back for as long; short ones hold it back a moment each.
   */
  readonly maxTransactionMs?: number;
}

/**
 * Rows streamed into one table with COPY ... FROM STDIN (text format) on the given client, which
 * must not run anything else until `end()`. A rebuild's bulk pass writes millions of rows: COPY
 * is several times cheaper for PostgreSQL than INSERT, and it proceeds while the reader reads.
 */
export class CopyWriter {
  private stream!: ReturnType<typeof copyFrom>;
  private done!: Promise<void>;
  private startedAt = 0;
  /** Whether the current COPY has been sent any row. */
  private sent = false;
  private chunk = '';
  private failure: unknown = null;
  rows = 0;
  /** COPY statements run (more than one when they are cut by maxTransactionMs). */
  statements = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly options: CopyWriterOptions = {},
  ) {
    this.open();
  }

  /** Adds a row; resolves at once unless PostgreSQL is behind, then once it has caught up. */
  async write(values: readonly CopyValue[]): Promise<void> {
    return this.writeLine(copyLine(values));
  }

  /** Adds a row already in COPY text format (fields escaped, tab-separated, no newline). */
  async writeLine(line: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.chunk += line + '\n';
    this.rows++;
    if (this.chunk.length >= CHUNK_BYTES) await this.flush();
  }

  async end(): Promise<number> {
    if (this.chunk.length > 0) await this.flush();
    await this.close();
    return this.rows;
  }

  private open(): void {
    this.stream = this.client.query(
      copyFrom(`COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`),
    );
    this.done = finished(this.stream);
    // Keep the first error for write()/end(); an unhandled rejection would end the process.
    this.done.catch((err: unknown) => (this.failure ??= err));
    this.startedAt = Date.now();
    this.sent = false;
    this.statements++;
  }

  private async close(): Promise<void> {
    this.stream.end();
    await this.done.catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    // Cut before writing, so that no COPY is left empty.
    const max = this.options.maxTransactionMs;
    if (max !== undefined && this.sent && Date.now() - this.startedAt >= max) {
      await this.close();
      this.open();
    }
    const ok = this.stream.write(this.chunk);
    this.sent = true;
    this.chunk = '';
    if (!ok) await Promise.race([once(this.stream, 'drain'), this.done]);
    if (this.failure) throw this.failure;
  }
}

/** One row in COPY text format: fields escaped, tab-separated, NULL as \\N. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const v = values[i];
    line += v === null ? '\\N' : typeof v === 'number' ? String(v) : escapeCopyText(v);
  }
  return line;
}

const SPECIAL = /[\\\n\r\t]/;

/** COPY text format: backslash, newline, carriage return and tab are escaped. */
export function escapeCopyText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

/** A text[] literal: every element quoted, so any string survives. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * escapeCopyText remembered, for the few distinct values that repeat over millions of rows
 * (journeys, steps, stages, channels). Bounded: past `max` entries it just escapes.
 */
export class CopyTextCache {
  private readonly cache = new Map<string, string>();
  constructor(private readonly max = 100_000) {}

  get(s: string): string {
    let e = this.cache.get(s);
    if (e === undefined) {
      e = escapeCopyText(s);
      if (this.cache.size < this.max) this.cache.set(s, e);
    }
    return e;
  }
}
