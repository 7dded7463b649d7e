import { TouchpointRecorded } from '@journey/events';
import { arrivalKey, FrictionOccurrence, JourneyInstance } from '@journey/domain';
import { touchpointValues } from '../src/codecs/touchpoint.codec';
import { touchpointData } from './touchpoint-data';

/** Rows with every character COPY text or a text[] literal must escape, and nulls. */
const ODD = 'tab\there "quote" back\\slash\nline\rcr é✓';

const touchpoint = (o: Partial<TouchpointRecorded['data']>): TouchpointRecorded['data'] =>
  touchpointData({
    touchpointId: 't1',
    customerId: 'c1',
    journey: 'onboarding',
    step: 'start',
    stage: 'apply',
    occurredAt: '2026-04-01T09:00:00.000Z',
    ...o,
  });

export const touchpointRows = (): unknown[][] => [
  touchpointValues('customer-c1', touchpoint({}), 'c1', arrivalKey(10n, 1n)),
  touchpointValues(
    `anonymous-${ODD}`,
    touchpoint({
      touchpointId: ODD,
      customerId: null,
      anonymousId: ODD,
      journey: ODD,
      step: ODD,
      stage: null,
      occurredAt: '2026-04-01T11:00:00.123456+02:00',
      journeyInstanceId: ODD,
    }),
    ODD,
    arrivalKey(12345678901234n, 7n),
  ),
];

const T0 = Date.UTC(2026, 3, 1, 9, 0, 0, 123);

export const sampleInstances = (): JourneyInstance[] => [
  {
    journey: 'onboarding',
    instanceId: 'auto:t1',
    customerId: 'c1',
    status: 'active',
    startedAt: T0,
    lastActivityAt: T0 + 60_000,
    steps: [
      {
        touchpointId: 't1',
        step: 'start',
        stage: null,
        channel: 'web',
        outcome: 'success',
        occurredAt: T0,
        sincePreviousMs: null,
      },
      {
        touchpointId: 't2',
        step: ODD,
        stage: ODD,
        channel: 'phone',
        outcome: 'failure',
        occurredAt: T0 + 1,
        sincePreviousMs: 1,
      },
      {
        touchpointId: ODD,
        step: 'done',
        stage: 'x',
        channel: 'web',
        outcome: 'success',
        occurredAt: T0 + 60_000,
        sincePreviousMs: 59_999,
      },
    ],
  },
  {
    journey: ODD,
    instanceId: ODD,
    customerId: ODD,
    status: 'abandoned',
    startedAt: Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    lastActivityAt: Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    steps: [],
  },
];

const occurrence: FrictionOccurrence = {
  id: '2b1f0c8e-4d7a-5e3b-9c1d-0a2b3c4d5e6f',
  type: 'channel_hop',
  journey: 'onboarding',
  customerId: 'c1',
  instanceId: 'i1',
  triggerId: 't2',
  touchpointId: 't2',
  step: 'call',
  stage: 'support',
  channel: 'phone',
  occurredAt: T0,
  touchpointIds: ['t1', 't2'],
  feedbackId: null,
  detail: { type: 'channel_hop', fromChannel: 'web', toChannel: 'phone', gapMs: 60_000 },
} as FrictionOccurrence;

export const sampleOccurrences = (): FrictionOccurrence[] => [
  occurrence,
  {
    ...occurrence,
    id: '3c2f0c8e-4d7a-5e3b-9c1d-0a2b3c4d5e6f',
    type: 'negative_feedback',
    customerId: ODD,
    instanceId: ODD,
    triggerId: ODD,
    touchpointId: ODD,
    step: ODD,
    stage: null,
    occurredAt: T0 + 1,
    touchpointIds: [ODD, 'plain', ''],
    feedbackId: ODD,
    detail: { type: 'backtrack', fromStage: ODD, toStage: 'b\\' } as never,
  } as FrictionOccurrence,
  { ...occurrence, id: '4d3f0c8e-4d7a-5e3b-9c1d-0a2b3c4d5e6f', touchpointIds: [] },
];
