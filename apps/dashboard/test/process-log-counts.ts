// Plain counts over the generated process log (apps/demo/src/process-log.ts): what the browser
// tests expect, computed without the code under test.

/** Each customer's sequence of steps (one completed instance each). */
function sequences(log: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const tp of log) {
    const c = tp.customerId as string;
    (out.get(c) ?? out.set(c, []).get(c)!).push(tp);
  }
  return out;
}

/** What the backend branch's variants endpoint answers for this log: most frequent first. */
export function variantsOf(log: Record<string, unknown>[]) {
  const counts = new Map<string, number>();
  for (const tps of sequences(log).values()) {
    const key = tps.map((tp) => tp.step).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = sequences(log).size;
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count], i) => ({
      variant: `v${i + 1}`,
      steps: key.split('\u0001'),
      count,
      share: count / total,
      completed: count,
      failed: 0,
      abandoned: 0,
      completionRate: 1,
      medianDurationMs: null,
      p90DurationMs: null,
    }));
}

/** Moves per edge ("from>to") whose two touchpoints share their occurredAt. */
export function simultaneousOf(log: Record<string, unknown>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const tps of sequences(log).values())
    for (let i = 1; i < tps.length; i++)
      if (tps[i].occurredAt === tps[i - 1].occurredAt) {
        const k = `${tps[i - 1].step}>${tps[i].step}`;
        out.set(k, (out.get(k) ?? 0) + 1);
      }
  return out;
}
