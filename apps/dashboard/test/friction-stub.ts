import { Page, Route } from 'playwright-core';
import type {
  CustomerJourney,
  FrictionOccurrence,
  FrictionPoint,
  FrictionPointDetail,
} from '../src/api/types';

/**
 * The friction API's contract (issue 5) served from the browser side, until the real endpoints
 * land: list, detail, a customer's occurrences and the SSE stream. Built around a real customer
 * of the seeded data, so the pages can be walked from a friction point to a real timeline.
 */
export interface FrictionStub {
  points: FrictionPoint[];
  occurrences: FrictionOccurrence[];
  /** The customer whose journeys the examples show. */
  customerId: string;
  /** Authorization headers the stubbed endpoints received. */
  seenAuth: string[];
  install(page: Page): Promise<void>;
}

const trend = (seed: number) =>
  Array.from({ length: 14 }, (_, i) => ({
    day: `2026-06-${String(17 + i).padStart(2, '0')}`,
    occurrences: (seed * (i + 3)) % 11,
  }));

export function frictionStub(customerId: string, journeys: CustomerJourney[]): FrictionStub {
  const onboarding = journeys.find((j) => j.journey === 'onboarding') ?? journeys[0];
  const at = (step: string) => onboarding.steps.find((s) => s.step === step) ?? onboarding.steps[0];
  const point = (n: number, over: Partial<FrictionPoint>): FrictionPoint => ({
    id: `fp-${n}`,
    journey: 'onboarding',
    step: 'id-check',
    channel: 'mobile_app',
    type: 'failure',
    occurrences: 10,
    customers: 10,
    instances: 10,
    shareOfInstances: 0.1,
    firstSeen: '2026-04-02T10:00:00.000Z',
    lastSeen: '2026-06-30T09:00:00.000Z',
    completionRateWith: 0.4,
    completionRateWithout: 0.8,
    severity: 1,
    trend: trend(n),
    exampleCustomerIds: [customerId],
    ...over,
  });
  const points = [
    point(1, { type: 'repeat_attempt', occurrences: 61, customers: 44, severity: 9.4 }),
    point(2, {
      type: 'channel_hop',
      channel: 'phone',
      occurrences: 38,
      customers: 38,
      severity: 7.1,
    }),
    point(3, { type: 'failure', occurrences: 140, customers: 52, severity: 5.2 }),
    point(4, {
      journey: 'support',
      step: 'phone-agent',
      channel: 'phone',
      type: 'repeat_contact',
      occurrences: 22,
      customers: 21,
      severity: 2.3,
      completionRateWith: 0.7,
      completionRateWithout: 0.9,
    }),
  ];
  const occurrence = (
    n: number,
    step: string,
    detail: FrictionOccurrence['detail'],
    evidence: string[],
  ): FrictionOccurrence => {
    const tp = at(step);
    return {
      id: `00000000-0000-4000-8000-00000000000${n}`,
      type: detail.type,
      journey: onboarding.journey,
      customerId,
      instanceId: onboarding.instanceId,
      touchpointId: tp.touchpointId,
      step: tp.step,
      stage: tp.stage,
      channel: tp.channel,
      occurredAt: tp.occurredAt,
      touchpointIds: evidence,
      feedbackId: null,
      detail,
    };
  };
  const tries = onboarding.steps.filter((s) => s.step === 'id-check').map((s) => s.touchpointId);
  const occurrences = [
    occurrence(
      1,
      'id-check',
      { type: 'repeat_attempt', reasons: ['window', 'after_failure'] },
      tries.slice(0, 3),
    ),
    occurrence(
      2,
      'id-check',
      { type: 'channel_hop', fromChannel: 'mobile_app', toChannel: 'phone', gapMs: 5 * 3_600_000 },
      tries.slice(-2),
    ),
  ];
  const seenAuth: string[] = [];
  const json = (route: Route, body: unknown, status = 200) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

  const handle = async (route: Route) => {
    const url = new URL(route.request().url());
    seenAuth.push(route.request().headers()['authorization'] ?? '');
    const customer = /^\/v1\/customers\/([^/]+)\/frictions$/.exec(url.pathname);
    if (customer) {
      const id = decodeURIComponent(customer[1]);
      return json(route, { frictions: occurrences.filter((o) => o.customerId === id) });
    }
    if (url.pathname === '/v1/friction-points/stream') {
      const body = [
        ': heartbeat',
        '',
        ...occurrences.flatMap((o, i) => [
          `id: ${i + 1}`,
          'event: friction',
          `data: ${JSON.stringify(o)}`,
          '',
        ]),
      ].join('\n');
      return route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/event-stream' },
        body: `${body}\n`,
      });
    }
    const one = /^\/v1\/friction-points\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const p = points.find((x) => x.id === decodeURIComponent(one[1]));
      if (!p) return json(route, { error: 'NOT_FOUND', message: 'no such friction point' }, 404);
      const detail: FrictionPointDetail = {
        ...p,
        exampleJourneys: [
          {
            customerId,
            instanceId: onboarding.instanceId,
            status: onboarding.status,
            steps: onboarding.steps,
          },
        ],
        recentOccurrences: occurrences,
      };
      return json(route, detail);
    }
    const sort = (url.searchParams.get('sort') ?? 'severity') as
      'severity' | 'occurrences' | 'customers';
    const journey = url.searchParams.get('journey');
    const list = points
      .filter((p) => !journey || p.journey === journey)
      .sort((a, b) => b[sort] - a[sort]);
    return json(route, { frictionPoints: list, nextCursor: null });
  };

  return {
    points,
    occurrences,
    customerId,
    seenAuth,
    install: async (page) => {
      await page.route(/\/v1\/friction-points(\/|\?|$)/, handle);
      await page.route(/\/v1\/customers\/[^/]+\/frictions$/, handle);
    },
  };
}
