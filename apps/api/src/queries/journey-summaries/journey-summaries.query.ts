import { Query } from '@nestjs/cqrs';
import { JourneyDefinitionView } from '../journey-definition/journey-definition.query';

export const INSTANCE_STATUSES = ['active', 'completed', 'failed', 'abandoned'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export interface JourneySummary {
  journey: string;
  instances: { total: number } & Record<InstanceStatus, number>;
  customers: number;
  /** Null for a journey seen in touchpoints but never defined. */
  definition: JourneyDefinitionView | null;
}

/** Every journey seen or defined, with all-time totals and its definition. */
export class GetJourneySummaries extends Query<JourneySummary[]> {}
