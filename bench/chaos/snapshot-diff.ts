/** A read-model snapshot: rows by table (as readModelSnapshot gives them). */
export type Snapshot = Readonly<Record<string, readonly unknown[]>>;

export interface TableDiff {
  readonly table: string;
  readonly live: number;
  readonly rebuilt: number;
  /** Rows the live tables hold and the rebuild does not (an altered row counts here and below). */
  readonly onlyLive: number;
  readonly onlyRebuilt: number;
  /** One differing row, shortened: which side has it, then the row. */
  readonly sample: string;
}

const SAMPLE_CHARS = 200;

/**
 * The tables whose rows differ between two snapshots, compared as multisets of rows (each row as
 * its JSON: dates as ISO strings, jsonb as parsed), so row order plays no part.
 */
export function diffSnapshots(live: Snapshot, rebuilt: Snapshot): TableDiff[] {
  const tables = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])];
  const diffs: TableDiff[] = [];
  for (const table of tables) {
    const a = live[table] ?? [];
    const b = rebuilt[table] ?? [];
    const counts = new Map<string, number>();
    for (const row of a) bump(counts, JSON.stringify(row), 1);
    for (const row of b) bump(counts, JSON.stringify(row), -1);
    const onlyLive = [...counts].filter(([, n]) => n > 0);
    const onlyRebuilt = [...counts].filter(([, n]) => n < 0);
    if (!onlyLive.length && !onlyRebuilt.length) continue;
    const [side, row] = onlyLive.length ? ['live', onlyLive[0][0]] : ['rebuild', onlyRebuilt[0][0]];
    diffs.push({
      table,
      live: a.length,
      rebuilt: b.length,
      onlyLive: onlyLive.reduce((s, [, n]) => s + n, 0),
      onlyRebuilt: onlyRebuilt.reduce((s, [, n]) => s - n, 0),
      sample: `${side} has ${row.length > SAMPLE_CHARS ? `${row.slice(0, SAMPLE_CHARS)}...` : row}`,
    });
  }
  return diffs;
}

/** "instances: 1 only live, 1 only rebuilt (of 120/120 rows), e.g. live has {...}; ..." */
export function describeDiffs(diffs: readonly TableDiff[]): string {
  return diffs
    .map(
      (d) =>
        `${d.table}: ${d.onlyLive} only live, ${d.onlyRebuilt} only rebuilt (of ${d.live}/${d.rebuilt} rows), e.g. ${d.sample}`,
    )
    .join('; ');
}

/** How many rows a snapshot holds in all. */
export function rowCount(s: Snapshot): number {
  return Object.values(s).reduce((n, rows) => n + rows.length, 0);
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}
