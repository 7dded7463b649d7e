/** One distinct sequence of steps of closed instances, with how it went. */
export interface JourneyVariant {
  variant: string;
  steps: string[];
  count: number;
  /** count / closedInstances (0..1). */
  share: number;
  completed: number;
  failed: number;
  abandoned: number;
  /** completed / count. */
  completionRate: number;
  medianDurationMs: number | null;
  p90DurationMs: number | null;
}

/** GET /v1/journey-maps/:journey/variants */
export interface JourneyVariants {
  journey: string;
  from: string | null;
  to: string | null;
  channel: string | null;
  /** Closed instances started in the range, over every variant. */
  closedInstances: number;
  /** Distinct variants in the range. */
  variantCount: number;
  variants: JourneyVariant[];
  nextCursor: string | null;
}
