import { Clock, systemClock } from '@journey/event-store';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './deliver/backoff';
import { AddressPolicy, PUBLIC_HTTPS_ONLY } from './deliver/address-policy';

export interface WebhookWorkerOptions {
  /** Injected so retries over 24 h can be tested without waiting. */
  readonly clock: Clock;
  /** Quiet time between looks at the feed and at due deliveries. */
  readonly pollMs: number;
  /** One attempt (connect, send, answer headers) is abandoned after this. */
  readonly requestTimeoutMs: number;
  /** Deliveries in flight at once, per worker. */
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  /** Jitter source, in [0, 1). */
  readonly random: () => number;
  /** Which addresses deliveries may connect to, and whether plain http is allowed. */
  readonly addresses: AddressPolicy;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookWorkerOptions = {
  clock: systemClock,
  pollMs: 250,
  requestTimeoutMs: 5000,
  concurrency: 8,
  retry: DEFAULT_RETRY_POLICY,
  random: Math.random,
  addresses: PUBLIC_HTTPS_ONLY,
};
