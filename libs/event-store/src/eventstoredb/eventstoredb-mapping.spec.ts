import {
  START as CLIENT_START,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../errors';
import { RecordedEvent } from '../event-store.port';
import { START } from '../position';
import {
  ClientRecord,
  isAfter,
  isStreamNotFound,
  isSystemEvent,
  isVisible,
  matchesPrefixes,
  normalizePrefixes,
  subscriptionFilter,
  toClientExpectedRevision,
  toClientReadPosition,
  toEventData,
  toJsonObject,
  toRecordedEvent,
  toStoreError,
} from './eventstoredb-mapping';
import { StreamIdCache, duplicateResult, splitByKnownIds } from './stream-id-cache';

const ID = '3f1c2a4e-9b7d-4c1e-8f00-0123456789ab';
const record = (over: Partial<ClientRecord> = {}): ClientRecord => ({
  streamId: 'customer-1',
  id: ID,
  revision: 3n,
  type: 'CustomerRegistered',
  created: new Date('2024-05-01T10:00:00Z'),
  data: { name: 'Ada', tags: ['a'] },
  metadata: { correlationId: 'c-1' },
  position: { commit: 120n, prepare: 110n },
  ...over,
});
const recorded = (stream: string, type = 'T', revision = 0n, commit = 1n): RecordedEvent => ({
  stream,
  revision,
  position: { commit, prepare: commit },
  id: `${ID.slice(0, -2)}${String(revision).padStart(2, '0')}`,
  type,
  data: {},
  metadata: {},
  recordedAt: new Date(0),
});

describe('EventStoreDB mapping', () => {
  it('maps expected revisions to the client constants', () => {
    expect(toClientExpectedRevision('any')).toBe('any');
    expect(toClientExpectedRevision('no_stream')).toBe('no_stream');
    expect(toClientExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toClientExpectedRevision(0n)).toBe(0n);
    expect(toClientExpectedRevision(41n)).toBe(41n);
    expect(() => toClientExpectedRevision(-1n)).toThrow(RangeError);
  });

  it('maps our START to the client START and passes other positions through', () => {
    expect(toClientReadPosition(undefined)).toBe(CLIENT_START);
    expect(toClientReadPosition(START)).toBe(CLIENT_START);
    expect(toClientReadPosition({ commit: 0n, prepare: 0n })).toBe(CLIENT_START);
    expect(toClientReadPosition({ commit: 7n, prepare: 5n })).toEqual({ commit: 7n, prepare: 5n });
  });

  it('treats fromPosition as exclusive: only strictly later positions pass', () => {
    const from = { commit: 100n, prepare: 90n };
    expect(isAfter({ commit: 100n, prepare: 90n }, from)).toBe(false);
    expect(isAfter({ commit: 100n, prepare: 80n }, from)).toBe(false);
    expect(isAfter({ commit: 99n, prepare: 99n }, from)).toBe(false);
    expect(isAfter({ commit: 100n, prepare: 95n }, from)).toBe(true);
    expect(isAfter({ commit: 101n, prepare: 0n }, from)).toBe(true);
    expect(isAfter({ commit: 1n, prepare: 1n }, START)).toBe(true);
  });

  it('filters by stream prefix and hides system events', () => {
    expect(normalizePrefixes(undefined)).toBeNull();
    expect(normalizePrefixes([])).toBeNull();
    expect(normalizePrefixes('journey-')).toEqual(['journey-']);
    expect(normalizePrefixes(['a-', 'b-'])).toEqual(['a-', 'b-']);
    expect(matchesPrefixes('journey-1', null)).toBe(true);
    expect(matchesPrefixes('journey-1', ['customer-', 'journey-'])).toBe(true);
    expect(matchesPrefixes('customer-1', ['journey-'])).toBe(false);
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
    expect(isSystemEvent('customer-1', '$>')).toBe(true);
    expect(isSystemEvent('$$customer-1', '$metadata')).toBe(true);
    expect(isSystemEvent('customer-1', 'CustomerRegistered')).toBe(false);
    expect(isVisible(recorded('customer-1'), ['customer-'])).toBe(true);
    expect(isVisible(recorded('customer-1'), ['journey-'])).toBe(false);
    expect(isVisible(recorded('customer-1', '$>'), null)).toBe(false);
    expect(isVisible(recorded('$settings'), ['$'])).toBe(false);
  });

  it('builds the server-side subscription filter', () => {
    expect(subscriptionFilter(['a-', 'b-'])).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['a-', 'b-'],
    });
    expect(subscriptionFilter(null)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });

  it('writes JSON events with their id, type, data and metadata ({} when missing)', () => {
    const data = { n: 1, nested: { ok: true } };
    expect(toEventData({ id: ID, type: 'A', data, metadata: { by: 'x' } })).toEqual({
      id: ID,
      contentType: 'application/json',
      type: 'A',
      data,
      metadata: { by: 'x' },
    });
    expect(toEventData({ id: ID, type: 'A', data })).toMatchObject({ metadata: {} });
  });

  it('maps a resolved event to a RecordedEvent', () => {
    expect(toRecordedEvent({ event: record() })).toEqual({
      stream: 'customer-1',
      revision: 3n,
      position: { commit: 120n, prepare: 110n },
      id: ID,
      type: 'CustomerRegistered',
      data: { name: 'Ada', tags: ['a'] },
      metadata: { correlationId: 'c-1' },
      recordedAt: new Date('2024-05-01T10:00:00Z'),
    });
  });

  it('maps missing metadata to {}, unknown positions to START, unresolved links to null', () => {
    expect(toRecordedEvent({ event: record({ metadata: undefined }) })?.metadata).toEqual({});
    expect(toRecordedEvent({ event: record({ position: undefined }) })?.position).toEqual(START);
    const unknown = { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n };
    expect(toRecordedEvent({ event: record({ position: unknown }) })?.position).toEqual(START);
    expect(toRecordedEvent({})).toBeNull();
  });

  it('reads JSON objects, including JSON in binary payloads; anything else is {}', () => {
    expect(toJsonObject(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(toJsonObject(new Uint8Array([0xff, 0x00]))).toEqual({});
    expect(toJsonObject('not json')).toEqual({});
    expect(toJsonObject([1, 2])).toEqual({});
    expect(toJsonObject(null)).toEqual({});
    expect(toJsonObject(undefined)).toEqual({});
  });

  it('maps the client WrongExpectedVersionError, keeping the actual revision', () => {
    const conflict = (current: bigint | 'no_stream') =>
      new ClientWrongExpectedVersionError(undefined, {
        streamName: 'customer-1',
        expected: 0n,
        current,
      });
    const err = toStoreError(conflict(4n), 'customer-1', 0n);
    expect(err).toBeInstanceOf(WrongExpectedVersionError);
    expect(err).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      stream: 'customer-1',
      expected: 0n,
      actual: 4n,
    });
    expect(toStoreError(conflict('no_stream'), 'customer-1', 'stream_exists')).toMatchObject({
      expected: 'stream_exists',
      actual: 'no_stream',
    });
  });

  it('maps connection failures to EventStoreUnavailableError and leaves other errors alone', () => {
    const unavailable = toStoreError(new UnavailableError(undefined, 'connection refused'));
    expect(unavailable).toBeInstanceOf(EventStoreUnavailableError);
    expect((unavailable as EventStoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
    const unknown = new UnknownError(undefined, 'boom');
    expect(toStoreError(unknown)).toBe(unknown);
    const plain = new Error('plain');
    expect(toStoreError(plain)).toBe(plain);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'customer-1'))).toBe(true);
    expect(isStreamNotFound(plain)).toBe(false);
  });
});

describe('EventStoreDB idempotency helpers', () => {
  const known = (id: string, revision: bigint) => ({
    id,
    revision,
    position: { commit: 10n * (revision + 1n), prepare: 10n * (revision + 1n) },
  });
  const ev = (id: string) => ({ id, type: 'T', data: {} });
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';
  const C = '00000000-0000-4000-8000-00000000000c';

  it('splits a batch into recorded and new events (ids compared case-insensitively)', () => {
    const ids = new Map([
      [A, known(A, 0n)],
      [B, known(B, 1n)],
    ]);
    const split = splitByKnownIds([ev(B.toUpperCase()), ev(C)], ids);
    expect(split.duplicates.map((d) => d.id)).toEqual([B]);
    expect(split.fresh.map((e) => e.id)).toEqual([C]);
  });

  it('reports a pure retry as the last of the original events', () => {
    const result = duplicateResult([known(B, 1n), known(A, 0n)]);
    expect(result).toEqual({
      nextRevision: 1n,
      position: { commit: 20n, prepare: 20n },
      duplicateIds: [B, A],
    });
  });

  it('caches contiguous stream prefixes and evicts least recently used streams', () => {
    const cache = new StreamIdCache(3);
    const a = cache.get('a');
    cache.add('a', a, [recorded('a', 'T', 0n), recorded('a', 'T', 2n)]);
    expect(a.next).toBe(1n); // revision 2 is not contiguous: read again next time
    cache.add('a', a, [recorded('a', 'T', 0n), recorded('a', 'T', 1n), recorded('a', 'T', 2n)]);
    expect(a.next).toBe(3n);
    expect(cache.cachedEvents).toBe(3);
    const b = cache.get('b');
    cache.add('b', b, [recorded('b', 'T', 0n)]);
    expect(cache.cachedEvents).toBe(1); // 'a' (least recently used) was dropped
    expect(cache.get('a').next).toBe(0n);
    expect(cache.reset('b').next).toBe(0n);
  });
});
