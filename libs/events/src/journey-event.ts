import { CustomerErased } from './customer-erased.event';
import { CustomerIdentified } from './customer-identified.event';
import { FeedbackGiven } from './feedback-given.event';
import { JourneyDefined } from './journey-defined.event';
import { SourceMappingDefined } from './source-mapping-defined.event';
import { TouchpointRecorded } from './touchpoint-recorded.event';

/** Every event this product writes. Switches over it are exhaustive (`const _: never = e`). */
export type JourneyEvent =
  | TouchpointRecorded
  | FeedbackGiven
  | CustomerIdentified
  | JourneyDefined
  | CustomerErased
  | SourceMappingDefined;
export type JourneyEventType = JourneyEvent['type'];

/** Current schema version of each event type. Raise it only together with an upcaster. */
export const CURRENT_VERSIONS: Readonly<Record<JourneyEventType, number>> = {
  TouchpointRecorded: 1,
  FeedbackGiven: 1,
  CustomerIdentified: 1,
  JourneyDefined: 4,
  CustomerErased: 1,
  SourceMappingDefined: 1,
};

export function isJourneyEventType(type: string): type is JourneyEventType {
  return Object.prototype.hasOwnProperty.call(CURRENT_VERSIONS, type);
}
