import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { bearer, startTestApp, TEST_KEK, TestApp, touchpoint } from './harness';
import {
  defineJourney,
  ingestInBatches,
  onboardingDefinition,
  onboardingTouchpoint,
  postTouchpoints,
} from './requests';
import { runCli } from './process-harness';
import { checkXes } from './xes-check';
import { EXPORT_PAGE } from '../src/queries/journey-export/export-traces';
import { rebuildProjection } from '../../projector/src/rebuild/rebuild';
import { JourneysProjection } from '../../projector/src/journeys/journeys.projection';

const definition = {
  ...onboardingDefinition,
  personalAttributes: ['email'],
};

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 3, day, 9, minute)).toISOString();

interface View {
  instanceId: string;
  status: string;
  startedAt: string;
  lastActivityAt: string;
  steps: { step: string; touchpointId: string; occurredAt: string; channel: string }[];
}

describe('GET /v1/journeys/{journey}/export', () => {
  let t: TestApp;
  const customers = ['x-1', 'x-2', 'x-3'];
  let expected: (View & { customerId: string })[];

  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await defineJourney(t, 'onboarding', definition);
    const tp = onboardingTouchpoint;
    await postTouchpoints(t, {
      touchpoints: [
        // A loop (details twice), a failed check then success, a personal attribute.
        tp('x-1', 'a1', 'start', at(1, 0), {
          attributes: { email: 'ann@example.com', plan: 'pro' },
        }),
        tp('x-1', 'a2', 'details', at(1, 5)),
        tp('x-1', 'a3', 'details', at(1, 6), { attributes: { note: '<b>&"\'=1' } }),
        tp('x-1', 'a4', 'id-check', at(1, 20), { outcome: 'failure', agentId: 'agent-7' }),
        tp('x-1', 'a5', 'activated', at(1, 30)),
        tp('x-2', 'b1', 'start', at(2, 0)),
        tp('x-2', 'b2', 'rejected', at(2, 10), { channel: 'phone' }),
        tp('x-3', 'c1', 'start', at(3, 0), { attributes: { email: 'cy@example.com' } }),
      ],
    });
    await t.settle();
    expected = [];
    for (const customerId of customers) {
      const body = (
        await request(t.server)
          .get(`/v1/customers/${customerId}/journeys?journey=onboarding`)
          .set(bearer(t.keys.read))
          .expect(200)
      ).body as { journeys: View[] };
      expected.push(...body.journeys.map((j) => ({ ...j, customerId })));
    }
    expected.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  });
  afterAll(async () => t?.close());

  const get = (query: string, key = t.keys.read) =>
    request(t.server).get(`/v1/journeys/onboarding/export${query}`).set(bearer(key));

  it('given XES, then a valid IEEE 1849 log with one trace per instance, events as the customer journeys show them', async () => {
    const res = await get('?format=xes').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="onboarding.xes"');
    const traces = checkXes(res.text);
    expect(traces).toHaveLength(expected.length);
    traces.forEach((tr, i) => {
      const view = expected[i];
      expect(tr.attributes['concept:name'].value).toBe(view.instanceId);
      expect(tr.attributes.customerId.value).toBe(view.customerId);
      expect(tr.attributes.status.value).toBe(view.status);
      expect(tr.attributes.startedAt).toEqual({ type: 'date', value: view.startedAt });
      expect(tr.events.map((e) => e['concept:name'].value)).toEqual(view.steps.map((s) => s.step));
      expect(tr.events.map((e) => e['time:timestamp'].value)).toEqual(
        view.steps.map((s) => s.occurredAt),
      );
      expect(tr.events.map((e) => e.touchpointId.value)).toEqual(
        view.steps.map((s) => s.touchpointId),
      );
    });
    const [first] = traces;
    expect(first.attributes['friction:count'].value).not.toBe('0');
    const check = first.events.find((e) => e.touchpointId.value === 'a4')!;
    expect(check['friction:types'].value).toContain('failure');
    expect(check['org:resource'].value).toBe('[redacted]');
    expect(first.events[0].email.value).toBe('[redacted]');
    expect(first.events[0].plan.value).toBe('pro');
    expect(first.events[2].note.value).toBe('<b>&"\'=1');
  });

  it('given the audit scope, then personal fields come decrypted', async () => {
    const traces = checkXes((await get('?format=xes', t.keys.all).expect(200)).text);
    expect(traces[0].events[0].email.value).toBe('ann@example.com');
    expect(traces[0].events.find((e) => e.touchpointId.value === 'a4')!['org:resource'].value).toBe(
      'agent-7',
    );
    const csv = (await get('?format=csv', t.keys.read).expect(200)).text;
    expect(csv).not.toContain('ann@example.com');
  });

  it('given CSV, then one row per event in journey order, formula-like text defused', async () => {
    const res = await get('?format=csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="onboarding.csv"');
    const lines = res.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^case_id,activity,timestamp,/);
    const rows = lines.slice(1).map((l) => l.split(',').slice(0, 3));
    expect(rows).toEqual(
      expected.flatMap((v) => v.steps.map((s) => [v.instanceId, s.step, s.occurredAt])),
    );
    expect(res.text).toContain(`""note"":""<b>&\\""'=1""`);
  });

  it('given NDJSON, then one trace per line equal to the instances', async () => {
    const res = await get('?format=ndjson&from=2026-04-01&to=2026-04-03').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const traces = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      traces.map((tr) => [
        tr.instanceId,
        tr.status,
        tr.events.map((e: { step: string }) => e.step),
      ]),
    ).toEqual(expected.map((v) => [v.instanceId, v.status, v.steps.map((s) => s.step)]));
  });

  it('given from/to, then only instances started on those UTC days', async () => {
    const res = await get('?format=ndjson&from=2026-04-02&to=2026-04-02').expect(200);
    const traces = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(traces.map((tr) => tr.customerId)).toEqual(['x-2']);
  });

  it('given bad parameters, then 400 INVALID_QUERY naming each field and rule; without a key, 401', async () => {
    const res = await get('?format=pdf&from=2026-13-01&to=yesterday').expect(400);
    expect(res.body.error).toBe('INVALID_QUERY');
    expect(
      (res.body.details as { field: string; rule: string }[]).map((p) => [p.field, p.rule]).sort(),
    ).toEqual([
      ['format', 'enum'],
      ['from', 'format'],
      ['to', 'format'],
    ]);
    await get('?from=2026-04-03&to=2026-04-01').expect(400);
    await request(t.server).get('/v1/journeys/onboarding/export').expect(401);
  });

  it('given more instances than a page, then every one once, oldest start first; a client leaving early frees the connection', async () => {
    const n = EXPORT_PAGE * 2 + 1;
    const touchpoints = Array.from({ length: n }, (_, i) =>
      touchpoint({
        id: `m${i}`,
        customerId: `m-${i}`,
        journey: 'many',
        step: 'start',
        occurredAt: new Date(Date.UTC(2026, 4, 1) + (n - i) * 1000).toISOString(),
      }),
    );
    await ingestInBatches(t, touchpoints);
    await t.settle();
    const ndjson = (
      await request(t.server).get('/v1/journeys/many/export?format=ndjson').set(bearer(t.keys.read))
    ).text;
    const ids = ndjson
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { customerId: string }).customerId);
    expect(ids).toEqual(touchpoints.map((_, i) => `m-${n - 1 - i}`));
    // A client that reads the head and leaves: the export stops, its connection is not kept.
    if (!t.server.listening) await new Promise<void>((r) => t.server.listen(0, '127.0.0.1', r));
    const address = t.server.address() as { port: number };
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${address.port}/v1/journeys/many/export`, {
      headers: bearer(t.keys.read),
      signal: controller.signal,
    });
    await res.body!.getReader().read();
    controller.abort();
    await new Promise((r) => setTimeout(r, 500));
    const { rows } = await t.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'FETCH%journey_export' AND state <> 'idle'",
    );
    expect(rows[0].n).toBe(0);
    await request(t.server)
      .get('/v1/journeys/many/export?format=csv')
      .set(bearer(t.keys.read))
      .expect(200);
  });

  it('CLI: export --format xes --out writes the document of the HTTP export (audit key)', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'export-')), 'onboarding.xes');
    const run = await runCli(['export', 'onboarding', '--format', 'xes', '--out', out], {
      DATABASE_URL: t.db.url,
      LOG_LEVEL: 'error',
      DATA_KEK: TEST_KEK,
    });
    expect(run).toMatchObject({ code: 0 });
    const http = (await get('?format=xes', t.keys.all).expect(200)).text;
    expect(readFileSync(out, 'utf8')).toBe(http);
    const bad = await runCli(['export', 'onboarding', '--format', 'pdf'], {
      DATABASE_URL: t.db.url,
      LOG_LEVEL: 'error',
      DATA_KEK: TEST_KEK,
    });
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('format must be one of');
  });

  // Migration 19 added agent_id and attributes to rows already projected (null and {}), and
  // requests a rebuild of the journeys: the rebuild's bulk path must fill them as live does.
  it('given touchpoints projected before migration 19, when the rebuild it requests has run, then the export carries their agents and attributes again', async () => {
    const full = (await get('?format=xes', t.keys.all).expect(200)).text;
    await t.db.pool.query(`UPDATE rm_touchpoints SET agent_id = NULL, attributes = '{}'`);
    const stripped = checkXes((await get('?format=xes', t.keys.all).expect(200)).text);
    expect(stripped[0].events.find((e) => e.touchpointId.value === 'a4')!['org:resource']).toBe(
      undefined,
    );
    const progress = await rebuildProjection(
      t.store,
      t.db.url,
      (mode) => new JourneysProjection({ mode }),
    );
    expect(progress.processed).toBe(progress.total);
    await t.settle();
    expect((await get('?format=xes', t.keys.all).expect(200)).text).toBe(full);
  });
});
