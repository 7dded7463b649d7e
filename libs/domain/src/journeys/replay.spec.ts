import { ERASED, JourneyDefined, JourneyEvent, TouchpointRecorded } from '@journey/events';
import { DAY, HOUR } from '../../test/facts';
import { arrivalKey } from '../log/log-rules';
import { DefinitionRecord, HistoryEvent, replayCustomer, ReplayCut } from './replay';
import { definitionData } from '../../../../test/journey-definition';

const T0 = Date.parse('2026-04-01T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
let position = 0;

/** One stored event: arrival order is the order the test creates them in. */
function stored(stream: string, event: JourneyEvent, recordedAt: number): HistoryEvent {
  position += 1;
  return { stream, event, recordedAt, arrival: arrivalKey(1000n, BigInt(position)) };
}

function touchpoint(
  id: string,
  step: string,
  occurredAt: number,
  o: Partial<TouchpointRecorded['data']> = {},
): JourneyEvent {
  return {
    type: 'TouchpointRecorded',
    data: {
      touchpointId: id,
      customerId: 'c1',
      anonymousId: null,
      journey: 'onboarding',
      step,
      stage: null,
      channel: 'web',
      outcome: 'success',
      occurredAt: iso(occurredAt),
      journeyInstanceId: null,
      durationMs: null,
      source: null,
      agentId: null,
      attributes: {},
      ...o,
    },
  };
}

function definition(goalSteps: string[], abandonAfter = 'P30D'): JourneyDefined['data'] {
  return definitionData('onboarding', {
    stages: [{ name: 'all', steps: ['start', 'details', 'activated', 'done'] }],
    goalSteps,
    abandonAfter,
  });
}

const NO_DEFINITIONS = new Map<string, DefinitionRecord[]>();
const replay = (
  history: HistoryEvent[],
  cut: ReplayCut,
  definitions = NO_DEFINITIONS,
  watermark = -Infinity,
) => replayCustomer('c1', history, definitions, cut, watermark);
const shape = (r: ReturnType<typeof replay>) =>
  r.instances.map((i) => [i.instanceId, i.status, i.steps.map((s) => s.touchpointId)]);

describe('replayCustomer', () => {
  // Recorded on days 10, 11 and 12; the third one (t0) happened before the others: a late event.
  const R = (day: number) => T0 + day * DAY;
  const history = () => [
    stored('customer-c1', touchpoint('t1', 'start', T0 + HOUR), R(10)),
    stored('customer-c1', touchpoint('t2', 'details', T0 + 2 * HOUR), R(11)),
    stored('customer-c1', touchpoint('t0', 'start', T0), R(12)),
  ];

  it('given a late event, when replayed asOf a moment before it arrived, then the journey is as the system knew it', () => {
    expect(shape(replay(history(), { kind: 'asOf', at: R(11) }))).toEqual([
      ['auto:t1', 'active', ['t1', 't2']],
    ]);
    expect(shape(replay(history(), { kind: 'asOf', at: R(10) }))).toEqual([
      ['auto:t1', 'active', ['t1']],
    ]);
    expect(replay(history(), { kind: 'asOf', at: R(9) }).instances).toEqual([]);
  });

  it('given a late event, when replayed occurredBefore a moment after it happened, then it is included though it arrived later', () => {
    expect(shape(replay(history(), { kind: 'occurredBefore', at: T0 + 90 * 60_000 }))).toEqual([
      ['auto:t0', 'active', ['t0', 't1']],
    ]);
    // occurredBefore is strict.
    expect(shape(replay(history(), { kind: 'occurredBefore', at: T0 + HOUR }))).toEqual([
      ['auto:t0', 'active', ['t0']],
    ]);
  });

  it('given everything, then the late event takes its place', () => {
    expect(shape(replay(history(), { kind: 'now' }))).toEqual([
      ['auto:t0', 'active', ['t0', 't1', 't2']],
    ]);
  });

  it('asOf uses the definition recorded by then; occurredBefore the current one', () => {
    const definitions = new Map([
      [
        'onboarding',
        [
          { data: definition(['details']), revision: 0, recordedAt: R(1) },
          { data: definition(['done']), revision: 1, recordedAt: R(11) + 1 },
        ],
      ],
    ]);
    const h = history().slice(0, 2);
    expect(shape(replay(h, { kind: 'asOf', at: R(11) }, definitions))).toEqual([
      ['auto:t1', 'completed', ['t1', 't2']],
    ]);
    expect(shape(replay(h, { kind: 'occurredBefore', at: R(20) }, definitions))).toEqual([
      ['auto:t1', 'active', ['t1', 't2']],
    ]);
    // Before anything was recorded: nothing.
    expect(shape(replay(h, { kind: 'asOf', at: R(0) }, definitions))).toEqual([]);
  });

  it('measures abandonment against the watermark, never below the latest touchpoint replayed', () => {
    const h = history().slice(0, 2);
    expect(replay(h, { kind: 'now' }, NO_DEFINITIONS, T0 + 31 * DAY).instances[0].status).toBe(
      'abandoned',
    );
    expect(replay(h, { kind: 'now' }, NO_DEFINITIONS, T0 + 29 * DAY).instances[0].status).toBe(
      'active',
    );
    expect(replay(h, { kind: 'now' }).instances[0].status).toBe('active');
  });

  describe('identity links', () => {
    const anonymous = (id: string, recordedAt: number, anonymousId = 'a1') =>
      stored(
        `anonymous-${anonymousId}`,
        touchpoint(id, 'start', T0 - DAY, { customerId: null, anonymousId }),
        recordedAt,
      );
    const link = (
      anonymousId: string,
      customerId: string,
      occurredAt: number,
      recordedAt: number,
    ) =>
      stored(
        `anonymous-${anonymousId}`,
        {
          type: 'CustomerIdentified',
          data: { anonymousId, customerId, occurredAt: iso(occurredAt) },
        },
        recordedAt,
      );

    it('an anonymous visitor is the customer once the link is recorded (asOf), and always for occurredBefore', () => {
      const h = [...history(), anonymous('a-t', R(5)), link('a1', 'c1', T0 + 10 * DAY, R(13))];
      expect(shape(replay(h, { kind: 'asOf', at: R(12) }))[0][2]).toEqual(['t0', 't1', 't2']);
      expect(shape(replay(h, { kind: 'asOf', at: R(13) }))[0][2]).toEqual([
        'a-t',
        't0',
        't1',
        't2',
      ]);
      expect(shape(replay(h, { kind: 'occurredBefore', at: T0 }))).toEqual([
        ['auto:a-t', 'active', ['a-t']],
      ]);
    });

    it('an unlinked anonymous id is its own owner, as the projector files it', () => {
      const h = [anonymous('x-1', R(1), 'c1'), anonymous('x-2', R(1), 'c9')];
      expect(shape(replay(h, { kind: 'now' }))).toEqual([['auto:x-1', 'active', ['x-1']]]);
      const linkedAway = [...h, link('c1', 'c2', T0, R(2))];
      expect(replay(linkedAway, { kind: 'now' }).instances).toEqual([]);
    });

    it('the first link of an anonymous id wins; one naming another customer keeps it out', () => {
      const h = [
        anonymous('x-1', R(1), 'a2'),
        link('a2', 'c2', T0, R(2)),
        link('a2', 'c1', T0, R(3)),
      ];
      expect(replay(h, { kind: 'now' }).instances).toEqual([]);
    });
  });

  it('a touchpoint repeated in a stream counts once', () => {
    const h = [...history(), stored('customer-c1', touchpoint('t1', 'start', T0 + HOUR), R(13))];
    expect(shape(replay(h, { kind: 'now' }))[0][2]).toEqual(['t0', 't1', 't2']);
  });

  describe('feedback and erasure', () => {
    const feedback = (id: string, comment: string | null, occurredAt: number): JourneyEvent => ({
      type: 'FeedbackGiven',
      data: {
        feedbackId: id,
        customerId: 'c1',
        kind: 'csat',
        score: 2,
        occurredAt: iso(occurredAt),
        journey: 'onboarding',
        touchpointId: null,
        channel: null,
        comment,
      },
    });
    const erased: JourneyEvent = {
      type: 'CustomerErased',
      data: { customerId: 'c1', anonymousIds: [], keyIds: [], erasedAt: iso(R(20)) },
    };
    const h = () => [
      stored('customer-c1', feedback('f1', 'enc:v1:before', T0), R(10)),
      stored('customer-c1', feedback('f2', null, T0), R(10)),
      stored('customer-c1', erased, R(20)),
      stored('customer-c1', feedback('f3', 'enc:v1:after', T0 + DAY), R(21)),
      stored('customer-c1', feedback('f1', 'enc:v1:again', T0), R(22)),
    ];

    it('comments given before an erasure read [erased]; later ones are kept; a feedback id counts once', () => {
      const comments = replay(h(), { kind: 'now' }).feedback.map((f) => [f.feedbackId, f.comment]);
      expect(comments).toEqual([
        ['f1', ERASED],
        ['f2', null],
        ['f3', 'enc:v1:after'],
      ]);
    });

    it('asOf before the erasure, the comment is still the stored one; occurredBefore filters by occurredAt', () => {
      expect(replay(h(), { kind: 'asOf', at: R(15) }).feedback.map((f) => f.comment)).toEqual([
        'enc:v1:before',
        null,
      ]);
      expect(
        replay(h(), { kind: 'occurredBefore', at: T0 + 1 }).feedback.map((f) => f.feedbackId),
      ).toEqual(['f1', 'f2']);
    });
  });
});
