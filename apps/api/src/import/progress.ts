import { statSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  readonly bytes: (read: number) => void;
  readonly rows: (read: number) => void;
  stop(): void;
}

/**
 * The bar on a terminal (`cli-progress`: maintained, draws rate and ETA, redraws at a bounded
 * rate so a million updates cost nothing). It runs on bytes of the file as stored, the only
 * total known before the end (rows are counted only by reading); rows and their rate go beside.
 */
export function startProgress(tty: NodeJS.WriteStream | null, file: string): Progress {
  if (!tty) return { bytes: () => undefined, rows: () => undefined, stop: () => undefined };
  const started = Date.now();
  let rows = 0;
  const bar = new SingleBar(
    {
      stream: tty,
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      fps: 5,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(statSync(file).size, 1), 0, { rows: 0, rate: 0 });
  const payload = () => ({
    rows,
    rate: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)),
  });
  let bytes = 0;
  return {
    bytes: (read) => {
      bytes = read;
    },
    // Redrawn every 1,000 rows (the bytes run ahead by the read buffers on a small file).
    rows: (read) => {
      rows = read;
      if (rows % 1000 === 0) bar.update(bytes, payload());
    },
    stop: () => {
      bar.update(bytes, payload());
      bar.stop();
    },
  };
}
