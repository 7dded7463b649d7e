import { rmSync } from 'node:fs';
import { isAlive, startSupervisedApp, SupervisedApp } from '../../../bench/chaos/supervised-app';

// Runs the built supervisor (`npm run build` first) on its own embedded PostgreSQL.
const fast = { SUPERVISOR_RESTART_DELAY_MS: '100', SHUTDOWN_TIMEOUT_MS: '3000' };

async function health(app: SupervisedApp): Promise<number> {
  return fetch(`${app.baseUrl}/health`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.status,
    () => 0,
  );
}

async function readyAgain(app: SupervisedApp): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${app.baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('supervisor (npm start)', () => {
  let app: SupervisedApp;
  afterAll(async () => {
    if (app) {
      // SIGTERM even after a failure: a SIGKILLed supervisor would leave its API and projector.
      await app.stop('SIGTERM');
      rmSync(app.dataDir, { recursive: true, force: true });
    }
  });

  it('restarts a killed projector while the API answers, brings PostgreSQL back, and stops every process on SIGTERM', async () => {
    app = await startSupervisedApp(fast);
    const api = app.pidOf('api');

    // kill -9 of the projector: the API keeps answering while the projector comes back.
    const projector = app.pidOf('projector');
    const mark = app.lines.length;
    process.kill(projector, 'SIGKILL');
    const statuses: number[] = [];
    const back = app.waitForLine((l) => l.msg === 'child started' && l.child === 'projector', mark);
    let restarted = false;
    void back.then(() => (restarted = true));
    while (!restarted) {
      statuses.push(await health(app));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(app.pidOf('projector')).not.toBe(projector);
    expect(app.pidOf('api')).toBe(api);

    // kill -9 of the PostgreSQL server: its child is started again and /ready turns 200.
    const postmaster = app.postmasterPid();
    const pgMark = app.lines.length;
    process.kill(postmaster, 'SIGKILL');
    await app.waitForLine((l) => l.msg === 'child started' && l.child === 'postgres', pgMark);
    expect(await readyAgain(app)).toBe(true);
    expect(app.postmasterPid()).not.toBe(postmaster);

    // SIGTERM: projector, API, PostgreSQL stop; no process the app ever started is left.
    const started = app.lines.filter((l) => l.msg === 'child started').map((l) => l.pid!);
    const pids = [...started, app.postmasterPid()];
    expect([app.pidOf('api'), app.postmasterPid()].every(isAlive)).toBe(true);
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    const order = app.lines.filter((l) => l.msg === 'child stopped').map((l) => l.child);
    expect(order).toEqual(['projector', 'api', 'postgres']);
  });

  it('stops the whole app with a non-zero exit when a child crash-loops', async () => {
    // The projector refuses PROJECTOR_PARTITIONS=0 at each start; the API itself is fine.
    const looping = await startSupervisedApp(
      { ...fast, PROJECTOR_PARTITIONS: '0', SUPERVISOR_CRASH_LOOP_RESTARTS: '2' },
      { waitReady: false },
    );
    try {
      expect(await looping.exited).toBe(1);
      const loop = looping.lines.find((l) => l.msg.includes('crash-looping'));
      expect(loop).toMatchObject({ child: 'projector', crashes: 3 });
      const pids = looping.lines.filter((l) => l.msg === 'child started').map((l) => l.pid!);
      expect(pids.filter(isAlive)).toEqual([]);
    } finally {
      rmSync(looping.dataDir, { recursive: true, force: true });
    }
  });
});
