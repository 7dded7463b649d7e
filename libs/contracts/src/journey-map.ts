/** Instances by status, with their total. */
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
  /** Moves between two steps at the same instant (their order is arbitrary: never a move back). */
  simultaneous: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** GET /v1/journey-maps/:journey */
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
