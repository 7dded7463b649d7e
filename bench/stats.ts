export const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function latencySummary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50: round2(percentile(s, 50)),
    p90: round2(percentile(s, 90)),
    p99: round2(percentile(s, 99)),
    max: round2(s[s.length - 1]),
  };
}
