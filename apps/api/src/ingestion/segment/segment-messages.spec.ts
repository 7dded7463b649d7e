import { ValidationFailedError } from '../../common/app-error';
import { parseSegmentBatch, parseSegmentMessage } from './segment-messages';

const NOW = new Date('2026-05-01T12:00:10.000Z');
const track = (overrides: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Checkout Started',
  userId: 'c-1',
  messageId: 'm-1',
  ...overrides,
});
const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    if (e instanceof ValidationFailedError) return e.problems.map((p) => `${p.field}:${p.rule}`);
    throw e;
  }
  return [];
};

describe('parseSegmentBatch', () => {
  it('given timestamp, then it is the time as sent', () => {
    const [e] = parseSegmentBatch(
      { batch: [track({ timestamp: '2026-05-01T10:00:00+02:00' })] },
      100,
      NOW,
    );
    expect(e.occurredAt).toBe('2026-05-01T10:00:00+02:00');
  });

  it('given originalTimestamp and a sender clock 10 s slow, then the time is moved by 10 s', () => {
    const batch = {
      sentAt: '2026-05-01T12:00:00.000Z',
      batch: [track({ originalTimestamp: '2026-05-01T11:59:00.000Z' })],
    };
    expect(parseSegmentBatch(batch, 100, NOW)[0].occurredAt).toBe('2026-05-01T11:59:10.000Z');
  });

  it('given no time at all, then the time it was received', () => {
    expect(parseSegmentBatch({ batch: [track()] }, 100, NOW)[0].occurredAt).toBe(NOW.toISOString());
  });

  it('given the envelope, then ids, name, properties and the channel hint are read', () => {
    const [e] = parseSegmentBatch(
      {
        batch: [
          track({
            userId: 42,
            anonymousId: 'a-1',
            properties: { plan: 'pro' },
            context: { library: { name: 'analytics.js' } },
          }),
        ],
      },
      100,
      NOW,
    );
    expect(e).toMatchObject({
      index: 0,
      path: 'batch[0]',
      kind: 'track',
      idempotencyKey: 'm-1',
      name: 'Checkout Started',
      customerId: '42',
      anonymousId: 'a-1',
      properties: { plan: 'pro' },
      channelHint: 'analytics.js',
    });
  });

  it('given alias and group calls, then they are left aside', () => {
    expect(
      parseSegmentBatch({ batch: [track({ type: 'alias' }), track({ type: 'group' })] }, 100, NOW),
    ).toEqual([]);
  });

  it('given bad messages, then every problem names batch[i] and the Segment field', () => {
    expect(
      problemsOf(() =>
        parseSegmentBatch(
          {
            batch: [
              track({ messageId: undefined }),
              track({ userId: undefined }),
              track({ event: 7, timestamp: '2026-05-01' }),
              track({ type: 'boom' }),
              track({ properties: [] }),
            ],
          },
          100,
          NOW,
        ),
      ),
    ).toEqual([
      'batch[0].messageId:required',
      'batch[1].userId:required',
      'batch[2].event:type',
      'batch[2].timestamp:format',
      'batch[3].type:enum',
      'batch[4].properties:type',
    ]);
  });
});

describe('parseSegmentMessage', () => {
  it('given a page call, then its type comes from the path and its name from the message', () => {
    const [e] = parseSegmentMessage(
      'page',
      { anonymousId: 'a', messageId: 'p', name: 'Pricing' },
      10,
      NOW,
    );
    expect(e).toMatchObject({ kind: 'page', name: 'Pricing', path: '', customerId: null });
  });

  it('given a body over 32 KB, then maxBytes', () => {
    expect(problemsOf(() => parseSegmentMessage('track', track(), 40 * 1024, NOW))).toEqual([
      ':maxBytes',
    ]);
  });
});
