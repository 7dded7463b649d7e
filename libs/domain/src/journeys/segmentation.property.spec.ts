import fc from 'fast-check';
import { Channel, Outcome } from '@journey/events';
import { DAY, HOUR } from '../../test/facts';
import { shopRules } from '../../test/shop';
import { Contributions, emptyContributions } from './contribution-keys';
import { applyContributionsDiff, diffContributions } from './contributions-diff';
import { contributionsOf } from './map-contributions';
import { segmentInstances } from './segmentation';
import { TouchpointFact } from './types';

const T0 = Date.UTC(2026, 0, 1);
const RUNS = { numRuns: 100 };
const rules = shopRules();

const rawFact = fc.record({
  minute: fc.integer({ min: 0, max: (10 * DAY) / 60_000 }),
  customerId: fc.constantFrom('c1', 'c2'),
  step: fc.constantFrom('view', 'pay', 'help', 'done', 'fail'),
  stage: fc.constantFrom<string | null>(null, null, 'discover', 'other'),
  channel: fc.constantFrom<Channel>('web', 'email', 'phone'),
  outcome: fc.constantFrom<Outcome>('success', 'success', 'failure'),
  journeyInstanceId: fc.constantFrom<string | null>(null, null, null, 'x1', 'x2'),
});

/** Facts with distinct occurredAt (one or two customers, some with explicit instance ids). */
const factsArb = (customers: 'one' | 'two') =>
  fc.uniqueArray(rawFact, { selector: (r) => r.minute, minLength: 1, maxLength: 30 }).map((raws) =>
    raws.map((r, i): TouchpointFact => ({
      touchpointId: `tp-${String(i).padStart(3, '0')}`,
      customerId: customers === 'one' ? 'c1' : r.customerId,
      journey: 'j',
      step: r.step,
      stage: r.stage,
      channel: r.channel,
      outcome: r.outcome,
      occurredAt: T0 + r.minute * 60_000,
      journeyInstanceId: r.journeyInstanceId,
      arrival: String(i).padStart(6, '0'),
    })),
  );

/** The facts, a permutation of them, and a watermark at or after the last of them. */
const scenario = (customers: 'one' | 'two') =>
  factsArb(customers).chain((facts) =>
    fc.tuple(
      fc.constant(facts),
      fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
      fc.integer({ min: 0, max: 3 * DAY }),
    ),
  );

const maxTime = (facts: readonly TouchpointFact[]) => Math.max(...facts.map((f) => f.occurredAt));
const mapOf = (facts: readonly TouchpointFact[], watermark: number) =>
  contributionsOf(segmentInstances(facts, rules, watermark), rules);

describe('segmentation and contributions (properties)', () => {
  it('given any permutation of the same facts, then instances and contributions are identical', () => {
    fc.assert(
      fc.property(scenario('one'), ([facts, shuffled, extra]) => {
        const watermark = maxTime(facts) + extra;
        const instances = segmentInstances(facts, rules, watermark);
        expect(segmentInstances(shuffled, rules, watermark)).toEqual(instances);
        const a = mapOf(facts, watermark);
        const b = mapOf(shuffled, watermark);
        expect([...b.counters]).toEqual([...a.counters]);
        expect([...b.durations]).toEqual([...a.durations]);
      }),
      RUNS,
    );
  });

  it('given any facts, then every fact is in exactly one instance and auto instances obey the cut rules', () => {
    fc.assert(
      fc.property(scenario('one'), ([facts, , extra]) => {
        const instances = segmentInstances(facts, rules, maxTime(facts) + extra);
        const ids = instances.flatMap((i) => i.steps.map((s) => s.touchpointId)).sort();
        expect(ids).toEqual(facts.map((f) => f.touchpointId).sort());
        for (const instance of instances.filter((i) => i.instanceId.startsWith('auto:'))) {
          instance.steps.forEach((s, i) => {
            const isLast = i === instance.steps.length - 1;
            if (!isLast) expect(['done', 'fail']).not.toContain(s.step);
            if (i > 0) expect(s.sincePreviousMs).toBeLessThanOrEqual(rules.abandonAfterMs);
          });
        }
      }),
      RUNS,
    );
  });

  it('given facts arriving one by one in any order, then summing the diffs gives the contributions of all facts', () => {
    fc.assert(
      fc.property(scenario('one'), ([facts, arrivals]) => {
        let total: Contributions = emptyContributions();
        let previous: Contributions = emptyContributions();
        for (let k = 1; k <= arrivals.length; k++) {
          const seen = arrivals.slice(0, k);
          const now = mapOf(seen, maxTime(seen));
          total = applyContributionsDiff(total, diffContributions(previous, now));
          previous = now;
        }
        const all = mapOf(facts, maxTime(facts));
        expect(Object.fromEntries(total.counters)).toEqual(Object.fromEntries(all.counters));
        expect(Object.fromEntries(total.durations)).toEqual(Object.fromEntries(all.durations));
      }),
      RUNS,
    );
  });

  it('given several customers, then the map of all is the sum of each customer’s contributions', () => {
    fc.assert(
      fc.property(scenario('two'), ([facts, , extra]) => {
        const watermark = maxTime(facts) + extra + HOUR;
        let sum: Contributions = emptyContributions();
        const allInstances = [];
        for (const customer of ['c1', 'c2']) {
          const instances = segmentInstances(
            facts.filter((f) => f.customerId === customer),
            rules,
            watermark,
          );
          allInstances.push(...instances);
          const mine = contributionsOf(instances, rules);
          sum = applyContributionsDiff(sum, diffContributions(emptyContributions(), mine));
        }
        const together = contributionsOf(allInstances, rules);
        expect(Object.fromEntries(sum.counters)).toEqual(Object.fromEntries(together.counters));
        expect(Object.fromEntries(sum.durations)).toEqual(Object.fromEntries(together.durations));
      }),
      RUNS,
    );
  });
});
