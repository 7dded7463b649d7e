import { at, DAY, fact, HOUR, rules } from '../../test/facts';
import { segmentInstances } from './segmentation';
import { JourneyInstance, TouchpointFact } from './types';

const T0 = at('2026-03-01T09:00:00');
const terminal = rules({ goalSteps: new Set(['buy']), failureSteps: new Set(['reject']) });

/** A compact view: instance id, status and its steps' touchpoint ids. */
const shape = (instances: JourneyInstance[]) =>
  instances.map((i) => [i.instanceId, i.status, i.steps.map((s) => s.touchpointId).join(',')]);

describe('segmentInstances', () => {
  it('given no facts, when segmented, then there are no instances', () => {
    expect(segmentInstances([], terminal, T0)).toEqual([]);
  });

  it('given facts in any order, when segmented, then steps follow occurredAt, then arrival, then touchpointId', () => {
    const facts = [
      fact({ touchpointId: 'd', step: 's4', occurredAt: T0 + 2, arrival: '0001' }),
      fact({ touchpointId: 'c', step: 's3', occurredAt: T0 + 1, arrival: '0001' }),
      fact({ touchpointId: 'b', step: 's2', occurredAt: T0 + 1, arrival: '0002' }),
      fact({ touchpointId: 'z', step: 's0', occurredAt: T0, arrival: '0005' }),
      fact({ touchpointId: 'a', step: 's1', occurredAt: T0, arrival: '0005' }),
    ];
    const [instance] = segmentInstances(facts, terminal, T0 + 10);
    expect(instance.steps.map((s) => s.touchpointId)).toEqual(['a', 'z', 'c', 'b', 'd']);
    expect(instance.instanceId).toBe('auto:a');
    expect(segmentInstances([...facts].reverse(), terminal, T0 + 10)).toEqual([instance]);
  });

  it.each([
    [
      'a goal step ends an auto instance',
      'buy',
      HOUR,
      ['auto:a', 'completed', 'a,b'],
      ['auto:c', 'active', 'c'],
    ],
    [
      'a failure step ends an auto instance',
      'reject',
      HOUR,
      ['auto:a', 'failed', 'a,b'],
      ['auto:c', 'active', 'c'],
    ],
    ['a gap of exactly abandonAfter does not', 'view', DAY, ['auto:a', 'active', 'a,b,c']],
    [
      'a gap longer than abandonAfter does',
      'view',
      DAY + 1,
      ['auto:a', 'abandoned', 'a,b'],
      ['auto:c', 'active', 'c'],
    ],
  ])(
    'given auto facts where %s, when segmented, then the instances are cut there',
    (_c, secondStep, gap, ...expected) => {
      const facts = [
        fact({ touchpointId: 'a', step: 'view', occurredAt: T0 }),
        fact({ touchpointId: 'b', step: secondStep, occurredAt: T0 + HOUR }),
        fact({ touchpointId: 'c', step: 'view', occurredAt: T0 + HOUR + gap }),
      ];
      expect(shape(segmentInstances(facts, terminal, T0 + HOUR + gap))).toEqual(expected);
    },
  );

  it('given facts with a journeyInstanceId, when segmented, then they form that instance whatever the gaps and terminal steps', () => {
    const facts = [
      fact({ touchpointId: 'a', step: 'view', occurredAt: T0, journeyInstanceId: 'order-1' }),
      fact({
        touchpointId: 'b',
        step: 'reject',
        occurredAt: T0 + 40 * DAY,
        journeyInstanceId: 'order-1',
      }),
      fact({
        touchpointId: 'c',
        step: 'buy',
        occurredAt: T0 + 41 * DAY,
        journeyInstanceId: 'order-1',
      }),
      fact({
        touchpointId: 'd',
        step: 'view',
        occurredAt: T0 + 42 * DAY,
        journeyInstanceId: 'order-1',
      }),
    ];
    // The first terminal step (a failure) decides, and the later steps stay in the instance.
    expect(shape(segmentInstances(facts, terminal, T0 + 100 * DAY))).toEqual([
      ['order-1', 'failed', 'a,b,c,d'],
    ]);
  });

  it('given explicit and auto facts interleaved, when segmented, then they are separate instances ordered by start, then id', () => {
    const facts = [
      fact({ touchpointId: 'a', step: 'view', occurredAt: T0 }),
      fact({ touchpointId: 'x', step: 'view', occurredAt: T0, journeyInstanceId: 'explicit' }),
      fact({ touchpointId: 'b', step: 'view', occurredAt: T0 + HOUR }),
      fact({
        touchpointId: 'y',
        step: 'buy',
        occurredAt: T0 + 2 * HOUR,
        journeyInstanceId: 'explicit',
      }),
      fact({ touchpointId: 'c', step: 'buy', occurredAt: T0 + 3 * HOUR }),
      fact({ touchpointId: 'e', step: 'view', occurredAt: T0 - HOUR, journeyInstanceId: 'early' }),
    ];
    expect(shape(segmentInstances(facts, terminal, T0 + 3 * HOUR))).toEqual([
      ['early', 'active', 'e'],
      ['auto:a', 'completed', 'a,b,c'],
      ['explicit', 'completed', 'x,y'],
    ]);
  });

  it.each([
    ['strictly more than abandonAfter after the last activity', DAY + 1, 'abandoned'],
    ['exactly abandonAfter after the last activity', DAY, 'active'],
    ['before the last activity (late watermark)', -HOUR, 'active'],
  ])(
    'given an open instance and a watermark %s, when segmented, then it is %s',
    (_c, delta, status) => {
      const facts = [fact({ step: 'view', occurredAt: T0 })];
      expect(segmentInstances(facts, terminal, T0 + delta)[0].status).toBe(status);
    },
  );

  it('given a step that is both goal and failure, when segmented, then the goal wins', () => {
    const both = rules({ goalSteps: new Set(['end']), failureSteps: new Set(['end']) });
    expect(segmentInstances([fact({ step: 'end', occurredAt: T0 })], both, T0)[0].status).toBe(
      'completed',
    );
  });

  it('given facts, when segmented, then each step carries its stage, channel, outcome and time since the previous step', () => {
    const staged = rules({
      stageOfStep: new Map([
        ['view', 'discover'],
        ['pay', 'buy'],
      ]),
    });
    const facts: TouchpointFact[] = [
      fact({ touchpointId: 'a', step: 'view', occurredAt: T0, channel: 'email' }),
      fact({
        touchpointId: 'b',
        step: 'pay',
        occurredAt: T0 + 5000,
        stage: 'override',
        outcome: 'failure',
      }),
      fact({ touchpointId: 'c', step: 'other', occurredAt: T0 + 9000, channel: 'phone' }),
    ];
    expect(segmentInstances(facts, staged, T0 + 9000)).toEqual([
      {
        journey: 'j',
        instanceId: 'auto:a',
        customerId: 'c1',
        status: 'active',
        startedAt: T0,
        lastActivityAt: T0 + 9000,
        steps: [
          {
            touchpointId: 'a',
            step: 'view',
            stage: 'discover',
            channel: 'email',
            outcome: 'success',
            occurredAt: T0,
            sincePreviousMs: null,
          },
          {
            touchpointId: 'b',
            step: 'pay',
            stage: 'override',
            channel: 'web',
            outcome: 'failure',
            occurredAt: T0 + 5000,
            sincePreviousMs: 5000,
          },
          {
            touchpointId: 'c',
            step: 'other',
            stage: null,
            channel: 'phone',
            outcome: 'success',
            occurredAt: T0 + 9000,
            sincePreviousMs: 4000,
          },
        ],
      },
    ]);
  });
});
