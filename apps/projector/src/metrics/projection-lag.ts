import { EventStore, Position, ReadAllOptions } from '@journey/event-store';
import { sampledGauge, sharedSample } from '@journey/metrics';

/**
 * A lag sample counts at most this many events; past it the store's estimate from positions
 * (PostgreSQL) is shared by the partitions, else the gauge says "at least" this many.
 */
export const LAG_EVENTS_CAP = 1000;

export interface Lag {
  /** Events after the checkpoint: counted up to LAG_EVENTS_CAP, estimated past it. */
  readonly events: number;
  /** Age of the oldest of them (0 when none). */
  readonly seconds: number;
}

/** A running projection partition that can tell its lag (read from the store on demand). */
export interface LagSource {
  readonly projection: string;
  readonly partition: number;
  lag(): Promise<Lag>;
}

const sources = new Set<LagSource>();

/** Measured when scraped, not per batch: one bounded read per partition per scrape. */
const sample = sharedSample(() =>
  Promise.all(
    [...sources].map(async (s): Promise<[LagSource, Lag] | null> => {
      try {
        return [s, await s.lag()];
      } catch {
        return null; // The store is away: no sample rather than a failed scrape.
      }
    }),
  ).then((all) => all.filter((x): x is [LagSource, Lag] => x !== null)),
);

function lagGauge(name: string, help: string, read: (l: Lag) => number) {
  return sampledGauge({
    name,
    help,
    labelNames: ['projection', 'partition'] as const,
    rows: sample.get,
    labels: ([s]) => ({ projection: s.projection, partition: String(s.partition) }),
    value: ([, lag]) => read(lag),
  });
}

lagGauge(
  'journey_projection_lag_events',
  `Events stored after the partition's checkpoint (counted up to ${LAG_EVENTS_CAP}, estimated from positions past it)`,
  (l) => l.events,
);
lagGauge(
  'journey_projection_lag_seconds',
  "Age of the oldest event stored after the partition's checkpoint (0: caught up)",
  (l) => l.seconds,
);

/** Reports the source's lag until the returned function is called. */
export function trackLag(source: LagSource): () => void {
  sources.add(source);
  sample.reset();
  return () => void sources.delete(source);
}

/**
 * The lag of a reader at `from`: one read of at most LAG_EVENTS_CAP events, and past it the
 * store's estimate of the events after `from`, shared evenly by the partitions (as the API's
 * projection status does), so a long backlog shows its size instead of the cap.
 */
export async function readLag(
  store: EventStore,
  from: Position,
  options: Pick<ReadAllOptions, 'streamPrefix' | 'partition'>,
  now = Date.now(),
): Promise<Lag> {
  const behind = await store.readAll({ ...options, fromPosition: from, maxCount: LAG_EVENTS_CAP });
  const oldest = behind[0];
  let events = behind.length;
  if (events === LAG_EVENTS_CAP && store.estimateEventsAfter) {
    const [estimate] = await store.estimateEventsAfter([from]);
    events = Math.max(events, Math.round(estimate / (options.partition?.count ?? 1)));
  }
  return {
    events,
    seconds: oldest ? Math.max(0, (now - oldest.recordedAt.getTime()) / 1000) : 0,
  };
}
