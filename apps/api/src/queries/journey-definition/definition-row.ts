import { JourneyDefined } from '@journey/events';
import { JourneyDefinitionView } from './journey-definition.query';

/** A row of rm_journey_definitions, as both journey queries read it. */
export interface DefinitionRow {
  definition: JourneyDefined['data'];
  version: number;
  defined_at: Date;
}

export function definitionView(row: DefinitionRow): JourneyDefinitionView {
  return { ...row.definition, version: row.version, definedAt: row.defined_at.toISOString() };
}
