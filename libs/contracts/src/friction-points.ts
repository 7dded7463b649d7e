/** The kinds of friction, in the order detectFrictions reports ties. */
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

/** Friction aggregated by (journey, step, channel, type); see docs/frictions.md for the figures. */
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

/** GET /v1/friction-points */
export interface FrictionPointsPage {
  frictionPoints: FrictionPoint[];
  nextCursor: string | null;
}
