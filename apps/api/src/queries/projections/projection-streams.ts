import { JOURNEY_STREAM_PREFIXES } from '@journey/events';

/** The streams each projection follows (the projector's projections, which the API may not import). */
export const PROJECTION_STREAMS: Readonly<Record<string, readonly string[]>> = {
  journeys: JOURNEY_STREAM_PREFIXES,
};
