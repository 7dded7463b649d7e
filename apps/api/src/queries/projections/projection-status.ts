import {
  LeaseView,
  PartitionView,
  ProjectionHealth,
  ProjectionProgress,
  RebuildView,
} from '@journey/contracts';
import { CheckpointRow } from '@journey/read-models';
import { LeaseRow, RebuildRow } from './projections.sql';

/**
 * A partition that is behind is stalled once its lease has lapsed (its projector stopped, was
 * paused or died: leases are renewed every third of their 5 s), or, lease held, when it has not
 * committed for this long (a live projector stuck: its batches commit every few seconds at most).
 */
export const STALLED_AFTER_MS = 10_000;
/** The rate of the latest batches counts only this long: after a quiet while, nothing flows. */
export const RATE_FRESH_MS = 5_000;

/** Worse last: a projection is as healthy as its worst partition. */
const SEVERITY: readonly ProjectionHealth[] = ['caught-up', 'catching-up', 'stalled'];

/**
 * What the store holds after a partition's checkpoint: counted, else (`estimated`) estimated from
 * positions, else (`capped`) a count that stopped at the limit.
 */
export interface PartitionLag {
  readonly events: number;
  readonly capped: boolean;
  readonly estimated: boolean;
  /** When the oldest event not yet projected was recorded; null when none is. */
  readonly oldestRecordedAt: Date | null;
}

export function partitionView(
  index: number,
  row: CheckpointRow | undefined,
  lag: PartitionLag,
  lease: LeaseRow | undefined,
  now: number,
): PartitionView {
  const sinceUpdate = row ? now - row.updated_at.getTime() : Infinity;
  const behind = lag.events > 0;
  const lapsed = lease !== undefined && !lease.held;
  return {
    index,
    checkpoint: row?.position ?? null,
    eventsProcessed: Number(row?.events_processed ?? 0),
    lagEvents: lag.events,
    lagEventsCapped: lag.capped,
    lagEventsEstimated: lag.estimated,
    lagMs: lag.oldestRecordedAt ? Math.max(0, now - lag.oldestRecordedAt.getTime()) : 0,
    eventsPerSecond: row && sinceUpdate < RATE_FRESH_MS ? row.events_per_second : 0,
    updatedAt: row?.updated_at.toISOString() ?? null,
    status: !behind
      ? 'caught-up'
      : lapsed || sinceUpdate > STALLED_AFTER_MS
        ? 'stalled'
        : 'catching-up',
    lease: leaseView(lease),
  };
}

/**
 * The projection as a whole, over its partitions (at least one): the fields a single partition
 * reported before it was split, with checkpoint and lease those of partition 0.
 */
export function overall(partitions: readonly PartitionView[]): ProjectionProgress {
  const sum = (f: (p: PartitionView) => number) => partitions.reduce((n, p) => n + f(p), 0);
  const updated = partitions.map((p) => p.updatedAt).filter((u): u is string => u !== null);
  return {
    checkpoint: partitions[0].checkpoint,
    eventsProcessed: sum((p) => p.eventsProcessed),
    lagEvents: sum((p) => p.lagEvents),
    lagEventsCapped: partitions.some((p) => p.lagEventsCapped),
    lagEventsEstimated: partitions.some((p) => p.lagEventsEstimated),
    lagMs: Math.max(...partitions.map((p) => p.lagMs)),
    // Stale partitions already report 0.
    eventsPerSecond: sum((p) => p.eventsPerSecond),
    // The latest commit of any partition (ISO strings of one format sort as times).
    updatedAt: updated.length > 0 ? updated.reduce((a, b) => (a > b ? a : b)) : null,
    status: partitions
      .map((p) => p.status)
      .reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a)),
    lease: partitions[0].lease,
  };
}

/** owner: host:pid:nonce of the projector process; held false once released or expired. */
export function leaseView(r: LeaseRow | undefined): LeaseView | null {
  if (!r) return null;
  return {
    owner: r.owner,
    generation: Number(r.generation),
    expiresAt: r.expires_at.toISOString(),
    held: r.held,
  };
}

export function rebuildView(r: RebuildRow): RebuildView;
export function rebuildView(r: RebuildRow | undefined): RebuildView | null;
export function rebuildView(r: RebuildRow | undefined): RebuildView | null {
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    requestedAt: r.requested_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    processed: Number(r.processed),
    total: r.total === null ? null : Number(r.total),
    error: r.error,
  };
}
