import { Query } from '@nestjs/cqrs';

export const FRICTION_SORTS = ['severity', 'occurrences', 'customers'] as const;
export type FrictionSort = (typeof FRICTION_SORTS)[number];

/** Which occurrences count: every filter is optional; days are UTC days of occurredAt, inclusive. */
export interface FrictionFilter {
  readonly journey: string | null;
  readonly type: string | null;
  readonly step: string | null;
  readonly channel: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

/** Friction aggregated by (journey, step, channel, type); see the README for the figures. */
export interface FrictionPoint {
  id: string;
  journey: string;
  step: string;
  channel: string;
  type: string;
  occurrences: number;
  customers: number;
  instances: number;
  shareOfInstances: number | null;
  firstSeen: string;
  lastSeen: string;
  completionRateWith: number | null;
  completionRateWithout: number | null;
  severity: number;
  trend: { day: string; occurrences: number }[];
  exampleCustomerIds: string[];
}

export class ListFrictionPoints extends Query<{
  frictionPoints: FrictionPoint[];
  nextCursor: string | null;
}> {
  constructor(
    readonly filter: FrictionFilter,
    readonly sort: FrictionSort,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}

export interface PointKey {
  readonly journey: string;
  readonly step: string;
  readonly channel: string;
  readonly type: string;
}

/** A point's id: its key, opaque (base64url of JSON). */
export function pointId(k: PointKey): string {
  return Buffer.from(JSON.stringify([k.journey, k.step, k.channel, k.type])).toString('base64url');
}

export function parsePointId(id: string): PointKey | null {
  try {
    const parts = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((p) => typeof p === 'string'))
      return null;
    const [journey, step, channel, type] = parts as string[];
    return { journey, step, channel, type };
  } catch {
    return null;
  }
}
