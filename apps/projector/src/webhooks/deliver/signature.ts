import { createHmac, timingSafeEqual } from 'node:crypto';
import { deterministicEventId } from '@journey/events';

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with the webhook's secret>`. */
export function signatureOf(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does: recompute over the raw bytes and compare in constant time. */
export function signatureMatches(
  secret: string,
  rawBody: string | Buffer,
  header: string,
): boolean {
  const expected = Buffer.from(signatureOf(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The same for every attempt at one occurrence for one webhook (a name-based UUID), so a receiver
 * that saw an attempt succeed before its answer was lost can drop the retry.
 */
export function idempotencyKey(webhookId: string, occurrenceId: string): string {
  return deterministicEventId('webhook-delivery', webhookId, occurrenceId);
}
