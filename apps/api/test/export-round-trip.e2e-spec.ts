import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { bearer, startTestApp, TEST_KEK, TestApp } from './harness';
import { onboardingTouchpoint, postTouchpoints } from './requests';
import { runCli } from './process-harness';

/**
 * Issue 19's round trip: an exported XES, imported into another journey with the import CLI
 * (`import <file.xes> --journey <name> --trace-as instance --customer-attr customerId`), gives
 * the same journey map.
 */
const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 3, day, 9, minute)).toISOString();

describe('export then import (round trip)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    const tp = onboardingTouchpoint;
    await postTouchpoints(t, {
      touchpoints: [
        tp('r-1', 'a1', 'start', at(1, 0)),
        tp('r-1', 'a2', 'details', at(1, 5), { channel: 'mobile_app' }),
        tp('r-1', 'a3', 'details', at(1, 6)),
        tp('r-1', 'a4', 'id-check', at(1, 20), { outcome: 'failure', channel: 'phone' }),
        tp('r-2', 'b1', 'start', at(2, 0)),
        tp('r-2', 'b2', 'id-check', at(2, 10)),
      ],
    });
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('given the exported XES imported as another journey, then its journey map equals the original', async () => {
    const xes = (
      await request(t.server)
        .get('/v1/journeys/onboarding/export?format=xes')
        .set(bearer(t.keys.all))
        .expect(200)
    ).text;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'round-trip-')), 'onboarding.xes');
    writeFileSync(file, xes);
    // The export's traces are instances; the customer is their customerId attribute.
    const run = await runCli(
      [
        'import',
        file,
        '--journey',
        'onboarding-copy',
        '--trace-as',
        'instance',
        '--customer-attr',
        'customerId',
      ],
      {
        DATABASE_URL: t.db.url,
        LOG_LEVEL: 'error',
        DATA_KEK: TEST_KEK,
      },
    );
    expect({ code: run.code, output: run.output }).toMatchObject({ code: 0 });
    await t.settle();
    const map = async (journey: string) =>
      (
        await request(t.server)
          .get(`/v1/journey-maps/${journey}`)
          .set(bearer(t.keys.read))
          .expect(200)
      ).body as Record<string, unknown>;
    const original = await map('onboarding');
    const copy = await map('onboarding-copy');
    expect({ ...copy, journey: 'onboarding' }).toEqual(original);
  });
});
