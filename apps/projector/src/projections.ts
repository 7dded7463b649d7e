import { JourneysProjection } from './journeys/journeys.projection';
import { Projection } from './runner/projection';

/** Every projection by name: what the projector runs and what a rebuild can replay. */
export const PROJECTIONS: Record<string, () => Projection> = {
  journeys: () => new JourneysProjection(),
};
