import request from 'supertest';
import { StreamChainVerifier } from '@journey/events';
import { bearer, startTestApp, TEST_KEK, TestApp, touchpoint } from './harness';
import { defineJourney, linkIdentity, postTouchpoints, sendFeedback } from './requests';
import { runCli } from './process-harness';

/** Every stored stream's chain, recomputed from the table itself. */
async function chainsInDatabase(t: TestApp) {
  const { rows } = await t.db.pool.query(
    'SELECT stream_id, revision, type, data, metadata FROM es_events ORDER BY stream_id, revision',
  );
  const verifiers = new Map<string, StreamChainVerifier>();
  for (const r of rows) {
    if (!verifiers.has(r.stream_id)) verifiers.set(r.stream_id, new StreamChainVerifier());
    verifiers.get(r.stream_id)!.push({ ...r, revision: BigInt(r.revision) });
  }
  return verifiers;
}

describe('tamper evidence: hash chains', () => {
  let t: TestApp;
  const ingest = (body: object) => postTouchpoints(t, body);
  const verify = async (customerId: string) =>
    (
      await request(t.server)
        .get(`/v1/audit/customers/${customerId}/verify`)
        .set(bearer(t.keys.audit))
        .expect(200)
    ).body;
  const cli = (args: string[]) =>
    runCli(['audit', ...args], { DATABASE_URL: t.db.url, LOG_LEVEL: 'error', DATA_KEK: TEST_KEK });

  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await defineJourney(t, 'onboarding', {
      stages: [{ name: 'all', steps: ['signup', 'verify'] }],
      goalSteps: ['verify'],
    });
    await defineJourney(
      t,
      'onboarding',
      {
        stages: [{ name: 'all', steps: ['signup', 'verify'] }],
        goalSteps: ['verify'],
        personalAttributes: ['email'],
      },
      200,
    );
    // Batches, single touchpoints, an idempotent retry with new events beside (the store skips
    // the stored one), feedback, an identity link and concurrent writers on one stream.
    await ingest({
      touchpoints: [
        touchpoint({ id: 'k1', customerId: 'c-k', attributes: { email: 'k@example.com' } }),
        touchpoint({ id: 'k2', customerId: 'c-k', step: 'verify' }),
      ],
    });
    await ingest(touchpoint({ id: 'k3', customerId: 'c-k' }));
    await ingest({
      touchpoints: [
        touchpoint({ id: 'k3', customerId: 'c-k' }),
        touchpoint({ id: 'k4', customerId: 'c-k', agentId: 'agent-1' }),
      ],
    });
    await ingest(touchpoint({ id: 'v1', customerId: undefined, anonymousId: 'anon-k' }));
    await linkIdentity(t, {
      anonymousId: 'anon-k',
      customerId: 'c-k',
      occurredAt: '2026-05-01T10:00:00Z',
    });
    await sendFeedback(t, {
      id: 'f1',
      customerId: 'c-k',
      kind: 'nps',
      score: 3,
      occurredAt: '2026-05-01T11:00:00Z',
      comment: 'meh',
    });
    await ingest(touchpoint({ id: 'clean', customerId: 'c-clean' }));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ingest(touchpoint({ id: `race-${i}`, customerId: 'c-race' })),
      ),
    );
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('given events from every writer, then every stream in the table chains from 64 zeros', async () => {
    const chains = await chainsInDatabase(t);
    expect([...chains.keys()].sort()).toEqual([
      'anonymous-anon-k',
      'customer-c-clean',
      'customer-c-k',
      'customer-c-race',
      'journey-definition-onboarding',
    ]);
    for (const [stream, v] of chains) expect([stream, v.firstBreak]).toEqual([stream, null]);
    expect(chains.get('customer-c-k')!.events).toBe(5);
    expect(chains.get('customer-c-race')!.events).toBe(12);
    const first = await t.db.pool.query(
      `SELECT metadata->>'hash' AS hash FROM es_events WHERE stream_id = 'customer-c-k' AND revision = 0`,
    );
    const body = await verify('c-k');
    expect(body).toMatchObject({ customerId: 'c-k', ok: true });
    expect(
      body.streams.map((s: { stream: string; events: number }) => [s.stream, s.events]),
    ).toEqual([
      ['customer-c-k', 5],
      ['anonymous-anon-k', 2],
    ]);
    expect(first.rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given a row altered in es_events, then verify names the first broken link of that stream only', async () => {
    await t.db.pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{step}', '"verify"')
        WHERE stream_id = 'customer-c-k' AND revision = 2`,
    );
    const body = await verify('c-k');
    expect(body.ok).toBe(false);
    const [customer, anonymous] = body.streams;
    expect(customer).toMatchObject({
      stream: 'customer-c-k',
      ok: false,
      firstBroken: { revision: '2', reason: 'hash_mismatch', found: expect.any(String) },
    });
    expect(customer.firstBroken.expected).not.toBe(customer.firstBroken.found);
    expect(anonymous).toMatchObject({ stream: 'anonymous-anon-k', ok: true, firstBroken: null });
    expect((await verify('c-race')).ok).toBe(true);
  });

  it('given a forged event whose hash was recomputed, then the link after it breaks', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT revision, type, data, metadata FROM es_events WHERE stream_id = 'customer-c-race' ORDER BY revision`,
    );
    const { chainEvents } = await import('@journey/events');
    const forged = { ...rows[4], data: { ...rows[4].data, step: 'forged' } };
    const [rehashed] = chainEvents(rows[3].metadata.hash, [forged]);
    await t.db.pool.query(
      `UPDATE es_events SET data = $1, metadata = $2 WHERE stream_id = 'customer-c-race' AND revision = 4`,
      [JSON.stringify(rehashed.data), JSON.stringify(rehashed.metadata)],
    );
    const body = await verify('c-race');
    expect(body.streams[0].firstBroken).toMatchObject({ revision: '5', reason: 'hash_mismatch' });
  });

  it('the CLI verifies every stream (progress bar) and one customer, exiting 3 on a broken chain', async () => {
    const all = await cli(['verify', '--all']);
    expect(all.code).toBe(3);
    expect(all.output).toMatch(/\[#+\] \d+\/\d+ events/);
    expect(all.output).toMatch(
      /BROKEN {2}customer-c-k {2}first broken link at revision 2: hash_mismatch/,
    );
    expect(all.output).toMatch(/BROKEN {2}customer-c-race {2}first broken link at revision 5/);
    expect(all.output).not.toMatch(/anonymous-anon-k|journey-definition/);
    expect(all.output).toMatch(/2 broken stream\(s\) of 5 stream\(s\), 22 events/);

    const one = await cli(['verify', 'c-race']);
    expect(one.code).toBe(3);
    const fine = await cli(['verify', 'c-clean']);
    expect(fine.output).toMatch(/ok {6}customer-c-clean {2}1 events {2}head [0-9a-f]{64}/);
    expect(fine.code).toBe(0);
    const usage = await cli(['verify']);
    expect(usage.code).toBe(2);

    // The command line's reads are in the access log too.
    const { rows } = await t.db.pool.query(
      `SELECT actor, action, customer_id FROM audit_access_log WHERE actor LIKE 'cli:%' ORDER BY id`,
    );
    expect(rows.map((r) => [r.action, r.customer_id])).toEqual([
      ['store.verify', null],
      ['customer.verify', 'c-race'],
      ['customer.verify', 'c-clean'],
    ]);
  });
});
