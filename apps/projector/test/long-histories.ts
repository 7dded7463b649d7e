import fc from 'fast-check';
import {
  anonymousStream,
  Channel,
  customerStream,
  deterministicEventId,
  JourneyDefined,
  journeyDefinitionStream,
} from '@journey/events';
import { Stored } from './journeys-live-harness';

/**
 * Histories for the fast-path property (issue 14): per owner a walk of 1-20 or 50-80 steps over a
 * few steps with loops and repeats, ~1 in 6 sharing the previous step's timestamp, gaps up to days
 * (so auto instances get cut); c1 starts anonymous (a1) and is identified mid-journey; feedback;
 * one or two definitions of the journey. Events come out in canonical order: event time, then
 * generation order (what an in-order producer would send).
 */
const T0 = Date.UTC(2026, 4, 1);
const MINUTE = 60_000;
const ROUTINE = ['start', 'details', 'check', 'help', 'review'];
const CHANNELS: Channel[] = ['web', 'mobile_app', 'phone', 'chat'];

const stepArb = fc.record({
  gap: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 90 }) },
    { weight: 2, arbitrary: fc.integer({ min: 90, max: 24 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 24 * 60, max: 4 * 24 * 60 }) },
  ),
  // Terminal steps rare: instances run long.
  step: fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...ROUTINE) },
    { weight: 1, arbitrary: fc.constantFrom('done', 'fail') },
  ),
  channel: fc.constantFrom(...CHANNELS),
  outcome: fc.constantFrom('success', 'success', 'failure' as const),
  explicit: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  duplicate: fc.integer({ min: 0, max: 29 }).map((n) => n === 0),
});

const walkArb = fc.record({
  start: fc.integer({ min: 0, max: 2 * 24 * 60 }),
  steps: fc.oneof(
    { weight: 2, arbitrary: fc.array(stepArb, { minLength: 1, maxLength: 20 }) },
    { weight: 1, arbitrary: fc.array(stepArb, { minLength: 50, maxLength: 80 }) },
  ),
});

const definitionArb = fc.record({
  minute: fc.integer({ min: -1, max: 8 * 24 * 60 }),
  split: fc.constantFrom<string[]>(['start', 'details'], ['start', 'details', 'help', 'check']),
  goalSteps: fc.constantFrom(['done'], ['review'], [] as string[]),
  failureSteps: fc.constantFrom(['fail'], [] as string[]),
  abandonAfter: fc.constantFrom('PT6H', 'P1D', 'P3D'),
  repeatAttemptCount: fc.constantFrom(2, 3),
});

const inputArb = fc.record({
  walks: fc.tuple(walkArb, walkArb, walkArb, walkArb),
  // Where c1 is identified: its steps before this index come as the anonymous a1.
  split: fc.nat(),
  feedback: fc.array(
    fc.record({
      minute: fc.integer({ min: 0, max: 8 * 24 * 60 }),
      customer: fc.constant('c2'),
      score: fc.integer({ min: 1, max: 5 }),
    }),
    { maxLength: 2 },
  ),
  definitions: fc.array(definitionArb, { minLength: 1, maxLength: 2 }),
});

/**
 * The events in canonical order, each with its order group: events of one group must keep their
 * relative order in any arrival order for the read models to be the same. Touchpoints of one
 * instant (arrival breaks occurredAt ties), the definitions of a journey (their stream's revisions
 * decide the current one), the links of an anonymous id (the first wins); null: free to move.
 */
export interface History {
  readonly events: readonly Stored[];
  readonly groups: readonly (string | null)[];
}

export const longHistoryArb: fc.Arbitrary<History> = inputArb.map(historyOf);

type Timed = Stored & { minute: number; seq: number; group: string | null };

function historyOf({ walks, split, feedback, definitions }: Drawn<typeof inputArb>): History {
  const out: Timed[] = [];
  const push = (minute: number, group: string | null, e: Stored) =>
    out.push({ ...e, minute, seq: out.length, group });
  const owners = ['c1', 'c2', 'c3', 'a2'];
  walks.forEach((walk, w) => {
    const owner = owners[w];
    const anonymousUntil = owner === 'c1' ? split % (walk.steps.length + 1) : 0;
    let minute = walk.start;
    walk.steps.forEach((s, k) => {
      minute += k === 0 ? 0 : s.gap;
      if (owner === 'c1' && k === anonymousUntil) linkAt(minute);
      const who = k < anonymousUntil ? 'a1' : owner;
      const tp = touchpoint(who, `tp-${owner}-${k}`, minute, s);
      push(minute, `t:${minute}`, tp);
      // A retried send: the same touchpoint under a new event id (the first copy wins).
      if (s.duplicate)
        push(minute, `t:${minute}`, {
          ...tp,
          id: deterministicEventId('tp', `tp-${owner}-${k}`, 'again'),
        });
    });
    if (owner === 'c1' && anonymousUntil === walk.steps.length) linkAt(minute);
  });
  function linkAt(minute: number) {
    const data = { anonymousId: 'a1', customerId: 'c1', occurredAt: at(minute) };
    push(minute, 'link:a1', {
      stream: anonymousStream('a1'),
      id: deterministicEventId('link', 'a1'),
      event: { type: 'CustomerIdentified', data },
    });
  }
  feedback.forEach((f, i) =>
    push(f.minute, null, {
      stream: customerStream(f.customer),
      id: deterministicEventId('fb', String(i)),
      event: {
        type: 'FeedbackGiven',
        data: {
          ...{ feedbackId: `fb-${i}`, customerId: f.customer, kind: 'csat', score: f.score },
          ...{ occurredAt: at(f.minute), journey: 'j', touchpointId: null },
          ...{ channel: null, comment: null },
        },
      },
    }),
  );
  definitions.forEach((d, i) =>
    push(d.minute, 'definition:j', {
      stream: journeyDefinitionStream('j'),
      id: deterministicEventId('definition', String(i)),
      event: { type: 'JourneyDefined', data: definition(d) },
    }),
  );
  out.sort((x, y) => x.minute - y.minute || x.seq - y.seq);
  return {
    events: out.map(({ stream, id, event }) => ({ stream, id, event })),
    groups: out.map((t) => t.group),
  };
}

type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;
type StepInput = Drawn<typeof stepArb>;

const at = (minute: number) => new Date(T0 + minute * MINUTE).toISOString();

function touchpoint(owner: string, id: string, minute: number, s: StepInput): Stored {
  const anonymous = owner.startsWith('a');
  return {
    stream: anonymous ? anonymousStream(owner) : customerStream(owner),
    id: deterministicEventId('tp', id),
    event: {
      type: 'TouchpointRecorded',
      data: {
        ...{ touchpointId: id, customerId: anonymous ? null : owner },
        ...{ anonymousId: anonymous ? owner : null, journey: 'j', step: s.step, stage: null },
        ...{ channel: s.channel, outcome: s.outcome, occurredAt: at(minute) },
        ...{ journeyInstanceId: s.explicit ? 'x1' : null, durationMs: null, source: null },
        ...{ agentId: null, attributes: {} },
      },
    },
  };
}

function definition(d: Drawn<typeof definitionArb>): JourneyDefined['data'] {
  const rest = [...ROUTINE, 'done', 'fail'].filter((s) => !d.split.includes(s));
  return {
    journey: 'j',
    stages: [
      { name: 'apply', steps: d.split },
      { name: 'verify', steps: rest },
    ],
    goalSteps: d.goalSteps,
    failureSteps: d.failureSteps,
    abandonAfter: d.abandonAfter,
    stepSla: { check: 3_600_000 },
    personalAttributes: [],
    personalByDefault: false,
    nonPersonalAttributes: [],
    frictionThresholds: { repeatAttemptCount: d.repeatAttemptCount },
  };
}

/**
 * An arrival order of the history: as generated (in order), mostly in order with ~1 in 10 events
 * held back up to 40 positions (late), or any order (shuffled); order groups kept in every case.
 */
export function arrivalArb(h: History): fc.Arbitrary<{ kind: string; order: Stored[] }> {
  const n = h.events.length;
  const indices = [...Array(n).keys()];
  const delay = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 40 }));
  return fc
    .oneof(
      { weight: 1, arbitrary: fc.constant({ kind: 'in order', perm: indices }) },
      {
        weight: 3,
        arbitrary: fc.array(delay, { minLength: n, maxLength: n }).map((delays) => ({
          kind: 'late',
          perm: indices
            .map((i) => ({ i, key: delays[i][0] === 0 ? i + delays[i][1] + 0.5 : i }))
            .sort((x, y) => x.key - y.key)
            .map((x) => x.i),
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .shuffledSubarray(indices, { minLength: n, maxLength: n })
          .map((perm) => ({ kind: 'shuffled', perm })),
      },
    )
    .map(({ kind, perm }) => ({ kind, order: keepGroups(perm, h.groups).map((i) => h.events[i]) }));
}

/** The permutation with each group's members put back in canonical order, in the group's slots. */
function keepGroups(perm: readonly number[], groups: readonly (string | null)[]): number[] {
  const slots = new Map<string, number[]>();
  perm.forEach((i, at) => {
    const g = groups[i];
    if (g !== null) slots.set(g, [...(slots.get(g) ?? []), at]);
  });
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => g !== null && members.set(g, [...(members.get(g) ?? []), i]));
  const out = [...perm];
  for (const [g, at] of slots) at.forEach((slot, k) => (out[slot] = members.get(g)![k]));
  return out;
}
