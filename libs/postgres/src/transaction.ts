import { Pool, PoolClient } from 'pg';

/**
 * Runs `fn` in one transaction on a pooled connection: committed if it returns, rolled back if it
 * throws. A connection the server ends meanwhile (idle_in_transaction_session_timeout after the
 * process was paused, a restart) emits 'error' between queries: handled here, it fails the
 * transaction's next query and the connection is discarded, instead of crashing the process.
 */
export async function inTransaction<T>(pool: Pool, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  tx.on('error', onError);
  try {
    await tx.query('BEGIN');
    const result = await fn(tx);
    await tx.query('COMMIT');
    return result;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.off('error', onError);
    tx.release(broken);
  }
}
