/**
 * Prometheus text: the value of `name` whose labels include `labels`; undefined when no series
 * matches (a counter never incremented, a gauge with no sample).
 */
export function sampleOf(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const own = Object.fromEntries(
      [...(m[3] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) return Number(m[4]);
  }
  return undefined;
}

/** As sampleOf, 0 when absent (counters: never incremented). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  return sampleOf(text, name, labels) ?? 0;
}
