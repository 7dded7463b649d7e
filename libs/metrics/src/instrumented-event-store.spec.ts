import { EventStore, START, WrongExpectedVersionError } from '@journey/event-store';
import { instrumentEventStore } from './instrumented-event-store';
import { registry } from './registry';

/** A counter's value, or a histogram's count, of the series with these labels. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  const match = metric.values.find((v) => {
    const series = (v as { metricName?: string }).metricName;
    const counted = series === undefined || series === name || series === `${name}_count`;
    return counted && Object.entries(labels).every(([k, l]) => v.labels[k] === l);
  });
  return match?.value ?? 0;
}

const result = { nextRevision: 0n, position: START, duplicateIds: [] };

function fakeStore(): EventStore {
  return {
    appendToStream: async (stream) => {
      if (stream === 'taken') throw new WrongExpectedVersionError(stream, 'no_stream', 3n);
      return result;
    },
    appendToStreams: async (appends) =>
      appends.map((a) =>
        a.stream.startsWith('taken')
          ? { stream: a.stream, error: new WrongExpectedVersionError(a.stream, 'no_stream', 0n) }
          : { stream: a.stream, result },
      ),
    readStream: async () => [],
    readAll: async () => [],
    subscribeToAll: () => {
      throw new Error('not used');
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
}

describe('InstrumentedEventStore', () => {
  it('times appends by operation and counts every conflicting stream', async () => {
    const store = instrumentEventStore(fakeStore());
    const count = 'journey_store_append_duration_seconds';
    await store.appendToStream('free', []);
    await expect(store.appendToStream('taken', [])).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    const outcomes = await store.appendToStreams([
      { stream: 'a', events: [] },
      { stream: 'taken-1', events: [] },
      { stream: 'taken-2', events: [] },
    ]);
    expect(outcomes.map((o) => o.error === undefined)).toEqual([true, false, false]);
    expect(await value(count, { operation: 'append_one' })).toBe(2);
    expect(await value(count, { operation: 'append_many' })).toBe(1);
    expect(await value('journey_store_append_conflicts_total')).toBe(3);
  });

  it('wraps once and keeps the optional port methods absent when the adapter lacks them', () => {
    const store = instrumentEventStore(fakeStore());
    expect(instrumentEventStore(store)).toBe(store);
    expect(store.readStreamHeads).toBeUndefined();
    expect(store.readStreamStates).toBeUndefined();
    expect(store.estimateEventsAfter).toBeUndefined();
  });

  it('passes the optional port methods through when the adapter has them', async () => {
    const state = { stream: 's', last: null, knownIds: ['x'] };
    const head = { stream: 's', revision: 1n, metadata: {} };
    const store = instrumentEventStore({
      ...fakeStore(),
      readStreamStates: async () => [state],
      readStreamHeads: async () => [head],
      estimateEventsAfter: async () => [7],
    });
    expect(await store.estimateEventsAfter!([undefined])).toEqual([7]);
    expect(await store.readStreamStates!([{ stream: 's', eventIds: [] }])).toEqual([state]);
    expect(await store.readStreamHeads!({ streamPrefix: ['s'], maxCount: 1 })).toEqual([head]);
  });
});
