/**
 * A progress line in the style of `projections rebuild`: bar, count, rate and time left, redrawn
 * in place (carriage return). Without a total, count and rate only.
 */
export function progressBar(
  total: number | null,
  unit: string,
  now: () => number = Date.now,
): (done: number) => string {
  const started = now();
  return (done) => {
    const seconds = (now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const share = total ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const eta = total && rate > 0 ? `${Math.max(0, (total - done) / rate).toFixed(0)} s left` : '';
    return (
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}${total ? `/${total}` : ''} ${unit}  ` +
      `${Math.round(rate)}/s  ${eta}   `
    );
  };
}
