import { deterministicEventId } from './event-id';
import { deserialize, serialize } from './serde';
import { UnknownEventVersionError, UpcasterRegistry } from './upcasters';
import { JourneyEvent } from './journey-event';
import { customerStream, parseStreamName } from './stream-names';

const meta = {
  correlationId: 'c',
  causationId: 'c',
  requestId: 'r',
  source: 'crm',
  apiKeyId: 'k1',
};
const identified: JourneyEvent = {
  type: 'CustomerIdentified',
  data: { anonymousId: 'a1', customerId: 'c1', occurredAt: '2026-01-01T00:00:00Z' },
};

describe('event serde', () => {
  it('given an event, when serialized and read back, then it is the same event at the current version', () => {
    const stored = serialize('id-1', identified, meta);
    expect(stored.metadata).toEqual({ ...meta, schemaVersion: 1 });
    const back = deserialize(JSON.parse(JSON.stringify(stored)));
    expect(back).toEqual({
      event: identified,
      metadata: { ...meta, schemaVersion: 1 },
      storedVersion: 1,
    });
  });

  it('ignores event types it does not know', () => {
    expect(deserialize({ type: 'SomethingElse', data: {}, metadata: {} })).toBeNull();
  });

  it('given an event stored at an older version, when read, then upcasters bring it to the current one', () => {
    // A hypothetical v0 -> v1 change: the field was called "anon".
    const registry: UpcasterRegistry = {
      CustomerIdentified: { 0: ({ anon, ...rest }) => ({ ...rest, anonymousId: anon }) },
    };
    const back = deserialize(
      {
        type: 'CustomerIdentified',
        data: { anon: 'a1', customerId: 'c1', occurredAt: 'x' },
        metadata: { schemaVersion: 0 },
      },
      registry,
    );
    expect(back?.event.data).toEqual({ anonymousId: 'a1', customerId: 'c1', occurredAt: 'x' });
    expect(back?.storedVersion).toBe(0);
  });

  it('given a journey definition stored at version 1, when read, then it is the current version with no personal attributes and default friction thresholds', () => {
    const v1 = {
      journey: 'onboarding',
      stages: [{ name: 'all', steps: ['signup', 'activated'] }],
      goalSteps: ['activated'],
      failureSteps: [],
      abandonAfter: 'P30D',
      stepSla: {},
    };
    const back = deserialize({ type: 'JourneyDefined', data: v1, metadata: { schemaVersion: 1 } });
    expect(back?.storedVersion).toBe(1);
    expect(back?.metadata.schemaVersion).toBe(4);
    const v4Defaults = { personalByDefault: false, nonPersonalAttributes: [] };
    expect(back?.event.data).toEqual({
      ...v1,
      personalAttributes: [],
      frictionThresholds: {},
      ...v4Defaults,
    });
    // A version 2 event keeps its personal attributes and gains the default thresholds.
    const v2 = { ...v1, personalAttributes: ['email'] };
    const fromV2 = deserialize({
      type: 'JourneyDefined',
      data: v2,
      metadata: { schemaVersion: 2 },
    });
    expect(fromV2?.event.data).toEqual({ ...v2, frictionThresholds: {}, ...v4Defaults });
    // A version 3 event keeps its thresholds; its attributes stay personal only when listed.
    const v3 = { ...v2, frictionThresholds: { repeatAttemptCount: 4 } };
    const fromV3 = deserialize({
      type: 'JourneyDefined',
      data: v3,
      metadata: { schemaVersion: 3 },
    });
    expect(fromV3?.event.data).toEqual({ ...v3, ...v4Defaults });
    // A version 4 event is read as it is.
    const v4 = { ...v3, personalByDefault: true, nonPersonalAttributes: ['plan'] };
    const current = deserialize({
      type: 'JourneyDefined',
      data: v4,
      metadata: { schemaVersion: 4 },
    });
    expect(current?.event.data).toEqual(v4);
  });

  it('refuses a version it has no path for', () => {
    const stored = { type: 'CustomerIdentified', data: {}, metadata: { schemaVersion: 7 } };
    expect(() => deserialize(stored)).toThrow(UnknownEventVersionError);
  });
});

describe('deterministic event ids', () => {
  it('are RFC 9562 version 5 UUIDs, stable for the same parts and distinct otherwise', () => {
    const a = deterministicEventId('customer-1', 'tp-1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('customer-1', 'tp-1')).toBe(a);
    expect(deterministicEventId('customer-1', 'tp-2')).not.toBe(a);
    // Part boundaries matter: ("ab","c") and ("a","bc") differ.
    expect(deterministicEventId('ab', 'c')).not.toBe(deterministicEventId('a', 'bc'));
  });

  it('never change: stored events and retried requests depend on them', () => {
    expect(deterministicEventId('customer-1', 'tp-1')).toBe('df4c0192-f824-582a-beaf-5d0a2825bb52');
    // First (the scratch buffer only grows): names ending right around the scratch buffer's first size (4,096 bytes).
    expect(deterministicEventId('ü'.repeat(2047), 'z')).toBe(
      'd880087e-e3fc-5496-9267-ed4db08a8ab6',
    );
    expect(deterministicEventId('ü'.repeat(2046), 'z')).toBe(
      'da76976e-b175-5389-a82a-2775cdf556bc',
    );
    // A name longer than the scratch buffer, with multi-byte characters.
    const long = deterministicEventId('é'.repeat(5000), 'x');
    expect(long).toBe('2fde4177-3b59-5b1d-8052-be374699b196');
    expect(long).not.toBe(deterministicEventId('é'.repeat(5000), 'y'));
    expect(deterministicEventId('friction', 'c-é✓', 'j', 'i'.repeat(5000), 'x')).toBe(
      '996f27ce-4e1b-54d1-83cc-69bab36d3fb9',
    );
  });
});

describe('stream names', () => {
  it('round-trip', () => {
    expect(parseStreamName(customerStream('c-1'))).toEqual({ kind: 'customer', id: 'c-1' });
    expect(parseStreamName('anonymous-x')).toEqual({ kind: 'anonymous', id: 'x' });
    expect(parseStreamName('journey-definition-onboarding')).toEqual({
      kind: 'journey-definition',
      id: 'onboarding',
    });
    expect(parseStreamName('other')).toBeNull();
  });
});
