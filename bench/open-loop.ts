import http from 'node:http';
import { latencySummary } from './stats';

export interface OpenLoopOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly ratePerSec: number;
  readonly seconds: number;
  readonly body: () => string;
}

export interface OpenLoopResult {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly achievedPerSec: number;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * A steady, open-loop load: request i is due at start + i / rate, whatever happened to earlier ones,
 * and its latency is measured from when it was due (so a stall shows up in every request it
 * delays: no coordinated omission). autocannon's `overallRate` is not that: each connection sends
 * its per-second quota back to back and then waits for the next second, a burst of up to
 * `connections` concurrent requests at the top of every second.
 */
export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(o.url);
  const total = Math.round(o.ratePerSec * o.seconds);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / o.ratePerSec;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send(agent, target, o.headers, o.body()).then((status) => {
        latencies.push(performance.now() - due);
        if (status >= 200 && status < 300) ok++;
        else failed++;
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    sent: total,
    ok,
    failed,
    achievedPerSec: Math.round(total / elapsed),
    latencyMs: latencySummary(latencies),
  };
}

function send(
  agent: http.Agent,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
