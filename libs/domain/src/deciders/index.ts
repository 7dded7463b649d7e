export * from './decider';
export * from './identify-customer.decider';
export * from './latest-definition.decider';
export * from './erase-customer.decider';
