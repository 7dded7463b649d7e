import { performance } from 'node:perf_hooks';
import { ClaimedDelivery } from './claim-deliveries';
import { idempotencyKey, signatureOf } from './signature';

export interface AttemptOutcome {
  /** A 2xx answer. */
  readonly ok: boolean;
  readonly httpStatus: number | null;
  /** Why there was no answer (timeout, connection refused or reset...). */
  readonly error: string | null;
  readonly durationMs: number;
}

/** The body: the same bytes on every attempt (so the signature is too). */
export function deliveryBody(d: ClaimedDelivery): string {
  return JSON.stringify({
    event: 'friction.occurred',
    occurrence: d.occurrence,
    deliveryId: d.id,
    createdAt: d.createdAt.toISOString(),
  });
}

/** One attempt: POST the signed body, abandoned after `timeoutMs`; redirects are not followed. */
export async function sendDelivery(
  d: ClaimedDelivery,
  attemptedAt: Date,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const body = deliveryBody(d);
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'JourneyEngine-Webhooks/1',
        'X-Journey-Event': 'friction.occurred',
        'X-Journey-Signature': signatureOf(d.secret, body),
        'X-Journey-Delivery': d.id,
        'X-Journey-Timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
        'Idempotency-Key': idempotencyKey(d.webhookId, d.occurrenceId),
      },
      body,
    });
    // The answer's body is not used; dropping it frees the connection.
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, httpStatus: res.status, error: null, durationMs: took() };
  } catch (err) {
    return { ok: false, httpStatus: null, error: describe(err, timeoutMs), durationMs: took() };
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `timeout: no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  const text = cause
    ? `${cause.code ?? 'error'}: ${cause.message ?? ''}`
    : `${e?.name ?? 'error'}: ${e?.message ?? String(err)}`;
  return text.slice(0, 500);
}
