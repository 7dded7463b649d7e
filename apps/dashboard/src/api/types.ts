// The API's answers as the dashboard reads them (see docs/api.md). Pure types: the
// browser tests import them too.

export interface JourneySummary {
  journey: string;
  instances: InstanceCounts;
  customers: number;
  definition: JourneyDefinition | null;
}

export interface JourneyDefinition {
  stages: { name: string; steps: string[] }[];
  goalSteps: string[];
  failureSteps?: string[];
  stepSla?: Record<string, number>;
  version?: number;
}

export interface InstanceCounts {
  total: number;
  active: number;
  completed: number;
  failed: number;
  abandoned: number;
}

export interface MapNode {
  step: string;
  stage: string | null;
  count: number;
  customers: number;
  failures: number;
  channels: Record<string, number>;
}

export interface MapEdge {
  from: string;
  to: string;
  count: number;
  instances: number;
  medianMs: number | null;
  p90Ms: number | null;
  /**
   * Moves of this edge where both steps share the same instant (their order is arbitrary). Newer
   * servers only: missing counts as 0.
   */
  simultaneous?: number;
}

export interface JourneyMap {
  journey: string;
  from: string | null;
  to: string | null;
  channel: string | null;
  instances: InstanceCounts;
  customers: number;
  nodes: MapNode[];
  edges: MapEdge[];
  funnel: { stage: string; reached: number; dropOff: number }[];
  channelSwitches: { from: string; to: string; count: number }[];
}

/** One distinct sequence of steps of closed instances, with how it went. */
export interface Variant {
  variant: string;
  steps: string[];
  count: number;
  /** Of the range's closed instances, 0..1. */
  share: number;
  completed: number;
  failed: number;
  abandoned: number;
  completionRate: number;
  medianDurationMs: number | null;
  p90DurationMs: number | null;
}

export interface VariantsPage {
  journey: string;
  from: string | null;
  to: string | null;
  channel: string | null;
  closedInstances: number;
  variantCount: number;
  variants: Variant[];
  nextCursor: string | null;
}

export interface JourneyStep {
  touchpointId: string;
  step: string;
  stage: string | null;
  channel: string;
  outcome: string;
  occurredAt: string;
  sincePreviousMs: number | null;
}

export interface CustomerJourney {
  journey: string;
  instanceId: string;
  status: string;
  startedAt: string;
  lastActivityAt: string;
  steps: JourneyStep[];
  channels: string[];
  feedback: {
    feedbackId: string;
    kind: string;
    score: number;
    comment: string | null;
    occurredAt: string;
  }[];
}

export interface CustomerJourneysPage {
  customerId: string;
  journeys: CustomerJourney[];
  nextCursor: string | null;
}

export const FRICTION_TYPES = [
  'repeat_attempt',
  'failure',
  'channel_hop',
  'repeat_contact',
  'slow_step',
  'backtrack',
  'abandonment',
  'negative_feedback',
] as const;
export type FrictionType = (typeof FRICTION_TYPES)[number];

export interface FrictionOccurrence {
  id: string;
  type: FrictionType;
  journey: string;
  customerId: string;
  instanceId: string;
  touchpointId: string;
  step: string;
  stage: string | null;
  channel: string;
  occurredAt: string;
  touchpointIds: string[];
  feedbackId: string | null;
  detail: { type: FrictionType } & Record<string, unknown>;
}

export interface FrictionPoint {
  id: string;
  journey: string;
  step: string;
  channel: string;
  type: FrictionType;
  occurrences: number;
  customers: number;
  instances: number;
  shareOfInstances: number;
  firstSeen: string;
  lastSeen: string;
  completionRateWith: number | null;
  completionRateWithout: number | null;
  severity: number;
  trend: { day: string; occurrences: number }[];
  exampleCustomerIds: string[];
}

export interface FrictionPointsPage {
  frictionPoints: FrictionPoint[];
  nextCursor: string | null;
}

export interface FrictionPointDetail extends FrictionPoint {
  exampleJourneys: {
    customerId: string;
    instanceId: string;
    status: string;
    steps: JourneyStep[];
  }[];
  recentOccurrences: FrictionOccurrence[];
}

export type ProjectionHealth = 'caught-up' | 'catching-up' | 'stalled';

/** The projector process applying a partition (owner host:pid:nonce); held false while none does. */
export interface ProjectionLease {
  owner: string | null;
  generation: number;
  expiresAt: string;
  held: boolean;
}

/** One partition of a projection (its share of the streams), with its own checkpoint and lease. */
export interface PartitionStatus {
  index: number;
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
  lease: ProjectionLease | null;
}

/** Over all partitions: counts and rates summed, the largest lag in time, the worst status. */
export interface ProjectionStatus {
  name: string;
  /** Partition 0's. */
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
  /** Partition 0's. */
  lease: ProjectionLease | null;
  rebuild: { id: string; status: string; processed: number; total: number | null } | null;
  partitionCount: number;
  partitions: PartitionStatus[];
}
