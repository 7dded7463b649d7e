import { Query } from '@nestjs/cqrs';

export interface JourneyMap {
  journey: string;
  from: string | null;
  to: string | null;
  channel: string | null;
  instances: {
    total: number;
    active: number;
    completed: number;
    failed: number;
    abandoned: number;
  };
  customers: number;
  nodes: {
    step: string;
    stage: string | null;
    count: number;
    customers: number;
    failures: number;
    channels: Record<string, number>;
  }[];
  edges: {
    from: string;
    to: string;
    count: number;
    instances: number;
    /** Moves between two steps at the same instant (their order is arbitrary: never a move back). */
    simultaneous: number;
    medianMs: number | null;
    p90Ms: number | null;
  }[];
  funnel: { stage: string; reached: number; dropOff: number }[];
  channelSwitches: { from: string; to: string; count: number }[];
}

export class GetJourneyMap extends Query<JourneyMap> {
  constructor(
    readonly journey: string,
    readonly from: string | null,
    readonly to: string | null,
    readonly channel: string | null,
  ) {
    super();
  }
}
