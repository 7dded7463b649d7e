export * from './registry';
export * from './store-metrics';
export * from './pool-metrics';
export * from './instrumented-event-store';
export * from './sampled-gauge';
export * from './metrics-server';
