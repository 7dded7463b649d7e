import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DEFINITION, JOURNEY, processLog } from '../apps/demo/src/process-log';
import { startAppProcess, startProjectorProcess } from './app-process';
import { freshDatabase } from './databases';
import { latencySummary } from './stats';

export interface ProcessMapBenchOptions {
  /** Page loads timed (each draws the whole map once). */
  renders: number;
  log: (msg: string) => void;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BUILT_PAGE = path.resolve(__dirname, '..', 'dashboard', 'index.html');

/**
 * The process map of a 36-step, 188-transition journey (loops, repeats, simultaneous steps), drawn
 * whole (both sliders at 100%) in Debian Chromium from the built dashboard against the built API
 * and projector: the time the page measures itself (dagre layout, DOM and the first fit, the
 * svg's data-render-ms), over `renders` fresh page loads. Null when there is no Chromium here.
 */
export async function benchProcessMap(adminUrl: string, o: ProcessMapBenchOptions) {
  if (!existsSync(CHROMIUM) || !existsSync(BUILT_PAGE)) {
    o.log(`process map: SKIPPED (no Chromium at ${CHROMIUM}, or the dashboard is not built)`);
    return null;
  }
  const url = await freshDatabase(adminUrl, 'bench_process_map');
  const app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
  const projector = await startProjectorProcess(url);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const send = async (method: string, route: string, body: unknown) => {
      const res = await fetch(app.baseUrl + route, {
        method,
        headers: { Authorization: `Bearer ${app.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    await send('PUT', `/v1/journeys/${JOURNEY}/definition`, DEFINITION);
    const customers = 120;
    const log = processLog(customers);
    for (let i = 0; i < log.length; i += 1000)
      await send('POST', '/v1/touchpoints', { touchpoints: log.slice(i, i + 1000) });
    const map = await projected(app.baseUrl, app.apiKey, customers);
    o.log(`process map: ${map.nodes} steps, ${map.edges} transitions projected; timing renders`);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${app.baseUrl}/`);
    await page.getByLabel('API key').fill(app.apiKey);
    await page.getByRole('button', { name: 'Use key' }).click();
    const samples: number[] = [];
    for (let i = 0; i < o.renders; i++) {
      // A new document each time (the key stays in the tab's sessionStorage): a cold draw.
      await page.goto(`${app.baseUrl}/?load=${i}#/map?journey=${JOURNEY}&acts=100&paths=100`);
      const svg = page.locator('svg.process-map[data-render-ms]');
      await svg.waitFor();
      samples.push(Number(await svg.getAttribute('data-render-ms')));
    }
    return {
      steps: map.nodes,
      transitions: map.edges,
      renders: o.renders,
      ...latencySummary(samples),
    };
  } finally {
    await browser.close();
    await projector.stop();
    await app.stop();
  }
}

/** Waits until every customer's journey is on the map; its drawn size (steps and transitions). */
async function projected(base: string, key: string, completed: number) {
  for (let waited = 0; waited < 120_000; waited += 250) {
    const res = await fetch(`${base}/v1/journey-maps/${JOURNEY}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    const map = (await res.json()) as {
      instances?: { completed: number };
      nodes: unknown[];
      edges: { from: string; to: string }[];
    };
    if (map.instances?.completed === completed) {
      // Steps as the journey has them; the page also draws Start and End.
      return { nodes: map.nodes.length, edges: map.edges.length };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the process log was not projected within 120 s');
}
