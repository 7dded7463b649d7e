export * from './checkpoints';
export * from './rebuild-checkpoints';
export * from './watermark';
