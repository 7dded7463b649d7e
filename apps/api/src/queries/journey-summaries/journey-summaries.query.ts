import { Query } from '@nestjs/cqrs';
import { InstanceStatus } from '@journey/domain';
import { JourneyDefinitionView } from '../journey-definition/journey-definition.query';

/** Every status of an instance, in the order the totals list them. */
export const INSTANCE_STATUSES: readonly InstanceStatus[] = [
  'active',
  'completed',
  'failed',
  'abandoned',
];

export interface JourneySummary {
  journey: string;
  instances: { total: number } & Record<InstanceStatus, number>;
  customers: number;
  /** Null for a journey seen in touchpoints but never defined. */
  definition: JourneyDefinitionView | null;
}

/** Every journey seen or defined, with all-time totals and its definition. */
export class GetJourneySummaries extends Query<JourneySummary[]> {}
