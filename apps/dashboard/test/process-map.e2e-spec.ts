import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Page } from 'playwright-core';
import request from 'supertest';
import { bearer, startTestApp, TestApp } from '../../api/test/harness';
import { ingestInBatches } from '../../api/test/requests';
import type { JourneyMap, VariantsPage } from '../src/api/types';
import { simplify } from '../src/map/simplify';
import { eventually, pagePerTest, screenshot, SCREENSHOTS } from './browser';
import { DEFINITION, JOURNEY, processLog } from '../../demo/src/process-log';
import { simultaneousOf, variantsOf } from './process-log-counts';

type Box = { left: number; top: number; right: number; bottom: number };
const inside = (a: Box, b: Box, slack = 1) =>
  a.left >= b.left - slack &&
  a.top >= b.top - slack &&
  a.right <= b.right + slack &&
  a.bottom <= b.bottom + slack;

describe('the process map in a browser, on a generated log of 36 steps and 188 transitions', () => {
  let t: TestApp;
  let base: string;
  let page: Page;
  let map: JourneyMap;

  const api = async <T>(path: string): Promise<T> =>
    (await request(t.server).get(path).set(bearer(t.keys.read)).expect(200)).body as T;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await request(t.server)
      .put(`/v1/journeys/${JOURNEY}/definition`)
      .set(bearer(t.keys.admin))
      .send(DEFINITION)
      .expect((r) => expect(r.status).toBeLessThan(300));
    const log = processLog(120);
    await ingestInBatches(t, log);
    await t.settle();
    map = await api<JourneyMap>(`/v1/journey-maps/${JOURNEY}`);
  });
  afterAll(async () => t?.close());
  pagePerTest(
    () => ({ baseUrl: base, key: t.keys.read }),
    (p) => (page = p),
  );

  const open = async (params: string) => {
    await page.goto(`${base}/#/map?journey=${JOURNEY}${params}`);
    await page.locator('svg.process-map[data-render-ms]').waitFor();
  };
  const drawn = async () => ({
    nodes: (
      await page.$$eval('svg.process-map g.node', (els) => els.map((e) => e.dataset.step!))
    ).sort(),
    edges: await page.locator('svg.process-map path.edge').count(),
  });
  const noErrorNote = async () => {
    expect(await page.locator('.state.error').count()).toBe(0);
    expect(await page.locator('.note', { hasText: 'could not be loaded' }).count()).toBe(0);
  };

  it('given the log, then the API map has 36 steps and 188 transitions, loops included', () => {
    expect(map.nodes.length).toBe(36);
    expect(map.edges.length).toBe(188);
    expect(map.edges.some((e) => e.from === e.to)).toBe(true);
  });

  it('opens as a process map with friction colours and no error note; draws all 36 and 188 in time', async () => {
    await open('');
    expect(await page.locator('#map-view').inputValue()).toBe('process');
    await noErrorNote();
    expect(await page.locator('.legend', { hasText: 'Friction severity' }).count()).toBe(1);
    await screenshot(page, 'process-map');

    await open('&acts=100&paths=100');
    const all = await drawn();
    expect(all.nodes.length).toBe(38); // with Start and End
    expect(all.edges).toBe(188);
    const ms = Number(await page.locator('svg.process-map').getAttribute('data-render-ms'));
    expect(Number.isFinite(ms)).toBe(true);
    process.stdout.write(`process map render, 36 steps and 188 transitions: ${ms} ms\n`);
    await screenshot(page, 'process-map-full');
  });

  it('given slider moves, then it draws exactly what simplify computes on the API map', async () => {
    await open('');
    for (const [acts, paths] of [
      [30, 0],
      [60, 25],
      [100, 10],
      [0, 100],
    ]) {
      await page.locator('#map-acts').fill(String(acts));
      await page.locator('#map-paths').fill(String(paths));
      await page.waitForURL(new RegExp(`acts=${acts}&paths=${paths}`));
      const want = simplify(map, acts, paths);
      expect(await drawn()).toEqual({ nodes: [...want.steps].sort(), edges: want.edges.length });
      expect(await page.locator('.sliders .counts').textContent()).toBe(
        `Showing ${want.steps.length - 2} of 36 steps, ${want.edges.length} of 188 transitions.`,
      );
    }
    // Hidden steps: their flow goes on as dashed, estimated edges, which say so.
    await page.locator('#map-acts').fill('30');
    await page.locator('#map-paths').fill('100');
    await page.locator('path.edge.indirect').first().focus();
    expect(await page.locator('#tooltip').textContent()).toContain('via hidden steps, estimated');
    // Edge labels: durations on request, in the URL too.
    await page.locator('#map-label').selectOption('median');
    await page.waitForURL(/label=median/);
    expect(await page.locator('svg.process-map .edge-labels').textContent()).toMatch(/\d+ min/);
    await page.locator('#map-paths').fill('100');
    await page.locator('#map-acts').fill('0');
    // The URL holds the sliders: a reload draws the same.
    await page.reload();
    await page.locator('svg.process-map[data-render-ms]').waitFor();
    expect((await drawn()).edges).toBe(simplify(map, 0, 100).edges.length);
  });

  it('fits every step in view after zooming in, and exports SVG and PNG', async () => {
    await open('&acts=100&paths=100');
    const svg = page.locator('svg.process-map');
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -400);
    const zoomed = await page.locator('svg.process-map .viewport').getAttribute('transform');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    expect(await page.locator('svg.process-map .viewport').getAttribute('transform')).not.toBe(
      zoomed,
    );
    await page.getByRole('button', { name: 'Fit' }).click();
    const frame = await svg.evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
    const nodes = await page.$$eval('svg.process-map g.node', (els) =>
      els.map((e) => e.getBoundingClientRect().toJSON() as Box),
    );
    expect(nodes.length).toBe(38);
    expect(nodes.filter((n) => !inside(n, frame))).toEqual([]);
    const edges = await page.$$eval('svg.process-map path.edge', (els) =>
      els.map((e) => e.getBoundingClientRect().toJSON() as Box),
    );
    expect(edges.filter((e) => !inside(e, frame))).toEqual([]);
    await screenshot(page, 'process-map-fit');

    for (const kind of ['SVG', 'PNG']) {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download ${kind}` }).click(),
      ]);
      expect(file.suggestedFilename()).toBe(`${JOURNEY}-process-map.${kind.toLowerCase()}`);
      await file.saveAs(`${SCREENSHOTS}/process-map-export.${kind.toLowerCase()}`);
      const bytes = readFileSync((await file.path())!);
      if (kind === 'PNG') expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      else expect(bytes.toString()).toContain('<svg');
    }
  });

  it.each([1400, 1000])(
    'given a %i px wide window, then every Sankey node lies inside the flow panel',
    async (width) => {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${base}/#/map?journey=${JOURNEY}&view=sankey`);
      await page.locator('svg.sankey g.node').first().waitFor();
      await noErrorNote();
      const panel = await page.locator('.map-flow').evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.left + el.clientWidth, bottom: r.bottom };
      });
      const rects = await page.$$eval('svg.sankey g.node rect:first-child', (els) =>
        els.map((e) => e.getBoundingClientRect().toJSON() as Box),
      );
      expect(rects.length).toBeGreaterThan(30);
      expect(rects.filter((r) => !inside(r, panel))).toEqual([]);
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download SVG' }).click(),
      ]);
      expect(file.suggestedFilename()).toBe(`${JOURNEY}-sankey.svg`);
      const svg = readFileSync((await file.path())!, 'utf8');
      expect(svg.match(/<g [^>]*class="node"/g)?.length).toBe(rects.length);
      await screenshot(page, `sankey-${width}`);
    },
  );

  describe('simultaneous moves and variants, checked against plain counts over the log', () => {
    const log = processLog(120);
    const sameInstant = simultaneousOf(log);
    const allPages = async () => {
      const out: VariantsPage['variants'] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const body: VariantsPage = await api<VariantsPage>(
          `/v1/journey-maps/${JOURNEY}/variants?limit=100${q}`,
        );
        out.push(...body.variants);
        cursor = body.nextCursor;
      } while (cursor);
      return out;
    };

    it('given the API map, then each edge counts its same-instant moves as the log does', () => {
      const counted = new Map(map.edges.map((e) => [`${e.from}>${e.to}`, e.simultaneous]));
      for (const [edge, n] of sameInstant) expect([edge, counted.get(edge)]).toEqual([edge, n]);
      const extra = map.edges.filter((e) => !sameInstant.has(`${e.from}>${e.to}`));
      expect(extra.every((e) => e.simultaneous === 0)).toBe(true);
    });

    it('draws all-simultaneous edges dotted and leaves them out of the moves back', async () => {
      expect(sameInstant.get('s00>s01')).toBe(
        map.edges.find((e) => e.from === 's00' && e.to === 's01')!.count,
      );
      await open('&acts=100&paths=100');
      const dotted = await page.$$eval('path.edge.simultaneous', (els) =>
        els.map((e) => `${e.dataset.from}>${e.dataset.to}`),
      );
      const want = map.edges
        .filter((e) => e.count > 0 && (e.simultaneous ?? 0) >= e.count)
        .map((e) => `${e.from}>${e.to}`);
      expect(dotted.sort()).toEqual(want.sort());
      expect(dotted).toContain('s07>s06');
      // s07 -> s06 goes back, but at the same instant: not listed; s05 -> s05 partly so.
      expect(await page.locator('.back-edges tr[data-from="s07"][data-to="s06"]').count()).toBe(0);
      const repeat = map.edges.find((e) => e.from === 's05' && e.to === 's05')!;
      const row = page.locator('.back-edges tr[data-from="s05"][data-to="s05"]');
      const back = repeat.count - (repeat.simultaneous ?? 0);
      expect(await row.count()).toBe(back > 0 ? 1 : 0);
      if (back > 0) expect(await row.getAttribute('data-back')).toBe(String(back));
      await page.locator('path.edge.simultaneous').first().focus();
      expect(await page.locator('#tooltip').textContent()).toContain('same instant');
    });

    it('given every page of variants, then they equal a plain count of the sequences', async () => {
      const all = await allPages();
      const plain = variantsOf(log).map((v) => [v.steps.join('>'), v.count]);
      const served = all.map((v) => [v.steps.join('>'), v.count]);
      expect(served.sort()).toEqual(plain.sort());
      expect(all.every((v) => v.completionRate === 1 && v.medianDurationMs !== null)).toBe(true);
    });

    it('lists variants, pages with the cursor, filters to a row, exports CSV', async () => {
      const all = await allPages();
      await open('&acts=100&paths=100');
      const rows = page.locator('.variant-table tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(20);
      await page.getByRole('button', { name: 'More variants' }).click();
      await eventually(async () => expect(await rows.count()).toBe(40));
      expect(await rows.evaluateAll((els) => els.map((e) => e.dataset.variant))).toEqual(
        all.slice(0, 40).map((v) => v.variant),
      );
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download CSV' }).click(),
      ]);
      const csv = readFileSync((await file.path())!, 'utf8').replace(/^\ufeff/, '');
      expect(csv.trimEnd().split('\r\n')).toHaveLength(41);

      const third = all[2];
      await rows.nth(2).click();
      await page.waitForURL(new RegExp(`variant=${third.variant}`));
      await page.locator('svg.process-map[data-render-ms]').waitFor();
      // Another graph: the sliders start again from their defaults; at 100% it is all drawn.
      expect(page.url()).not.toMatch(/acts=/);
      await page.locator('#map-acts').fill('100');
      await page.locator('#map-paths').fill('100');
      const seq = ['__start__', ...third.steps, '__end__'];
      const pairs = new Set(seq.slice(1).map((step, i) => `${seq[i]}>${step}`));
      expect(await drawn()).toEqual({ nodes: [...new Set(seq)].sort(), edges: pairs.size });
      expect(await page.locator('#map-label').isDisabled()).toBe(true);
      await noErrorNote();
      await screenshot(page, 'process-map-variant');
    });
  });

  describe('the variants table', () => {
    let variants: VariantsPage;
    beforeAll(async () => {
      variants = await api<VariantsPage>(`/v1/journey-maps/${JOURNEY}/variants?limit=20`);
    });

    it('lists the variants as the API ranks them; top 1 draws exactly its sequence', async () => {
      await open('&acts=100&paths=100');
      await page.locator('.variant-table tbody tr').first().waitFor();
      expect(
        await page.$$eval('.variant-table tbody tr', (els) => els.map((e) => e.dataset.variant)),
      ).toEqual(variants.variants.map((v) => v.variant));
      await page.locator('#map-variants').selectOption('top:1');
      await page.waitForURL(/variants=top%3A1/);
      await page.locator('svg.process-map[data-render-ms]').waitFor();
      await page.locator('#map-acts').fill('100');
      await page.locator('#map-paths').fill('100');
      const top = variants.variants[0];
      const seq = ['__start__', ...top.steps, '__end__'];
      const pairs = new Set(seq.slice(1).map((step, i) => `${seq[i]}>${step}`));
      expect(await drawn()).toEqual({ nodes: [...new Set(seq)].sort(), edges: pairs.size });
      expect(await page.locator('.note', { hasText: 'counts only' }).count()).toBe(1);
      await noErrorNote();
      await screenshot(page, 'process-map-variant');
    });
  });
});
