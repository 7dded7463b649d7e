import { createHash } from 'node:crypto';
import { Channel } from '@journey/events';
import { at, fact, HOUR, rules as makeRules } from '../../test/facts';
import { appendedContributions } from './appended-contributions';
import { diffContributions } from './contributions-diff';
import { instanceContributions } from './map-contributions';
import { segmentInstances } from './segmentation';
import { InstanceStatus, JourneyInstance } from './types';

const T0 = at('2026-03-01T23:30:00Z');
const D1 = '2026-03-01';
const rules = makeRules({ goalSteps: new Set(['pay']), failureSteps: new Set(['reject']) });
/** The documented id, computed here without the code under test. */
const idOf = (steps: string[]) =>
  createHash('sha256').update(JSON.stringify(steps)).digest('hex').slice(0, 32);

function instanceOf(steps: [string, Channel, number][], watermark: number): JourneyInstance {
  const facts = steps.map(([step, channel, ms]) => fact({ step, channel, occurredAt: T0 + ms }));
  const [one] = segmentInstances(facts, rules, watermark);
  return one;
}

/** Counters and variant duration samples whose metric or key names a variant. */
function variantParts(instance: JourneyInstance) {
  const c = instanceContributions(instance, rules);
  const counters = [...c.counters].filter(([k]) => k.includes('|variant:')).sort();
  const durations = [...c.durations].filter(([k]) => k.includes('\u0000variant')).sort();
  return { counters, durations, variants: c.variants };
}

describe('variant contributions', () => {
  it.each<[string, InstanceStatus, string]>([
    ['pay', 'completed', 'variant:completed'],
    ['reject', 'failed', 'variant:failed'],
  ])('given an instance closed by %s, then it counts %s once on its start day', (end, status) => {
    // Given view on web at T0 (day 1), then the closing step on email 2 h later (day 2)
    const i = instanceOf(
      [
        ['view', 'web', 0],
        [end, 'email', 2 * HOUR],
      ],
      T0 + 2 * HOUR,
    );
    // When its contributions are computed
    const { counters, durations, variants } = variantParts(i);
    // Then '*' and each channel it used count its variant on its start day, with its duration
    const id = idOf(['view', end]);
    expect(i.status).toBe(status);
    expect(counters).toEqual(
      ['*', 'email', 'web'].map((c) => [`${D1}|${c}|variant:${status}|${id}`, 1]),
    );
    expect(durations).toEqual(
      ['*', 'email', 'web'].map((c) => [`${D1}|${c}|\u0000variant\u0001${id}`, [2 * HOUR]]),
    );
    expect(variants).toEqual(new Map([[id, ['view', end]]]));
  });

  it('given an abandoned instance on one channel, then its variant counts for * and that channel', () => {
    const i = instanceOf([['view', 'web', 0]], T0 + 2 * 86_400_000);
    const { counters } = variantParts(i);
    expect(i.status).toBe('abandoned');
    expect(counters).toEqual(
      ['*', 'web'].map((c) => [`${D1}|${c}|variant:abandoned|${idOf(['view'])}`, 1]),
    );
  });

  it('given an active instance, then it has no variant counter, sample or steps', () => {
    const i = instanceOf([['view', 'web', 0]], T0);
    expect(i.status).toBe('active');
    expect(variantParts(i)).toEqual({ counters: [], durations: [], variants: new Map() });
  });

  it.each([
    ['a closing step', [['pay', 'email', HOUR]] as [string, Channel, number][], T0 + HOUR],
    ['a sweep that abandons it', [] as [string, Channel, number][], T0 + 3 * 86_400_000],
  ])(
    'given an active instance closed by %s, then the appended diff equals the full diff',
    (_, more, wm) => {
      // Given the instance before (active) and after (closed)
      const base: [string, Channel, number][] = [
        ['view', 'web', 0],
        ['view', 'web', 0],
      ];
      const before = instanceOf(base, T0);
      const afterWhole = instanceOf([...base, ...more], wm);
      // the appended path needs the same step objects as before for the old steps
      const after: JourneyInstance = {
        ...afterWhole,
        steps: [...before.steps, ...afterWhole.steps.slice(before.steps.length)],
      };
      // When diffed by the fast path and in full
      const fast = appendedContributions(before, after, rules)!;
      const full = diffContributions(
        instanceContributions(before, rules),
        instanceContributions(after, rules),
      );
      // Then both are the same, variant counters, samples and steps included
      expect(after.status).not.toBe('active');
      expect(fast).toEqual(full);
      expect([...fast.counters.keys()].some((k) => k.includes('|variant:'))).toBe(true);
      expect(fast.variants.size).toBe(1);
    },
  );
});

describe('edge_simultaneous', () => {
  it('given two steps at the same instant after a later one, then only the 0 ms move counts', () => {
    // Given a, b at T0 and c an hour later
    const i = instanceOf(
      [
        ['a', 'web', 0],
        ['b', 'web', 0],
        ['c', 'web', HOUR],
      ],
      T0 + HOUR,
    );
    // When computed
    const c = instanceContributions(i, rules);
    // Then a -> b is simultaneous (on '*' and web), b -> c and __start__ -> a are not
    const simultaneous = [...c.counters].filter(([k]) => k.includes('|edge_simultaneous|'));
    expect(simultaneous.sort()).toEqual([
      [`${D1}|*|edge_simultaneous|a\u0001b`, 1],
      [`${D1}|web|edge_simultaneous|a\u0001b`, 1],
    ]);
  });
});
