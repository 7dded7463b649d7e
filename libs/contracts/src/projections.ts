export type ProjectionHealth = 'caught-up' | 'catching-up' | 'stalled';

/** The projector process applying a partition (owner host:pid:nonce); held false once released or expired. */
export interface LeaseView {
  owner: string | null;
  generation: number;
  expiresAt: string;
  held: boolean;
}

/** How far a partition, or (summed over its partitions) a whole projection, has got. */
export interface ProjectionProgress {
  checkpoint: string | null;
  eventsProcessed: number;
  lagEvents: number;
  /** lagEvents is a lower bound (the count stopped at its limit). */
  lagEventsCapped: boolean;
  /** lagEvents is estimated from positions (beyond the count's limit). */
  lagEventsEstimated: boolean;
  lagMs: number;
  eventsPerSecond: number;
  updatedAt: string | null;
  status: ProjectionHealth;
  lease: LeaseView | null;
}

/** One partition of a projection (its share of the streams), with its own checkpoint and lease. */
export interface PartitionView extends ProjectionProgress {
  index: number;
}

export interface RebuildView {
  id: string;
  status: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  processed: number;
  total: number | null;
  error: string | null;
}

/**
 * GET /v1/projections, one item: over all partitions, counts and rates summed, the largest lag in
 * time, the worst status; checkpoint and lease are partition 0's.
 */
export interface ProjectionView extends ProjectionProgress {
  name: string;
  rebuild: RebuildView | null;
  partitionCount: number;
  partitions: PartitionView[];
}
