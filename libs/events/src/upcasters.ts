import { JourneyEventType } from './journey-event';

type Json = Record<string, unknown>;

/**
 * Upcasters turn a stored event's data from version N into version N+1. Stored events are never
 * rewritten: they are read at their version and upcast on the way in.
 * Shape: { [type]: { [fromVersion]: (data) => data of fromVersion + 1 } }.
 */
export type UpcasterRegistry = Partial<
  Record<JourneyEventType, Record<number, (data: Json) => Json>>
>;

export const UPCASTERS: UpcasterRegistry = {
  // v2 added personalAttributes, v3 frictionThresholds, v4 personal-by-default attributes:
  // older definitions declared none (their attributes are personal only when listed).
  JourneyDefined: {
    1: (data) => ({ ...data, personalAttributes: [] }),
    2: (data) => ({ ...data, frictionThresholds: {} }),
    3: (data) => ({ ...data, personalByDefault: false, nonPersonalAttributes: [] }),
  },
};

export class UnknownEventVersionError extends Error {
  readonly code = 'UNKNOWN_EVENT_VERSION';
  constructor(type: string, version: number) {
    super(`No upcaster path for ${type} from version ${version}`);
  }
}

export function upcast(
  type: JourneyEventType,
  version: number,
  target: number,
  data: Json,
  registry: UpcasterRegistry = UPCASTERS,
): Json {
  let current = data;
  for (let v = version; v < target; v++) {
    const step = registry[type]?.[v];
    if (!step) throw new UnknownEventVersionError(type, version);
    current = step(current);
  }
  if (version > target) throw new UnknownEventVersionError(type, version);
  return current;
}
