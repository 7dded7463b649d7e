import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runningEmbeddedUrl } from '../../../libs/postgres/src/embedded/embedded-postgres';
import { API_KEY, freePort, runCli, start, waitReady } from './process-harness';
import { FIRST_KEY_FILE } from '../src/access/first-key-file';

const REQUESTS = 120;
const PER_REQUEST = 10;

function body(r: number) {
  return {
    touchpoints: Array.from({ length: PER_REQUEST }, (_, i) => ({
      id: `r${r}-t${i}`,
      customerId: `c-${(r * 7 + i) % 25}`,
      journey: 'support',
      step: `step-${i}`,
      channel: i % 2 ? 'phone' : 'web',
      occurredAt: '2026-05-01T10:00:00Z',
    })),
  };
}

describe('restart in the middle of a stream of requests', () => {
  it('first start writes an admin key to a 0600 file (never to the log), the CLI creates keys, and resending everything after a crash stores each touchpoint once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-restart-'));
    const env = {
      EMBEDDED_PG_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
    };
    const url = `http://127.0.0.1:${env.PORT}/v1/touchpoints`;
    try {
      const first = start(env);
      await waitReady(Number(env.PORT), first);
      const keyFile = path.join(dir, FIRST_KEY_FILE);
      expect(first.output()).not.toMatch(API_KEY);
      expect(first.output()).toContain(keyFile);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const admin = readFileSync(keyFile, 'utf8').trim();
      expect(admin).toMatch(API_KEY);
      const keys = await fetch(`http://127.0.0.1:${env.PORT}/v1/api-keys`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(keys.status).toBe(200);

      const cli = await runCli(['keys', 'create', '--name', 'crm', '--scopes', 'ingest'], env);
      expect(cli.code).toBe(0);
      const key = cli.output.match(API_KEY)![0];
      const send = (r: number) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(body(r)),
        }).then(
          (res) => res.status,
          () => 0,
        );

      // Four senders; the app is killed hard while they are mid-stream.
      let next = 0;
      const statuses: number[] = [];
      const senders = Array.from({ length: 4 }, async () => {
        while (next < REQUESTS) statuses.push(await send(next++));
      });
      while (statuses.length < REQUESTS / 3) await new Promise((r) => setTimeout(r, 5));
      first.child.kill('SIGKILL');
      await Promise.all(senders);
      await first.exited;
      expect(statuses).toContain(0); // some requests were cut off

      const second = start(env);
      await waitReady(Number(env.PORT), second);
      expect(second.output()).not.toContain(keyFile); // made once, on first start
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(admin);
      for (let r = 0; r < REQUESTS; r++) expect(await send(r)).toBe(202);

      const db = new Client({ connectionString: (await runningEmbeddedUrl(dir, 'journey'))! });
      await db.connect();
      const { rows } = await db.query(
        `SELECT data->>'touchpointId' AS id, count(*)::int AS n FROM es_events
          WHERE type = 'TouchpointRecorded' GROUP BY 1`,
      );
      await db.end();
      expect(rows).toHaveLength(REQUESTS * PER_REQUEST);
      expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
