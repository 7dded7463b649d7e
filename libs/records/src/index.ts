export * from './access/api-key.entity';
export * from './tables';
