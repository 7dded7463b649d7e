import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { DEFINITIONS } from './long-journeys-graph';
import type { Touchpoint } from './long-journeys-workload';

/** POSTs one batch; a 503 (INGESTION_INCOMPLETE) is retried, which is safe: ids are idempotency keys. */
export async function post(base: string, headers: Record<string, string>, batch: Touchpoint[]) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/v1/touchpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ touchpoints: batch }),
    });
    const text = await res.text();
    if (res.status === 202) return { ...(JSON.parse(text) as { accepted: number }), attempt };
    if (res.status !== 503 || attempt === 3)
      throw new Error(`POST /v1/touchpoints: ${res.status} ${text.slice(0, 500)}`);
  }
}

/** `senders` concurrent callers, each taking the next batch in order until none is left. */
export async function postAll(
  base: string,
  headers: Record<string, string>,
  batches: Touchpoint[][],
  senders: number,
) {
  let next = 0;
  let accepted = 0;
  let retries = 0;
  const sender = async () => {
    while (next < batches.length) {
      const r = await post(base, headers, batches[next++]);
      accepted += r.accepted;
      retries += r.attempt - 1;
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return { accepted, retries };
}

export interface Freshness {
  steady: number[];
  warmUp: number[];
  postMs: number[];
  unseen: number;
  achievedPerSec: number;
}

/**
 * One batch every `everyMs`, open loop (each sent when due, whether or not the ones before have
 * returned, so a slow API does not lower the rate); per batch its first touchpoint is watched,
 * from when its POST returned, until GET /v1/customers/{id}/journeys shows it (as appendToVisible
 * in projection.bench.ts). Unlike there, only the oldest unseen batch is polled (every 20 ms): the
 * projector applies events in order, and with a lag of seconds one poller per batch would load
 * the API (and its 2 cores) more than the writes. A batch that became visible behind an older one
 * is seen one GET (a few ms) after it.
 */
export async function freshness(
  base: string,
  auth: Record<string, string>,
  batches: Touchpoint[][],
  o: { everyMs: number; warmUpBatches: number; drainTimeoutMs: number },
): Promise<Freshness> {
  const out: Freshness = { steady: [], warmUp: [], postMs: [], unseen: 0, achievedPerSec: 0 };
  // In batch order; `at` is set when the batch's POST returns.
  const queue: { tp: Touchpoint; at: number | null; warm: boolean }[] = [];
  let posting = true;
  let deadline = Infinity;
  let failed: unknown = null;
  const watcher = (async () => {
    while ((posting || queue.length > 0) && failed === null) {
      const head = queue[0];
      if (head && performance.now() > deadline) {
        out.unseen = queue.length;
        return;
      }
      if (head?.at != null && (await visible(base, auth, head.tp))) {
        (head.warm ? out.warmUp : out.steady).push(performance.now() - head.at);
        queue.shift();
        continue;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const headers = { ...auth, 'content-type': 'application/json' };
  const sent: Promise<void>[] = [];
  const t0 = performance.now();
  for (let b = 0; b < batches.length && failed === null; b++) {
    const due = t0 + b * o.everyMs;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const watched = { tp: batches[b][0], at: null as number | null, warm: b < o.warmUpBatches };
    queue.push(watched);
    sent.push(
      post(base, headers, batches[b]).then(
        () => {
          watched.at = performance.now();
          out.postMs.push(watched.at - due);
        },
        (err: unknown) => void (failed ??= err),
      ),
    );
  }
  await Promise.all(sent);
  out.achievedPerSec = Math.round(
    (batches.reduce((n, b) => n + b.length, 0) * 1000) / (performance.now() - t0),
  );
  posting = false;
  deadline = performance.now() + o.drainTimeoutMs;
  await watcher;
  if (failed !== null) throw failed;
  return out;
}

async function visible(base: string, auth: Record<string, string>, tp: Touchpoint) {
  const r = await fetch(
    `${base}/v1/customers/${tp.customerId}/journeys?journey=${tp.journey}&limit=200`,
    { headers: auth },
  );
  if (!r.ok) throw new Error(`GET customer journeys: ${r.status}`);
  const body = (await r.json()) as { journeys: { steps: { touchpointId: string }[] }[] };
  return body.journeys.some((j) => j.steps.some((s) => s.touchpointId === tp.id));
}

/** The steps whose counts differ, as `step: got != want`; null if none. */
export function countsDiff(
  want: Record<string, number>,
  got: Record<string, number>,
): string | null {
  const steps = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  const bad = steps.filter((s) => want[s] !== got[s]);
  return bad.length ? bad.map((s) => `${s}: ${got[s] ?? 0} != ${want[s] ?? 0}`).join(', ') : null;
}

export function assertSameCounts(
  what: string,
  want: Record<string, number>,
  got: Record<string, number>,
) {
  const d = countsDiff(want, got);
  if (d)
    throw new Error(
      `${what}: node counts differ from the generated steps (map != generated): ${d}`,
    );
}

/** The node counters straight from the read model (the API is stopped by then); null if equal. */
export async function mapMismatch(pool: Pool, want: Record<string, Record<string, number>>) {
  const { rows } = await pool.query<{ journey: string; key: string; n: number }>(
    `SELECT journey, key, sum(value)::int AS n FROM rm_map_counters
      WHERE metric = 'node' AND channel = '*' GROUP BY journey, key`,
  );
  const problems = Object.entries(want).map(([journey, counts]) => {
    const got = Object.fromEntries(
      rows.filter((r) => r.journey === journey).map((r) => [r.key, r.n]),
    );
    const d = countsDiff(counts, got);
    return d && `${journey}: ${d}`;
  });
  return problems.filter(Boolean).join('; ') || null;
}

/** The workload's seed and how many senders post it (batches of 1,000). */
export const LONG_SEED = 14;
export const LONG_SENDERS = 4;

/** PUTs the workload's journey definitions through the API. */
export async function defineJourneys(base: string, headers: Record<string, string>) {
  for (const [journey, definition] of Object.entries(DEFINITIONS)) {
    const res = await fetch(`${base}/v1/journeys/${journey}/definition`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(definition),
    });
    if (res.status !== 201) throw new Error(`PUT definition: ${res.status} ${await res.text()}`);
  }
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
