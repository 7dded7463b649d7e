import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ChainCheckpoint, chainEvents } from '@journey/events';
import {
  bearer,
  startTestApp,
  TEST_KEK,
  TEST_SIGNING_KEY_FILE,
  TestApp,
  touchpoint,
} from './harness';
import { runCli } from './process-harness';

describe('signed chain checkpoints', () => {
  let t: TestApp;
  const dir = mkdtempSync(path.join(tmpdir(), 'checkpoints-'));
  const exported = path.join(dir, 'kept-elsewhere.json');
  const cli = (args: string[]) =>
    runCli(['audit', ...args], {
      DATABASE_URL: t.db.url,
      LOG_LEVEL: 'error',
      DATA_KEK: TEST_KEK,
      CHAIN_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
    });
  const latest = (key: string) =>
    request(t.server).get('/v1/audit/chain-checkpoints/latest').set(bearer(key));

  beforeAll(async () => {
    t = await startTestApp({
      CHAIN_CHECKPOINT_SECONDS: '1',
      CHAIN_CHECKPOINT_DIR: path.join(dir, 'copies'),
    });
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({
        touchpoints: ['a1', 'a2', 'a3'].map((id) => touchpoint({ id, customerId: 'c-a' })),
      })
      .expect(202);
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send(touchpoint({ id: 'b1', customerId: 'c-b' }))
      .expect(202);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the app running, then it signs the heads within seconds, stores them and writes a copy', async () => {
    let body: ChainCheckpoint | null = null;
    for (let i = 0; i < 100 && !(body?.streams === 2 && body.events === 4); i++) {
      const res = await latest(t.keys.audit);
      body = res.status === 200 ? res.body : null;
      if (!body || body.events !== 4) await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toMatchObject({ format: 'journey-chain-checkpoint/v1', streams: 2, events: 4 });
    expect(body!.heads.map((h) => [h[0], h[1]])).toEqual([
      ['customer-c-a', 2],
      ['customer-c-b', 0],
    ]);
    const copies = readdirSync(path.join(dir, 'copies')).map((f) =>
      JSON.parse(readFileSync(path.join(dir, 'copies', f), 'utf8')),
    );
    expect(copies.map((c) => c.digest)).toContain(body!.digest);
    await latest(t.keys.read).expect(403);
    writeFileSync(exported, JSON.stringify(body));
  });

  it('given the checkpoint kept elsewhere, then verify --all checks its signature and heads', async () => {
    const ok = await cli(['verify', '--all', '--checkpoint', exported]);
    expect(ok.output).toMatch(/Checkpoint of .* \(key [0-9a-f]{32}\): all 2 heads hold\./);
    expect(ok.code).toBe(0);
  });

  it('given a stream rewritten with its chain recomputed, then the chains hold but the checkpoint kept elsewhere names it', async () => {
    // The app's worker signs the new heads into the database within a second: only a copy kept
    // elsewhere tells.
    const { rows } = await t.db.pool.query(
      `SELECT revision, type, data, metadata FROM es_events WHERE stream_id = 'customer-c-a' ORDER BY revision`,
    );
    const forged = rows.map((r) =>
      r.revision === '1' ? { ...r, data: { ...r.data, step: 'forged' } } : r,
    );
    const rehashed = chainEvents('0'.repeat(64), forged);
    for (const [i, e] of rehashed.entries())
      await t.db.pool.query(
        `UPDATE es_events SET data = $1, metadata = $2 WHERE stream_id = 'customer-c-a' AND revision = $3`,
        [JSON.stringify(e.data), JSON.stringify(e.metadata), i],
      );
    const run = await cli(['verify', '--all', '--checkpoint', exported]);
    expect(run.output).toMatch(/All chains hold: 2 stream\(s\), 4 events\./);
    expect(run.output).toMatch(
      /CHANGED customer-c-a {2}head_changed at revision 2 since the checkpoint of /,
    );
    expect(run.output).not.toMatch(/CHANGED customer-c-b/);
    expect(run.code).toBe(3);
  });

  it('refuses a checkpoint file edited to match, or one checked against another key', async () => {
    const kept: ChainCheckpoint = JSON.parse(readFileSync(exported, 'utf8'));
    const { rows } = await t.db.pool.query(
      `SELECT metadata->>'hash' AS hash FROM es_events WHERE stream_id = 'customer-c-a' AND revision = 2`,
    );
    const edited = path.join(dir, 'edited.json');
    writeFileSync(
      edited,
      JSON.stringify({ ...kept, heads: [['customer-c-a', 2, rows[0].hash], kept.heads[1]] }),
    );
    const run = await cli(['verify', '--all', '--checkpoint', edited]);
    expect(run.output).toMatch(/CHECKPOINT INVALID {2}the heads do not match the digest/);
    expect(run.code).toBe(3);

    const other = path.join(dir, 'other.pub.pem');
    writeFileSync(
      other,
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }),
    );
    const wrongKey = await cli([
      'verify',
      '--all',
      '--checkpoint',
      exported,
      '--public-key',
      other,
    ]);
    expect(wrongKey.output).toMatch(
      /CHECKPOINT INVALID {2}signed by key [0-9a-f]{32}, not the trusted key/,
    );
    expect(wrongKey.code).toBe(3);
  });

  it('given another process making a checkpoint, then the command waits for it, not fails', async () => {
    const other = await t.db.pool.connect();
    try {
      await other.query('BEGIN');
      // The makers' lock, as ChainCheckpoints takes it ('jchk'), held past the CLI's start.
      await other.query('SELECT pg_advisory_xact_lock($1)', [0x6a63686b]);
      const running = cli(['checkpoint']);
      await new Promise((r) => setTimeout(r, 3000));
      await other.query('COMMIT');
      const made = await running;
      expect(made.output).toMatch(/(Checkpoint|Unchanged since the checkpoint) of /);
      expect(made.code).toBe(0);
    } finally {
      other.release();
    }
  });

  it('signs and exports from the command line', async () => {
    const made = await cli(['checkpoint']);
    // The app's worker may have signed the same heads already.
    expect(made.output).toMatch(
      /(Checkpoint|Unchanged since the checkpoint) of .*: 2 stream\(s\), 4 events, digest [0-9a-f]{64}/,
    );
    expect(made.code).toBe(0);
    const out = path.join(dir, 'export.json');
    expect((await cli(['checkpoint', 'export', '--out', out])).code).toBe(0);
    const file: ChainCheckpoint = JSON.parse(readFileSync(out, 'utf8'));
    // Signed over the rewritten heads: from now on the database copy holds, the older file not.
    expect((await cli(['verify', '--all'])).code).toBe(0);
    expect((await cli(['verify', '--all', '--checkpoint', out])).code).toBe(0);
    expect(file.digest).not.toBe(JSON.parse(readFileSync(exported, 'utf8')).digest);
  });
});
