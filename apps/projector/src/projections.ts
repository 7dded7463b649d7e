import { JourneysProjection } from './journeys/journeys.projection';
import { PartitionScope } from './journeys/partition-scope';
import { SketchCache } from './frictions/sketch-cache';
import { Projection } from './runner/projection';

export type ProjectionMode = 'live' | 'rebuild';

export interface ProjectionOptions {
  readonly maxHeldPairs?: number;
  readonly partition?: PartitionScope;
  readonly sketches?: SketchCache;
}

/** Every projection by name: what the projector runs and what a rebuild can replay. */
export const PROJECTIONS: Record<
  string,
  (mode: ProjectionMode, options?: ProjectionOptions) => Projection
> = {
  journeys: (mode, options) => new JourneysProjection({ mode, ...options }),
};
