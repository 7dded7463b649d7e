import fc from 'fast-check';
import { Channel, FeedbackKind, Outcome } from '@journey/events';
import { DAY } from '../../test/facts';
import { drawnFact, pureBaseline, shopRules } from '../../test/shop';
import { segmentInstances } from '../journeys/segmentation';
import { JourneyInstance, TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { diffFrictions } from './frictions-diff';
import { frictionId } from './occurrence';
import { frictionThresholds } from './thresholds';
import { FrictionOccurrence, InstanceFeedback } from './types';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const RUNS = { numRuns: 150 };
const rules = shopRules({ stepSlaMs: new Map([['pay', 30 * MIN]]) });

/** A pure baseline: its answer depends only on its arguments. */
const baseline = pureBaseline(40);

const rawFact = fc.record({
  minute: fc.integer({ min: 0, max: (3 * DAY) / MIN }),
  step: fc.constantFrom('view', 'pay', 'help', 'done', 'fail'),
  stage: fc.constantFrom<string | null>(null, null, 'discover', 'buy'),
  channel: fc.constantFrom<Channel>('web', 'mobile_app', 'phone', 'chat', 'back_office'),
  outcome: fc.constantFrom<Outcome>('success', 'success', 'failure'),
  journeyInstanceId: fc.constantFrom<string | null>(null, null, 'x1'),
});
const rawFeedback = fc.record({
  id: fc.integer({ min: 0, max: 4 }), // few ids: the same feedback may come twice
  kind: fc.constantFrom<FeedbackKind>('csat', 'nps', 'ces'),
  score: fc.integer({ min: 0, max: 10 }),
  minute: fc.integer({ min: 0, max: (3 * DAY) / MIN }),
  touchpoint: fc.option(fc.integer({ min: 0, max: 40 })),
});

const scenario = fc
  .tuple(
    fc.array(rawFact, { minLength: 1, maxLength: 40 }),
    fc.array(rawFeedback, { maxLength: 5 }),
  )
  .map(([raws, rawFeedbacks]) => {
    const facts = raws.map((r, i) => drawnFact(r, i, T0 + r.minute * MIN));
    const feedback = rawFeedbacks.map((f): InstanceFeedback => ({
      feedbackId: `fb-${f.id}`,
      kind: f.kind,
      score: f.score,
      occurredAt: T0 + f.minute * MIN,
      touchpointId: f.touchpoint === null ? null : `tp-${String(f.touchpoint).padStart(3, '0')}`,
    }));
    return { facts, feedback };
  })
  .chain(({ facts, feedback }) =>
    fc.record({
      facts: fc.constant(facts),
      feedback: fc.constant(feedback),
      shuffledFacts: fc.shuffledSubarray(facts, {
        minLength: facts.length,
        maxLength: facts.length,
      }),
      shuffledFeedback: fc.shuffledSubarray(feedback, {
        minLength: feedback.length,
        maxLength: feedback.length,
      }),
    }),
  );

/** As the query API attaches feedback: to its touchpoint's instance, else the latest started. */
function feedbackOf(
  instance: JourneyInstance,
  all: readonly JourneyInstance[],
  feedback: readonly InstanceFeedback[],
) {
  return feedback.filter((f) => {
    const holder = all.find((i) => i.steps.some((s) => s.touchpointId === f.touchpointId));
    const owner = holder ?? [...all].reverse().find((i) => i.startedAt <= f.occurredAt);
    return owner === instance;
  });
}

const maxTime = (facts: readonly TouchpointFact[]) => Math.max(...facts.map((f) => f.occurredAt));

function detectAll(
  facts: readonly TouchpointFact[],
  feedback: readonly InstanceFeedback[],
  watermark: number,
) {
  const instances = segmentInstances(facts, rules, watermark);
  return instances.flatMap((instance) =>
    detectFrictions(instance, {
      rules,
      thresholds: frictionThresholds(),
      feedback: feedbackOf(instance, instances, feedback),
      baseline,
    }),
  );
}

describe('detectFrictions (properties)', () => {
  it('given the same touchpoints and feedback in any order, then the occurrences are identical', () => {
    fc.assert(
      fc.property(scenario, ({ facts, feedback, shuffledFacts, shuffledFeedback }) => {
        const watermark = maxTime(facts) + DAY / 2;
        expect(detectAll(shuffledFacts, shuffledFeedback, watermark)).toEqual(
          detectAll(facts, feedback, watermark),
        );
      }),
      RUNS,
    );
  });

  it('given any instance, then ids are stable and unique, one per type and trigger, with evidence from the instance ending at the attributed touchpoint', () => {
    fc.assert(
      fc.property(scenario, ({ facts, feedback }) => {
        const instances = segmentInstances(facts, rules, maxTime(facts) + DAY + 1);
        for (const instance of instances) {
          const found = detectFrictions(instance, {
            rules,
            thresholds: frictionThresholds(),
            feedback: feedbackOf(instance, instances, feedback),
            baseline,
          });
          expect(new Set(found.map((o) => o.id)).size).toBe(found.length);
          expect(new Set(found.map((o) => `${o.type}/${o.triggerId}`)).size).toBe(found.length);
          const position = new Map(instance.steps.map((s, i) => [s.touchpointId, i]));
          for (const o of found) {
            expect(o.id).toBe(frictionId(instance, o.type, o.triggerId));
            const evidence = o.touchpointIds.map((id) => position.get(id) ?? -1);
            expect(evidence.every((p, k) => p >= 0 && (k === 0 || p > evidence[k - 1]))).toBe(true);
            expect(o.touchpointIds[o.touchpointIds.length - 1]).toBe(o.touchpointId);
            const at = instance.steps[position.get(o.touchpointId) as number];
            expect([o.step, o.stage, o.channel]).toEqual([at.step, at.stage, at.channel]);
            if (o.feedbackId === null) expect(o.occurredAt).toBe(at.occurredAt);
          }
        }
      }),
      RUNS,
    );
  });

  it('given touchpoints arriving one by one in any order, then applying each re-detection’s diff leaves exactly the final occurrences', () => {
    fc.assert(
      fc.property(scenario, ({ facts, feedback, shuffledFacts }) => {
        const stored = new Map<string, FrictionOccurrence>();
        let previous: FrictionOccurrence[] = [];
        for (let k = 1; k <= shuffledFacts.length; k++) {
          const seen = shuffledFacts.slice(0, k);
          const now = detectAll(seen, feedback, maxTime(seen));
          const { upserts, removedIds } = diffFrictions(previous, now);
          removedIds.forEach((id) => stored.delete(id));
          upserts.forEach((o) => stored.set(o.id, o));
          previous = now;
        }
        const byId = (list: FrictionOccurrence[]) =>
          [...list].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId([...stored.values()])).toEqual(
          byId(detectAll(facts, feedback, maxTime(facts))),
        );
      }),
      RUNS,
    );
  });
});
