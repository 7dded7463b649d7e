import { DemoData } from './demo-data';

export const BATCH = 1000;
const SINGLES_IN_FLIGHT = 8;
const TRIES = 6;

export interface SeedTarget {
  url: string;
  key: string;
}

export interface SeedResult {
  touchpoints: number;
  identities: number;
  feedback: number;
  requests: number;
}

/** One request, repeated on 429 (after Retry-After), 503 and network errors: every id is idempotent. */
async function send(
  target: SeedTarget,
  method: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    let res: Response | null = null;
    try {
      res = await fetch(target.url + path, {
        method,
        headers: { Authorization: `Bearer ${target.key}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if (attempt >= TRIES) throw new Error(`${method} ${path}: ${(err as Error).message}`);
    }
    if (res && res.ok) return res.status === 204 ? null : res.json();
    const retryable = !res || res.status === 429 || res.status === 503;
    if (!retryable || attempt >= TRIES) {
      const text = res ? await res.text() : '';
      throw new Error(`${method} ${path} answered ${res?.status}: ${text.slice(0, 500)}`);
    }
    const after = Number(res?.headers.get('retry-after'));
    await new Promise((r) =>
      setTimeout(r, Number.isFinite(after) && after > 0 ? after * 1000 : 200 * attempt),
    );
  }
}

export const get = (target: SeedTarget, path: string) => send(target, 'GET', path, undefined);

/** Runs `work` over the items, at most `limit` at once. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Sends the demo through the public API, as other services would: the journey definitions first,
 * then touchpoints in time order in batches of up to 1,000, each batch followed by the identity
 * links and feedback given up to its last touchpoint's time.
 */
export async function seedThroughApi(
  target: SeedTarget,
  data: DemoData,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<SeedResult> {
  let requests = 0;
  for (const [journey, definition] of Object.entries(data.definitions)) {
    await send(target, 'PUT', `/v1/journeys/${journey}/definition`, definition);
    requests++;
  }
  let identity = 0;
  let feedback = 0;
  const { touchpoints } = data;
  for (let i = 0; i < touchpoints.length; i += BATCH) {
    const batch = touchpoints.slice(i, i + BATCH);
    await send(target, 'POST', '/v1/touchpoints', { touchpoints: batch });
    requests++;
    const last = i + BATCH >= touchpoints.length ? '\uffff' : batch[batch.length - 1].occurredAt;
    const links = [];
    while (identity < data.identities.length && data.identities[identity].occurredAt <= last)
      links.push(data.identities[identity++]);
    const given = [];
    while (feedback < data.feedback.length && data.feedback[feedback].occurredAt <= last)
      given.push(data.feedback[feedback++]);
    await pool(links, SINGLES_IN_FLIGHT, (link) => send(target, 'POST', '/v1/identities', link));
    await pool(given, SINGLES_IN_FLIGHT, (f) => send(target, 'POST', '/v1/feedback', f));
    requests += links.length + given.length;
    progress(Math.min(i + BATCH, touchpoints.length), touchpoints.length);
  }
  return { touchpoints: touchpoints.length, identities: identity, feedback, requests };
}

/** Whether the store holds nothing yet: no journey, and no projection has seen or lags any event. */
export async function storeIsEmpty(target: SeedTarget): Promise<boolean> {
  const [journeys, projections] = (await Promise.all([
    get(target, '/v1/journeys'),
    get(target, '/v1/projections'),
  ])) as [unknown[], { eventsProcessed: number; lagEvents: number }[]];
  // Not the checkpoint: a projector that started first records one (at 0/0) on an empty store.
  return (
    journeys.length === 0 && projections.every((p) => p.eventsProcessed === 0 && p.lagEvents === 0)
  );
}

/** Waits until every projection has caught up (the dashboard then shows all of the data). */
export async function waitForProjections(
  target: SeedTarget,
  timeoutMs = 300_000,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const projections = (await get(target, '/v1/projections')) as { lagEvents: number }[];
    if (projections.every((p) => p.lagEvents === 0)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
