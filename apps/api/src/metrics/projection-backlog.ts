import { Clock, EventStore } from '@journey/event-store';
import { sampledGauge, sharedSample } from '@journey/metrics';
import { allPartitionCounts, listCheckpoints } from '@journey/read-models';
import { currentCheckpoints, readPartitionLags } from '../queries/projections/partition-lag';
import { PROJECTION_STREAMS } from '../queries/projections/projection-streams';
import { PartitionLag } from '../queries/projections/projection-status';

/**
 * Events a scrape counts per projection (shared by its partitions); past it the store's estimate
 * from positions (PostgreSQL) takes over. Small: a scrape stays a few cheap reads.
 */
export const BACKLOG_COUNT_LIMIT = 1000;

/** What the store holds after a projection's checkpoints, over all its partitions. */
export interface Backlog {
  readonly projection: string;
  readonly events: number;
  /** Age of the oldest event not yet projected (0 when none is). */
  readonly seconds: number;
}

type Queryable = Parameters<typeof listCheckpoints>[0];

/** The partitions' lags as one projection's: events added up, the oldest event's age. */
export function summarizeBacklog(
  projection: string,
  lags: readonly PartitionLag[],
  now: number,
): Backlog {
  let events = 0;
  let oldest = Infinity;
  for (const lag of lags) {
    events += lag.events;
    if (lag.oldestRecordedAt) oldest = Math.min(oldest, lag.oldestRecordedAt.getTime());
  }
  const seconds = oldest === Infinity ? 0 : Math.max(0, (now - oldest) / 1000);
  return { projection, events, seconds };
}

/**
 * Every projection's backlog from the checkpoints and the store, as GET /v1/projections reads it
 * (with a smaller count): needs no projector, so it shows while none runs.
 */
export async function readBacklogs(
  db: Queryable,
  store: EventStore,
  clock: Clock,
): Promise<Backlog[]> {
  const [checkpoints, partitioning] = await Promise.all([
    listCheckpoints(db),
    allPartitionCounts(db),
  ]);
  const backlogs: Backlog[] = [];
  for (const [name, streamPrefix] of Object.entries(PROJECTION_STREAMS)) {
    const partitions = partitioning.get(name) ?? 1;
    const current = currentCheckpoints(checkpoints, name, partitions);
    const positions = new Map([...current].map(([index, r]) => [index, r.position]));
    const lags = await readPartitionLags(store, {
      streamPrefix,
      partitions,
      positions,
      limit: BACKLOG_COUNT_LIMIT,
    });
    backlogs.push(summarizeBacklog(name, lags, clock.now().getTime()));
  }
  return backlogs;
}

const sources = new Set<() => Promise<Backlog[]>>();
/** Both gauges of one scrape share a sample; a failing source shows no series. */
const sample = sharedSample(() =>
  Promise.all([...sources].map((read) => read().catch((): Backlog[] => []))).then((all) =>
    all.flat(),
  ),
);

function backlogGauge(name: string, help: string, value: (b: Backlog) => number) {
  return sampledGauge({
    name,
    help,
    labelNames: ['projection'] as const,
    rows: sample.get,
    labels: (b) => ({ projection: b.projection }),
    value,
  });
}

backlogGauge(
  'journey_projection_checkpoint_lag_events',
  `Events stored after a projection's checkpoints, all partitions, read by the API (so shown while no projector runs; counted up to ${BACKLOG_COUNT_LIMIT}, estimated past it)`,
  (b) => b.events,
);
backlogGauge(
  'journey_projection_checkpoint_lag_seconds',
  "Age of the oldest event stored after a projection's checkpoints, read by the API (0: caught up)",
  (b) => b.seconds,
);

/** Reports `read`'s backlogs in the gauges until the returned function is called. */
export function trackBacklog(read: () => Promise<Backlog[]>): () => void {
  sources.add(read);
  sample.reset();
  return () => {
    sources.delete(read);
    sample.reset();
  };
}
