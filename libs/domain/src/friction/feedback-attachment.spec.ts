import { JourneyInstance } from '../journeys/types';
import { attachFeedback, CustomerFeedback } from './feedback-attachment';

const T = Date.UTC(2026, 4, 1);
const H = 3_600_000;

function instance(instanceId: string, startedAt: number, touchpointIds: string[]): JourneyInstance {
  return {
    journey: 'kyc',
    instanceId,
    customerId: 'c1',
    status: 'active',
    startedAt,
    lastActivityAt: startedAt + H,
    steps: touchpointIds.map((touchpointId, i) => ({
      touchpointId,
      step: `s${i}`,
      stage: null,
      channel: 'web',
      outcome: 'success',
      occurredAt: startedAt + i * H,
      sincePreviousMs: i === 0 ? null : H,
    })),
  };
}

function feedback(over: Partial<CustomerFeedback>): CustomerFeedback {
  return { feedbackId: 'f1', kind: 'csat', score: 1, occurredAt: T, journey: 'kyc', ...over };
}

describe('attachFeedback', () => {
  const first = instance('i1', T, ['t1', 't2']);
  const second = instance('i2', T + 10 * H, ['t3']);

  it('given feedback naming a touchpoint, when attached, then it goes to the instance holding it', () => {
    const out = attachFeedback(
      [first, second],
      [feedback({ touchpointId: 't2', occurredAt: T + 20 * H })],
    );
    expect([...out.keys()]).toEqual(['i1']);
  });

  it('given feedback naming a touchpoint no instance holds, when attached, then it goes nowhere', () => {
    expect(attachFeedback([first, second], [feedback({ touchpointId: 'tX' })]).size).toBe(0);
  });

  it('given feedback without a touchpoint, when attached, then it goes to the latest instance started by then', () => {
    expect([
      ...attachFeedback([first, second], [feedback({ occurredAt: T + 10 * H })]).keys(),
    ]).toEqual(['i2']);
    expect([
      ...attachFeedback([first, second], [feedback({ occurredAt: T + 10 * H - 1 })]).keys(),
    ]).toEqual(['i1']);
  });

  it('given feedback before any instance or about another journey, when attached, then it goes nowhere', () => {
    expect(attachFeedback([first], [feedback({ occurredAt: T - 1 })]).size).toBe(0);
    expect(attachFeedback([first], [feedback({ journey: 'other', occurredAt: T + H })]).size).toBe(
      0,
    );
    expect(attachFeedback([first], [feedback({ journey: null, occurredAt: T + H })]).size).toBe(0);
  });
});
