import { Query } from '@nestjs/cqrs';
import { FrictionPointsPage } from '@journey/contracts';

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

export class ListFrictionPoints extends Query<FrictionPointsPage> {
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
