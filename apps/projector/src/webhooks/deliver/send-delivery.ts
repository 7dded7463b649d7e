import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ClaimedDelivery } from './claim-deliveries';
import { idempotencyKey, signatureOf } from './signature';
import { AddressPolicy, addressAllowed, PUBLIC_HTTPS_ONLY } from './address-policy';
import { AddressNotAllowedError, checkedLookup } from './checked-lookup';

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

/**
 * One attempt: POST the signed body, abandoned after `timeoutMs`; redirects are not followed. The
 * connection goes only to addresses the policy allows (checked-lookup.ts), and the attempt's
 * error names only its kind: the delivery log must not tell which internal ports answer.
 */
export async function sendDelivery(
  d: ClaimedDelivery,
  attemptedAt: Date,
  timeoutMs: number,
  policy: AddressPolicy = PUBLIC_HTTPS_ONLY,
): Promise<AttemptOutcome> {
  const body = deliveryBody(d);
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const failed = (error: string): AttemptOutcome => ({
    ok: false,
    httpStatus: null,
    error,
    durationMs: took(),
  });
  const url = new URL(d.url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    return failed(REFUSED_HTTP);
  // A literal address is connected to without a lookup: checked here.
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) && !addressAllowed(literal, policy)) return failed(REFUSED_ADDRESS);
  try {
    const status = await post(
      url,
      body,
      {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        'User-Agent': 'JourneyEngine-Webhooks/1',
        'X-Journey-Event': 'friction.occurred',
        'X-Journey-Signature': signatureOf(d.secret, body),
        'X-Journey-Delivery': d.id,
        'X-Journey-Timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
        'Idempotency-Key': idempotencyKey(d.webhookId, d.occurrenceId),
      },
      { policy, timeoutMs },
    );
    return {
      ok: status >= 200 && status < 300,
      httpStatus: status,
      error: null,
      durationMs: took(),
    };
  } catch (err) {
    if (err instanceof AddressNotAllowedError) return failed(REFUSED_ADDRESS);
    if ((err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError')
      return failed(`timeout: no answer within ${timeoutMs} ms`);
    return failed('connection failed');
  }
}

export const REFUSED_HTTP = 'refused: plain http is not allowed (WEBHOOK_ALLOW_HTTP)';
export const REFUSED_ADDRESS =
  'refused: the host is an address webhooks may not reach (WEBHOOK_ALLOWED_ADDRESSES)';

/** POSTs and resolves with the answer's status (its body dropped, freeing the connection). */
function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  o: { policy: AddressPolicy; timeoutMs: number },
): Promise<number> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers,
      lookup: checkedLookup(o.policy),
      signal: AbortSignal.timeout(o.timeoutMs),
      // One connection per attempt: a kept-alive socket would skip the next attempt's lookup.
      agent: false,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}
