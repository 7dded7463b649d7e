import { KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { createGzip, gunzip as gunzipCallback } from 'node:zlib';
import { Pool } from 'pg';
import {
  ChainCheckpoint,
  ChainHead,
  CheckpointHeader,
  HeadsDigest,
  signHeads,
} from '@journey/events';
import { EventStore } from '@journey/event-store';
import { inTransaction } from '@journey/postgres';
import { readChainHeads } from './chain-heads';

const gunzip = promisify(gunzipCallback);

/** Checkpoints kept in the database (the newest); the lasting copies are the ones kept elsewhere. */
const KEPT = 24;

/** One maker at a time over every API process (pg_try_advisory_xact_lock). */
const MAKE_LOCK_KEY = 0x6a63686b; // 'jchk'

export interface CheckpointOptions {
  /** Also write each checkpoint here, as `<createdAt>.json` (the copy kept outside the database). */
  readonly directory?: string;
}

/**
 * The signed checkpoints of the hash chains (table chain_checkpoints). The database copy serves
 * exports and the default check; the copy that proves something against a writer of the database
 * is one kept elsewhere (the directory, an export, or an auditor's file).
 */
export class ChainCheckpoints {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly options: CheckpointOptions = {},
  ) {}

  /**
   * Signs the current heads and stores the checkpoint, unless another process is making one or
   * `unlessWithinMs` says the last one is recent enough; null when nothing was made. A checkpoint
   * whose heads equal the last one's is not stored again (its time is what would change).
   */
  async make(
    key: KeyObject,
    now: Date,
    unlessWithinMs?: number,
  ): Promise<{ checkpoint: CheckpointHeader; stored: boolean } | null> {
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [MAKE_LOCK_KEY],
      );
      if (!rows[0].locked) return null;
      const last = await this.latestRow(tx);
      if (
        unlessWithinMs !== undefined &&
        last &&
        now.getTime() - last.created_at.getTime() < unlessWithinMs
      )
        return null;
      // Digested and compressed page by page, between reads: a million streams never hold the
      // event loop long (zlib works on libuv's threads). The stored heads are the exact text the
      // digest covers; the copy's text is kept only when there is a copy to write.
      const gz = createGzip();
      const compressed: Buffer[] = [];
      gz.on('data', (chunk: Buffer) => compressed.push(chunk));
      const texts: string[] | null = this.options.directory ? [] : null;
      const digest = new HeadsDigest((text) => {
        gz.write(text);
        texts?.push(text);
      });
      for await (const page of readChainHeads(this.store)) digest.update(page);
      const header = signHeads(digest, key, now);
      const ended = once(gz, 'end');
      gz.end();
      await ended;
      // Equal digests, equal heads: the last one stands (its time is the one it signed).
      if (last?.digest === header.digest) return { checkpoint: last.header, stored: false };
      await tx.query(
        `INSERT INTO chain_checkpoints (created_at, digest, key_id, streams, events, header, heads_gz)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          now,
          header.digest,
          header.keyId,
          header.streams,
          header.events,
          header,
          Buffer.concat(compressed),
        ],
      );
      await tx.query(
        'DELETE FROM chain_checkpoints WHERE id <= (SELECT max(id) FROM chain_checkpoints) - $1',
        [KEPT],
      );
      if (this.options.directory && texts) await writeCopy(this.options.directory, header, texts);
      return { checkpoint: header, stored: true };
    });
  }

  /** The newest checkpoint in the database; null before the first. */
  async latest(): Promise<ChainCheckpoint | null> {
    const { rows } = await this.pool.query<{ header: CheckpointHeader; heads_gz: Buffer }>(
      'SELECT header, heads_gz FROM chain_checkpoints ORDER BY id DESC LIMIT 1',
    );
    if (rows.length === 0) return null;
    const heads = JSON.parse((await gunzip(rows[0].heads_gz)).toString('utf8')) as ChainHead[];
    return { ...rows[0].header, heads };
  }

  private async latestRow(client: Pick<Pool, 'query'>) {
    const { rows } = await client.query<{
      created_at: Date;
      digest: string;
      header: CheckpointHeader;
    }>('SELECT created_at, digest, header FROM chain_checkpoints ORDER BY id DESC LIMIT 1');
    return rows[0] ?? null;
  }
}

/** The checkpoint as one JSON document, written piece by piece: heads last, as digested. */
async function writeCopy(
  directory: string,
  header: CheckpointHeader,
  headsText: readonly string[],
): Promise<void> {
  await fs.mkdir(directory, { recursive: true });
  const name = `chain-checkpoint-${header.createdAt.replace(/[:.]/g, '-')}.json`;
  const file = await fs.open(path.join(directory, name), 'wx');
  try {
    await file.write(`${JSON.stringify(header).slice(0, -1)},"heads":`);
    for (const text of headsText) await file.write(text);
    await file.write('}\n');
  } finally {
    await file.close();
  }
}
