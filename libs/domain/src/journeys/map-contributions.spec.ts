import { createHash } from 'node:crypto';
import { Channel, Outcome } from '@journey/events';
import { at, HOUR, rules } from '../../test/facts';
import { contributionsOf } from './map-contributions';
import { InstanceStatus, JourneyInstance } from './types';

type StepSpec = [step: string, channel: Channel, iso: string, outcome?: Outcome, stage?: string];

/** An instance built by hand (independent of the segmentation). */
function instance(
  instanceId: string,
  status: InstanceStatus,
  specs: StepSpec[],
  customerId = 'c1',
): JourneyInstance {
  const steps = specs.map(([step, channel, iso, outcome = 'success', stage = null], i) => ({
    touchpointId: `${instanceId}-${i}`,
    step,
    stage,
    channel,
    outcome,
    occurredAt: at(iso),
    sincePreviousMs: i === 0 ? null : at(iso) - at(specs[i - 1][2]),
  }));
  return {
    journey: 'j',
    instanceId,
    customerId,
    status,
    startedAt: steps[0].occurredAt,
    lastActivityAt: steps[steps.length - 1].occurredAt,
    steps,
  };
}

const E = '\u0001';
const D1 = '2026-03-01';
const D2 = '2026-03-02';
const staged = rules({
  stages: ['discover', 'buy', 'use'],
  stageOfStep: new Map([
    ['view', 'discover'],
    ['pay', 'buy'],
  ]),
  goalSteps: new Set(['pay']),
});

/** Sum of a metric's counters over all days for one channel, per key. */
function totals(counters: Map<string, number>, channel: string, metric: string) {
  const out: Record<string, number> = {};
  for (const [k, v] of counters) {
    const [, c, m, key] = k.split('|');
    if (c === channel && m === metric) out[key] = (out[key] ?? 0) + v;
  }
  return out;
}

describe('contributionsOf', () => {
  it('given no instances, when contributions are computed, then there are none', () => {
    expect(contributionsOf([], staged)).toEqual({
      counters: new Map(),
      durations: new Map(),
      variants: new Map(),
    });
  });

  it('given one completed instance over two days and channels, when computed, then every counter and duration is as documented', () => {
    const completed = instance('i1', 'completed', [
      ['view', 'web', '2026-03-01T23:00:00Z', 'success', 'discover'],
      ['view', 'email', '2026-03-02T01:00:00Z', 'failure', 'discover'],
      ['pay', 'email', '2026-03-02T02:00:00Z', 'success', 'buy'],
    ]);
    const { counters, durations } = contributionsOf([completed], staged);
    const expected: Record<string, number> = {};
    const both = (day: string, channel: string, metric: string, key: string) => {
      expected[`${day}|*|${metric}|${key}`] = (expected[`${day}|*|${metric}|${key}`] ?? 0) + 1;
      expected[`${day}|${channel}|${metric}|${key}`] = 1;
    };
    for (const c of ['*', 'web', 'email']) {
      expected[`${D1}|${c}|instances:completed|`] = 1;
      expected[`${D1}|${c}|funnel|discover`] = 1;
      expected[`${D1}|${c}|funnel|buy`] = 1;
      // It reached buy, not the next stage (use).
      expected[`${D1}|${c}|funnel_drop|buy`] = 1;
    }
    for (const metric of ['node', 'stage:discover']) {
      both(D1, 'web', metric, 'view');
      both(D2, 'email', metric, 'view');
    }
    both(D2, 'email', 'node', 'pay');
    both(D2, 'email', 'stage:buy', 'pay');
    both(D2, 'email', 'node_failures', 'view');
    both(D1, 'web', 'node_customers', 'view');
    expected[`${D2}|email|node_customers|view`] = 1;
    both(D2, 'email', 'node_customers', 'pay');
    both(D1, 'web', 'customers', '');
    expected[`${D2}|email|customers|`] = 1;
    for (const metric of ['edge', 'edge_instances']) {
      both(D1, 'web', metric, `__start__${E}view`);
      both(D2, 'email', metric, `view${E}view`);
      both(D2, 'email', metric, `view${E}pay`);
      both(D2, 'email', metric, `pay${E}__end__`);
    }
    both(D2, 'email', 'switch', `web${E}email`);
    // Once per instance and step: on the step's first day overall, and first day per channel.
    both(D1, 'web', 'step_instances:completed', 'view');
    expected[`${D2}|email|step_instances:completed|view`] = 1;
    both(D2, 'email', 'step_instances:completed', 'pay');
    // Its variant: the hash of its step sequence, like `instances`, with its duration (3 h).
    const variant = createHash('sha256').update('["view","view","pay"]').digest('hex').slice(0, 32);
    const variantDurations: Record<string, number[]> = {};
    for (const c of ['*', 'web', 'email']) {
      expected[`${D1}|${c}|variant:completed|${variant}`] = 1;
      variantDurations[`${D1}|${c}|\u0000variant${E}${variant}`] = [3 * HOUR];
    }

    expect(Object.fromEntries(counters)).toEqual(expected);
    expect(Object.fromEntries(durations)).toEqual({
      ...variantDurations,
      [`${D2}|*|view${E}view`]: [2 * HOUR],
      [`${D2}|email|view${E}view`]: [2 * HOUR],
      [`${D2}|*|view${E}pay`]: [HOUR],
      [`${D2}|email|view${E}pay`]: [HOUR],
    });
  });

  it.each<[InstanceStatus, number]>([
    ['active', 0],
    ['abandoned', 1],
    ['failed', 1],
    ['completed', 1],
  ])('given a %s instance, when computed, then it has %d edge to __end__', (status, ends) => {
    const one = instance('i', status, [
      ['a', 'web', '2026-03-01T10:00:00Z'],
      ['b', 'web', '2026-03-01T11:00:00Z'],
    ]);
    const { counters } = contributionsOf([one], rules());
    expect(totals(counters, '*', 'edge')).toEqual({
      [`__start__${E}a`]: 1,
      [`a${E}b`]: 1,
      ...(ends ? { [`b${E}__end__`]: 1 } : {}),
    });
    expect(totals(counters, '*', `instances:${status}`)).toEqual({ '': 1 });
  });

  it('given two instances of a customer repeating steps, when computed, then distinct counts count the customer once, on the first day', () => {
    const first = instance('i1', 'abandoned', [
      ['a', 'web', '2026-03-01T10:00:00Z'],
      ['b', 'web', '2026-03-01T11:00:00Z'],
      ['a', 'phone', '2026-03-01T12:00:00Z'],
      ['b', 'phone', '2026-03-01T13:00:00Z'],
    ]);
    const second = instance('i2', 'active', [['a', 'phone', '2026-03-05T10:00:00Z']]);
    const { counters } = contributionsOf([second, first], rules());
    expect(totals(counters, '*', 'node')).toEqual({ a: 3, b: 2 });
    expect(totals(counters, '*', 'node_customers')).toEqual({ a: 1, b: 1 });
    expect(totals(counters, 'phone', 'node_customers')).toEqual({ a: 1, b: 1 });
    expect(counters.get(`${D1}|phone|node_customers|a`)).toBe(1);
    expect(totals(counters, '*', 'customers')).toEqual({ '': 1 });
    expect(totals(counters, '*', 'edge')[`a${E}b`]).toBe(2);
    expect(totals(counters, '*', 'edge_instances')[`a${E}b`]).toBe(1);
    expect(totals(counters, 'phone', 'edge_instances')[`a${E}b`]).toBe(1);
    expect(totals(counters, '*', 'edge_instances')[`__start__${E}a`]).toBe(2);
    expect(totals(counters, '*', 'switch')).toEqual({ [`web${E}phone`]: 1 });
    expect(totals(counters, 'phone', 'instances:active')).toEqual({ '': 1 });
    expect(totals(counters, 'web', 'instances:active')).toEqual({});
    expect(totals(counters, 'web', 'instances:abandoned')).toEqual({ '': 1 });
  });

  it('given instances of two customers, when computed together, then each customer counts once', () => {
    const a = instance('i1', 'active', [['x', 'web', '2026-03-01T10:00:00Z']], 'alice');
    const b = instance('i2', 'active', [['x', 'web', '2026-03-02T10:00:00Z']], 'bob');
    const { counters } = contributionsOf([a, b], rules());
    expect(totals(counters, '*', 'node_customers')).toEqual({ x: 2 });
    expect(totals(counters, 'web', 'customers')).toEqual({ '': 2 });
  });

  it('given stages, when computed, then the funnel counts only defined stages reached and stage counters every stage seen', () => {
    const one = instance('i', 'active', [
      ['view', 'web', '2026-03-01T10:00:00Z', 'success', 'discover'],
      ['help', 'web', '2026-03-01T11:00:00Z', 'success', 'support'],
      ['view', 'web', '2026-03-01T12:00:00Z', 'success', 'discover'],
    ]);
    const { counters } = contributionsOf([one], staged);
    expect(totals(counters, '*', 'funnel')).toEqual({ discover: 1 });
    expect(totals(counters, '*', 'stage:discover')).toEqual({ view: 2 });
    expect(totals(counters, '*', 'stage:support')).toEqual({ help: 1 });
    expect(totals(contributionsOf([one], rules()).counters, '*', 'funnel')).toEqual({});
  });

  it('given instances that skip, stop at and finish stages, then funnel_drop counts each that reached a stage but not the next', () => {
    const at = (h: number) => `2026-03-01T${String(h).padStart(2, '0')}:00:00Z`;
    const skips = instance('i1', 'completed', [
      ['view', 'web', at(1), 'success', 'discover'],
      ['pay', 'web', at(2), 'success', 'use'],
    ]);
    const stops = instance('i2', 'active', [
      ['view', 'web', at(1), 'success', 'discover'],
      ['pay', 'web', at(2), 'success', 'buy'],
    ]);
    const lastOpen = instance('i3', 'abandoned', [['x', 'web', at(1), 'success', 'use']]);
    const { counters } = contributionsOf([skips, stops, lastOpen], staged);
    expect(totals(counters, '*', 'funnel')).toEqual({ discover: 2, buy: 1, use: 2 });
    // discover: i1 skipped buy; buy: i2 never reached use; use: i3 did not complete.
    expect(totals(counters, '*', 'funnel_drop')).toEqual({ discover: 1, buy: 1, use: 1 });
  });

  it('given the same instances in another order, when computed, then the contributions are identical', () => {
    const x = instance('i1', 'failed', [
      ['a', 'web', '2026-03-01T10:00:00Z'],
      ['b', 'sms', '2026-03-03T10:00:00Z'],
    ]);
    const y = instance('i2', 'active', [
      ['b', 'web', '2026-03-02T10:00:00Z'],
      ['a', 'sms', '2026-03-02T10:30:00Z'],
    ]);
    const one = contributionsOf([x, y], rules());
    const other = contributionsOf([y, x], rules());
    const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(other.counters)).toEqual(sorted(one.counters));
    // Sample lists are multisets: sorted, so equal inputs compare equal.
    expect(sorted(other.durations)).toEqual(sorted(one.durations));
  });
});
