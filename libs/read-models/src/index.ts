export * from './access/api-key.entity';
export * from './data-source';
export * from './frictions/occurrence-json';
export * from './frictions/feed-horizon';
