import { Logger } from '@nestjs/common';
import { RecordedEvent } from '@journey/event-store';
import { recordBatch } from '../metrics/projector-metrics';

/** `previous` events/s blended with a batch's rate since `started` (epoch ms). */
export function blendedRate(previous: number, events: number, started: number): number {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const rate = events / seconds;
  return Math.round(previous ? 0.8 * previous + 0.2 * rate : rate);
}

/** A committed batch's metrics and debug log; `started` is when it began applying (epoch ms). */
export function reportBatch(
  logger: Logger,
  projection: string,
  partition: number,
  batch: readonly RecordedEvent[],
  started: number,
): void {
  recordBatch(projection, partition, batch.length, (Date.now() - started) / 1000);
  // LOG_LEVEL=debug: each batch's size, time and how far behind its first event was.
  logger.debug({
    msg: 'batch applied',
    events: batch.length,
    ms: Date.now() - started,
    lagMs: started - batch[0].recordedAt.getTime(),
  });
}
