import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alive, start, waitReady, freePort } from './process-harness';

describe('starting the app', () => {
  it('refuses a bad setting with a message naming it, not a stack trace', async () => {
    const run = start({ EVENT_STORE: 'mongo', PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('EVENT_STORE="mongo": must be "postgres" or "eventstoredb"');
    expect(run.output()).toContain('PORT="eighty": must be an integer port');
    expect(run.output()).not.toMatch(/at .*\.js:\d+/);
  });

  it('starts embedded PostgreSQL, recovers after a SIGKILL, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-start-'));
    const env = {
      EMBEDDED_PG_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      LOG_LEVEL: 'log',
    };
    try {
      const first = start(env);
      await waitReady(Number(env.PORT), first);
      const pgPid = Number(
        readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      first.child.kill('SIGKILL');
      await first.exited;
      expect(alive(pgPid)).toBe(true); // the orphaned server the next start must deal with

      const second = start(env);
      await waitReady(Number(env.PORT), second);
      expect(second.output()).toContain('stopping PostgreSQL left running by a previous process');
      const pgPid2 = Number(
        readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(alive(pgPid2)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
