import { performance } from 'node:perf_hooks';

/**
 * Append to SSE: touchpoints that fail (each one a `failure` occurrence) are posted at a steady
 * rate while the stream is read; the figure is the time from the 202 to the event's arrival.
 */
export async function appendToStream(
  base: string,
  auth: Record<string, string>,
  seconds: number,
  perSecond = 20,
): Promise<number[]> {
  const controller = new AbortController();
  const res = await fetch(`${base}/v1/friction-points/stream?type=failure`, {
    headers: auth,
    signal: controller.signal,
  });
  if (res.status !== 200) throw new Error(`stream: ${res.status}`);
  const posted = new Map<string, number>();
  const latencies: number[] = [];
  const reading = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        const id = (JSON.parse(data.slice(6)) as { touchpointId: string }).touchpointId;
        const at = posted.get(id);
        if (at !== undefined) latencies.push(performance.now() - at);
      }
    }
  })();
  const headers = { ...auth, 'content-type': 'application/json' };
  const t0 = performance.now();
  const total = seconds * perSecond;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / perSecond;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const id = `sse-${i}`;
    const body = {
      id,
      customerId: `sse-c${i}`,
      journey: 'onboarding',
      step: 'start',
      channel: 'web',
      outcome: 'failure',
      occurredAt: new Date(Date.UTC(2026, 3, 6)).toISOString(),
    };
    const r = await fetch(`${base}/v1/touchpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (r.status !== 202) throw new Error(`append: ${r.status}`);
    posted.set(id, performance.now());
  }
  for (let waited = 0; latencies.length < total && waited < 10_000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  controller.abort();
  await reading;
  if (latencies.length < total) throw new Error(`stream delivered ${latencies.length} of ${total}`);
  return latencies;
}
