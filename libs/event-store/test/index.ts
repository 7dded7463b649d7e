export * from './contract';
export * from './contract-helpers';
