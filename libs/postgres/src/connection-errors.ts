/**
 * Errors that say "the database cannot serve now" rather than "this request is wrong": the API
 * answers them with 503 and Retry-After (the client retries the same request), the projector
 * retries its batch. Nothing was written when one of them fails a transaction.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** admin_shutdown, crash_shutdown, cannot_connect_now, read_only_sql_transaction (a standby, or default_transaction_read_only). */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '25006']);
/** Connection exceptions (08xxx) and insufficient resources (53xxx: disk full, out of memory, too many connections). */
const SQLSTATE_CLASSES = new Set(['08', '53']);

/** pg's own errors carry no code: a dead socket, a connect timeout (its own, or the pool's). */
const MESSAGES =
  /^Connection terminated|timeout exceeded when trying to connect|is not queryable|^timeout expired$/;

export function isStoreUnavailable(err: unknown): boolean {
  // The error itself, its cause, TypeORM's driverError, and each of an AggregateError's (a host
  // name with two addresses), a few levels down.
  const pending: unknown[] = [err];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const e = pending.pop();
    if (typeof e !== 'object' || e === null) continue;
    const { code, message, cause, driverError, errors } = e as Record<string, unknown>;
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code) || SQLSTATES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
    }
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    pending.push(cause, driverError, ...(Array.isArray(errors) ? errors : []));
  }
  return false;
}
