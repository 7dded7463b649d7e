import { AddressInfo } from 'node:net';
import { Page } from 'playwright-core';
import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from '../../api/test/harness';
import { postTouchpoints } from '../../api/test/requests';
import { generateDemo } from '../../demo/src/generate';
import { seedThroughApi } from '../../demo/src/http-seeder';
import type {
  CustomerJourneysPage,
  FrictionPoint,
  JourneyMap,
  ProjectionStatus,
} from '../src/api/types';
import { eventually, pagePerTest, screenshot } from './browser';
import { frictionStub } from './friction-stub';

const NOW = Date.parse('2026-06-30T12:00:00Z');
type Edge = JourneyMap['edges'][number];
const key = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;

describe('the dashboard in a browser, against a seeded API', () => {
  let t: TestApp;
  let base: string;
  let page: Page;
  let example: string;

  const api = async <T>(path: string): Promise<T> =>
    (await request(t.server).get(path).set(bearer(t.keys.read)).expect(200)).body as T;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true, partitions: 4 });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const data = generateDemo({ now: NOW, days: 90, customers: 150, seed: 42 });
    await seedThroughApi({ url: base, key: t.keys.all }, data);
    await t.settle();
    example = data.examples['mobile id-check failures, then the phone'];
  });
  afterAll(async () => t?.close());
  pagePerTest(
    () => ({ baseUrl: base, key: t.keys.read }),
    (p) => (page = p),
  );

  it('draws every transition the API returns: forward ones in the flow, loops in their table', async () => {
    const map = await api<JourneyMap>('/v1/journey-maps/onboarding');
    await page.goto(`${base}/#/map?journey=onboarding&view=sankey&color=time`);
    await page.locator('svg.sankey path.link').first().waitFor();
    const drawn = await page.$$eval('svg.sankey path.link', (els) =>
      els.map((el) => ({
        from: el.getAttribute('data-from')!,
        to: el.getAttribute('data-to')!,
        count: Number(el.getAttribute('data-count')),
      })),
    );
    const listed = await page.$$eval('.back-edges tbody tr', (els) =>
      els.map((el) => ({
        from: el.getAttribute('data-from')!,
        to: el.getAttribute('data-to')!,
        count: Number(el.getAttribute('data-count')),
      })),
    );
    const byKey = (edges: { from: string; to: string; count: number }[]) =>
      edges.map((e) => [key(e), e.count]).sort();
    // Every edge once, drawn or listed, with the API's count.
    expect(byKey([...drawn, ...listed])).toEqual(byKey(map.edges));
    expect(listed.length).toBeGreaterThan(0); // the seeded data repeats id-check
    expect(listed.map(key)).toContain('id-check -> id-check');
    expect(isAcyclic(drawn)).toBe(true);
    // Each step of a drawn edge is a node.
    const nodes = await page.$$eval('svg.sankey g.node', (els) =>
      els.map((el) => el.getAttribute('data-step')),
    );
    expect(new Set(nodes)).toEqual(new Set(drawn.flatMap((e) => [e.from, e.to])));
    const funnel = await page.$$eval('.funnel li', (els) =>
      els.map((el) => el.getAttribute('data-stage')),
    );
    expect(funnel).toEqual(map.funnel.map((f) => f.stage));
    expect(await page.locator('.kpi').first().textContent()).toContain(
      map.instances.total.toLocaleString('en'),
    );
    await screenshot(page, 'journey-map');
  });

  it('filters by channel: the flow redraws with the API answer for that channel', async () => {
    const app = await api<JourneyMap>('/v1/journey-maps/onboarding?channel=mobile_app');
    const phone = await api<JourneyMap>('/v1/journey-maps/onboarding?channel=phone');
    await page.goto(`${base}/#/map?journey=onboarding&view=sankey&color=time&channel=mobile_app`);
    await page.locator('svg.sankey path.link').first().waitFor();
    const shown = await shownEdges(page);
    expect(byKey([...shown.drawn, ...shown.listed])).toEqual(byKey(app.edges));
    expect(isAcyclic(shown.drawn)).toBe(true);
    await page.goto(`${base}/#/map?journey=onboarding&view=sankey&color=time`);
    await page.locator('svg.sankey').waitFor();
    await page.getByLabel('Channel', { exact: true }).selectOption('phone');
    await page.waitForURL(/channel=phone/);
    await page.locator('.back-edges').waitFor();
    const drawn = await page.$$eval('svg.sankey path.link', (els) => els.length);
    const listed = await page.$$eval('.back-edges tbody tr', (els) => els.length);
    expect(drawn + listed).toBe(phone.edges.length);
    if (phone.edges.every((e) => e.from === e.to)) {
      // Only repeats on the phone: nothing to draw as a flow, and the page says why.
      expect(drawn).toBe(0);
      await page.locator('.map-flow', { hasText: 'Nothing to draw as a flow' }).waitFor();
    }
    // Hovering a step shows its counts and channel mix.
    await page.goto(`${base}/#/map?journey=onboarding&view=sankey&color=time`);
    await page.locator('svg.sankey g.node[data-step="id-check"]').hover();
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    expect(await page.locator('#tooltip').textContent()).toContain('Channel mix');
  });

  it('shows a customer timeline with every journey, touchpoint and feedback of the API', async () => {
    const { journeys } = await api<CustomerJourneysPage>(`/v1/customers/${example}/journeys`);
    await page.goto(`${base}/#/customers`);
    await page.getByLabel('Customer id').fill(example);
    await page.getByRole('button', { name: 'Show journeys' }).click();
    await page.locator('svg.timeline').waitFor();
    expect(await page.locator('svg.timeline g.lane').count()).toBe(journeys.length);
    expect(await page.locator('svg.timeline circle.touchpoint').count()).toBe(
      journeys.reduce((n, j) => n + j.steps.length, 0),
    );
    expect(await page.locator('svg.timeline .feedback').count()).toBe(
      journeys.reduce((n, j) => n + j.feedback.length, 0),
    );
    // The anonymous visit before sign-up belongs to the customer once identified.
    await page.locator('.journey-card', { hasText: 'landing · web' }).first().waitFor();
    await screenshot(page, 'customer');
  });

  it('shows the projections live status from the API', async () => {
    await page.goto(`${base}/#/live`);
    const status = page.locator('tr[data-projection="journeys"] [data-status]');
    await eventually(async () => expect(await status.textContent()).toBe('caught-up'));
    // The test app's own projector holds the lease.
    const lease = page.locator('tr[data-projection="journeys"] [data-lease]');
    expect(await lease.getAttribute('data-lease')).toBe('held');
    expect(await lease.textContent()).toMatch(new RegExp(`:${process.pid}$`));
    // Its four partitions (set above), one row each, all held by this process.
    const [journeys] = await api<ProjectionStatus[]>('/v1/projections');
    expect(journeys.partitionCount).toBe(4);
    const parts = page.locator('[data-partitions-of="journeys"]');
    const rows = parts.locator('tr[data-partition]');
    await eventually(async () => expect(await rows.count()).toBe(journeys.partitionCount));
    const n = journeys.partitionCount;
    expect(await parts.locator('.holders').textContent()).toBe(
      `1 process holds ${n} of ${n} partitions (${n} on ${(await lease.textContent())!})`,
    );
    await eventually(async () =>
      expect(await rows.locator('[data-status]').allTextContents()).toEqual(
        Array(n).fill('caught-up'),
      ),
    );
    await screenshot(page, 'live');
  });

  it('says so when the key is refused, and asks for one when there is none', async () => {
    await page.getByLabel('API key').fill('je_wrong');
    await page.getByRole('button', { name: 'Use key' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('API key was not accepted');
    await page.getByRole('button', { name: 'Forget' }).click();
    await page.locator('main', { hasText: 'Enter an API key' }).waitFor();
  });

  describe('friction pages, against a stub of the friction API contract', () => {
    it('ranks friction points as the API orders them; a row opens its detail, an example its customer', async () => {
      const { journeys } = await api<CustomerJourneysPage>(`/v1/customers/${example}/journeys`);
      const stub = frictionStub(example, journeys);
      await stub.install(page);
      await page.goto(`${base}/#/frictions`);
      await page.locator('.friction-table tbody tr').first().waitFor();
      expect(await rowIds(page)).toEqual(['fp-1', 'fp-2', 'fp-3', 'fp-4']);
      await page.getByLabel('Rank by').selectOption('occurrences');
      await page.waitForURL(/sort=occurrences/);
      await page.locator('.friction-table tbody tr').first().waitFor();
      expect(await rowIds(page)).toEqual(['fp-3', 'fp-1', 'fp-2', 'fp-4']);
      await screenshot(page, 'friction-points');

      // Keyboard: focus the top row and press Enter.
      await page.locator('.friction-table tbody tr').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/frictions\/fp-3/);
      await page.locator('h1', { hasText: 'Failure at id-check on mobile app' }).waitFor();
      expect(await page.locator('.examples li[data-customer]').count()).toBe(1);
      await screenshot(page, 'friction-detail');

      await page.locator('.examples a.customer-link').click();
      await page.waitForURL(new RegExp(`#/customers/${example}`));
      await page.locator('svg.timeline').waitFor();
      expect(await page.locator('svg.timeline .friction').count()).toBe(stub.occurrences.length);
      expect(stub.seenAuth.every((a) => a === `Bearer ${t.keys.read}`)).toBe(true);
    });

    it('shows occurrences arriving on the stream (read with fetch and the Bearer key)', async () => {
      const { journeys } = await api<CustomerJourneysPage>(`/v1/customers/${example}/journeys`);
      const stub = frictionStub(example, journeys);
      await stub.install(page);
      await page.goto(`${base}/#/live`);
      await eventually(async () =>
        expect(await page.locator('.feed li').count()).toBe(stub.occurrences.length),
      );
      // Newest first.
      expect(await page.locator('.feed li').first().textContent()).toContain('Channel hop');
      expect(stub.seenAuth).toContain(`Bearer ${t.keys.read}`);
    });
  });

  describe('friction pages, against the real friction API', () => {
    it('lists the API top friction points in its order', async () => {
      const { frictionPoints } = await api<{ frictionPoints: FrictionPoint[] }>(
        '/v1/friction-points?sort=severity&limit=50',
      );
      expect(frictionPoints.length).toBeGreaterThan(0);
      await page.goto(`${base}/#/frictions`);
      await page.locator('.friction-table tbody tr').first().waitFor();
      expect(await rowIds(page)).toEqual(frictionPoints.map((p) => p.id));
      // The README's screenshots come from the real API (they replace the stub's).
      await screenshot(page, 'friction-points');
      await page.locator('.friction-table tbody tr').first().click();
      await page.locator('.examples a.customer-link').first().waitFor();
      await screenshot(page, 'friction-detail');
      await page.locator('.examples a.customer-link').first().click();
      const customer = decodeURIComponent(page.url().split('#/customers/')[1]);
      const { frictions } = await api<{ frictions: unknown[] }>(
        `/v1/customers/${customer}/frictions`,
      );
      await page.locator('svg.timeline').waitFor();
      expect(await page.locator('svg.timeline .friction').count()).toBe(frictions.length);
    });

    it('shows a live occurrence after a touchpoint is posted', async () => {
      await page.goto(`${base}/#/live`);
      await page.locator('[data-state="open"]').waitFor();
      await postTouchpoints(
        t,
        touchpoint({
          id: 'live-1',
          customerId: 'live-customer',
          journey: 'onboarding',
          step: 'id-check',
          channel: 'mobile_app',
          outcome: 'failure',
          occurredAt: new Date(NOW).toISOString(),
        }),
      );
      await page.locator('.feed li[data-type="failure"]', { hasText: 'live-customer' }).waitFor();
      await screenshot(page, 'live');
    });
  });
});

type Shown = { from: string; to: string; count: number };
const byKey = (edges: Shown[]) => edges.map((e) => [key(e), e.count]).sort();

/** The edges the page shows: drawn in the Sankey, and listed in the loops table. */
async function shownEdges(page: Page): Promise<{ drawn: Shown[]; listed: Shown[] }> {
  const read = (selector: string) =>
    page.$$eval(selector, (els) =>
      els.map((el) => ({
        from: el.getAttribute('data-from')!,
        to: el.getAttribute('data-to')!,
        count: Number(el.getAttribute('data-count')),
      })),
    );
  return { drawn: await read('svg.sankey path.link'), listed: await read('.back-edges tbody tr') };
}

async function rowIds(page: Page): Promise<string[]> {
  return page.$$eval('.friction-table tbody tr', (els) =>
    els.map((el) => el.getAttribute('data-id')!),
  );
}

/** Kahn's algorithm: true when the edges have no cycle. */
function isAcyclic(edges: Pick<Edge, 'from' | 'to'>[]): boolean {
  const indegree = new Map<string, number>();
  for (const e of edges) {
    indegree.set(e.from, indegree.get(e.from) ?? 0);
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  }
  const ready = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
  let seen = 0;
  while (ready.length > 0) {
    const n = ready.pop()!;
    seen++;
    for (const e of edges.filter((x) => x.from === n)) {
      const d = indegree.get(e.to)! - 1;
      indegree.set(e.to, d);
      if (d === 0) ready.push(e.to);
    }
  }
  return seen === indegree.size;
}
