import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Runs the built app (`npm run build` precedes jest in `npm test`) as a real process.
const MAIN = path.resolve(__dirname, '../../../dist/apps/api/src/main.js');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Running {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitReady(port: number, run: Running, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (run.child.exitCode !== null) throw new Error(`app exited early:\n${run.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app not ready in time:\n${run.output()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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
