import { Pool } from 'pg';
import { EventStore } from '@journey/event-store';
import { KeyEncryption } from '../../personal-data/key-encryption';
import { SigningKeySettings } from '../chain-checkpoints/signing-key';
import { CHAINED_STREAM_PREFIXES } from '../verify-chains/chain-verification';

/** Exit code when verification found a broken chain or a differing read model. */
export const FOUND_PROBLEMS = 3;

export class AuditUsageError extends Error {}

export interface AuditCliContext {
  readonly store: EventStore;
  readonly pool: Pool;
  /** The key-encryption keys: replay decrypts comments. */
  readonly keks: KeyEncryption;
  /** The chain checkpoints' signing key, and where copies of checkpoints go. */
  readonly signing: SigningKeySettings & { readonly CHAIN_CHECKPOINT_DIR?: string };
  readonly out: (line: string) => void;
  readonly progress: (text: string) => void;
}

/** Chained events in the PostgreSQL store (null with another store: the bar then has no end). */
export async function countEvents(pool: Pool): Promise<number | null> {
  try {
    const patterns = CHAINED_STREAM_PREFIXES.map((p) => `${p}%`);
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM es_events WHERE stream_id LIKE ANY ($1::text[])',
      [patterns],
    );
    return Number(rows[0].n);
  } catch {
    return null;
  }
}
