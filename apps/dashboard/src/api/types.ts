// The API's answers as the dashboard reads them (see docs/api.md). Pure types: the
// browser tests import them too. Most are the API's own (libs/contracts), under the names the
// dashboard knows them by.
import type {
  FrictionPoint,
  FrictionType,
  InstanceCounts,
  JourneyStep,
  MapEdge as ApiMapEdge,
} from '@journey/contracts';

export type {
  CustomerJourneysPage,
  FrictionPoint,
  FrictionPointsPage,
  FrictionType,
  InstanceCounts,
  JourneyMap,
  JourneyStep,
  MapNode,
  ProjectionHealth,
  JourneyVariant as Variant,
  JourneyVariants as VariantsPage,
  JourneyView as CustomerJourney,
  LeaseView as ProjectionLease,
  PartitionView as PartitionStatus,
  ProjectionView as ProjectionStatus,
} from '@journey/contracts';
export { FRICTION_TYPES } from '@journey/contracts';

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

/** A map edge as the dashboard takes it: a missing `simultaneous` counts as 0. */
export type MapEdge = Omit<ApiMapEdge, 'simultaneous'> & { simultaneous?: number };

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

export interface FrictionPointDetail extends FrictionPoint {
  exampleJourneys: {
    customerId: string;
    instanceId: string;
    status: string;
    steps: JourneyStep[];
  }[];
  recentOccurrences: FrictionOccurrence[];
}
