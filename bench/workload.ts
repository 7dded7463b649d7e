import { randomUUID } from 'node:crypto';
import { EventToAppend } from '@journey/event-store';

// The same customer-touchpoint events as ../shared/bench/peer-bench.mjs, so ratios compare like with like.
const JOURNEYS = ['onboarding', 'purchase', 'support', 'renewal', 'win-back'];
const STEPS = ['landing', 'signup', 'kyc-upload', 'checkout', 'payment', 'confirmation', 'survey'];
const CHANNELS = ['web', 'mobile-app', 'email', 'sms', 'call-center', 'branch'];
const OUTCOMES = ['completed', 'abandoned', 'failed', 'escalated'];
const DEVICES = ['ios', 'android', 'desktop', 'tablet'];
const T0 = Date.parse('2026-01-01T00:00:00Z');

export const customerId = (s: number) => `c${String(s).padStart(7, '0')}`;
export const streamName = (s: number) => `customer-${customerId(s)}`;

export function makeEvent(s: number, rev: number): EventToAppend {
  const i = s * 7919 + rev;
  return {
    id: randomUUID(),
    type: 'TouchpointRecorded',
    data: {
      touchpointId: randomUUID(),
      customerId: customerId(s),
      journey: JOURNEYS[i % JOURNEYS.length],
      step: STEPS[(i >> 2) % STEPS.length],
      channel: CHANNELS[(i >> 3) % CHANNELS.length],
      outcome: OUTCOMES[(i >> 1) % OUTCOMES.length],
      occurredAt: new Date(T0 + i * 61_000).toISOString(),
      attributes: {
        sessionId: randomUUID(),
        device: DEVICES[i % DEVICES.length],
        campaign: `cmp-2026-${String(i % 97).padStart(3, '0')}`,
        durationMs: (i * 37) % 90_000,
        locale: i % 3 ? 'en-GB' : 'nl-NL',
        score: ((i * 13) % 100) / 100,
      },
    },
    metadata: { correlationId: randomUUID(), source: 'bench' },
  };
}

export interface Batch {
  readonly s: number;
  readonly startRev: number;
  readonly events: EventToAppend[];
}

/** Round-major batches: every stream gets its first batch before any gets its second. */
export function makeBatches(events: number, streams: number, batch: number): Batch[] {
  const perStream = events / streams;
  if (!Number.isInteger(perStream / batch))
    throw new Error('events/streams must be a multiple of batch');
  const out: Batch[] = [];
  for (let r = 0; r < perStream / batch; r++)
    for (let s = 0; s < streams; s++) {
      const list: EventToAppend[] = [];
      for (let j = 1; j <= batch; j++) list.push(makeEvent(s, r * batch + j));
      out.push({ s, startRev: r * batch, events: list });
    }
  return out;
}
