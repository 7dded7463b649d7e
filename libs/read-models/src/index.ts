export * from './data-source';
export * from './frictions/occurrence-json';
export * from './frictions/feed-horizon';
export * from './migrations/1763900000013-projection-leases';
export * from './checkpoints';
export * from './partitioning/partitioning';
