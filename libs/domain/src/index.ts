export * from './iso-duration';
