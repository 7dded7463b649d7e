import { promises as fs } from 'node:fs';
import path from 'node:path';
import { KeyObject } from 'node:crypto';
import { Pool } from 'pg';
import { ChainCheckpoint, ChainHead, HeadsDigest, signCheckpoint } from '@journey/events';
import { EventStore, inTransaction } from '@journey/event-store';
import { readChainHeads } from './chain-heads';

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
  ): Promise<{ checkpoint: ChainCheckpoint; stored: boolean } | null> {
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
      // Digested page by page, between reads: a million streams never hold the event loop long.
      const heads: ChainHead[] = [];
      const digest = new HeadsDigest();
      for await (const page of readChainHeads(this.store)) {
        digest.update(page);
        for (const h of page) heads.push(h);
      }
      const checkpoint = signCheckpoint(heads, digest, key, now);
      if (last?.digest === checkpoint.digest) return { checkpoint: last.document, stored: false };
      await tx.query(
        `INSERT INTO chain_checkpoints (created_at, digest, key_id, streams, events, document)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          now,
          checkpoint.digest,
          checkpoint.keyId,
          checkpoint.streams,
          checkpoint.events,
          checkpoint,
        ],
      );
      if (this.options.directory) await writeCopy(this.options.directory, checkpoint);
      return { checkpoint, stored: true };
    });
  }

  /** The newest checkpoint in the database; null before the first. */
  async latest(): Promise<ChainCheckpoint | null> {
    return (await this.latestRow(this.pool))?.document ?? null;
  }

  private async latestRow(client: Pick<Pool, 'query'>) {
    const { rows } = await client.query<{
      created_at: Date;
      digest: string;
      document: ChainCheckpoint;
    }>('SELECT created_at, digest, document FROM chain_checkpoints ORDER BY id DESC LIMIT 1');
    return rows[0] ?? null;
  }
}

async function writeCopy(directory: string, c: ChainCheckpoint): Promise<void> {
  await fs.mkdir(directory, { recursive: true });
  const name = `chain-checkpoint-${c.createdAt.replace(/[:.]/g, '-')}.json`;
  await fs.writeFile(path.join(directory, name), `${JSON.stringify(c, null, 1)}\n`, {
    flag: 'wx',
  });
}
