import { JourneysProjection } from './journeys/journeys.projection';
import { Projection } from './runner/projection';

export type ProjectionMode = 'live' | 'rebuild';

/** Every projection by name: what the projector runs and what a rebuild can replay. */
export const PROJECTIONS: Record<
  string,
  (mode: ProjectionMode, options?: { maxHeldPairs?: number }) => Projection
> = {
  journeys: (mode, options) => new JourneysProjection({ mode, ...options }),
};
