export * from './iso-duration';
export * from './journeys/types';
export * from './journeys/journey-rules';
export * from './journeys/segmentation';
export * from './journeys/quantile-sketch';
export * from './journeys/contribution-keys';
export * from './journeys/map-contributions';
export * from './journeys/contributions-diff';
