import net from 'node:net';
import { Check, healthMs } from './checks';
import { hostileInputs } from './hostile';
import { startSecondProjector } from './second-projector';
import { isReady, SupervisedApp } from './supervised-app';

export interface StepContext {
  readonly app: SupervisedApp;
  readonly quick: boolean;
  /** Lets the load run for a while (the step's traffic). */
  loadFor(ms: number): Promise<void>;
}

export interface Step {
  readonly name: string;
  /** Does the damage; returns the step's own checks (the invariants are checked after it). */
  run(ctx: StepContext): Promise<Check[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kills a child with SIGKILL and waits until the supervisor has started it again. */
async function killAndWait(ctx: StepContext, child: 'api' | 'projector' | 'postgres', pid: number) {
  const mark = ctx.app.lines.length;
  process.kill(pid, 'SIGKILL');
  await ctx.loadFor(ctx.quick ? 1_000 : 3_000);
  await ctx.app.waitForLine((l) => l.msg === 'child started' && l.child === child, mark);
  for (let i = 0; i < 600 && !(await isReady(ctx.app.baseUrl)); i++) await sleep(100);
  return [{ name: `${child} back`, ok: await isReady(ctx.app.baseUrl), detail: '/ready 200' }];
}

export const STEPS: Step[] = [
  { name: 'baseline', run: async (ctx) => (await ctx.loadFor(ctx.quick ? 1_000 : 10_000), []) },
  {
    name: 'kill -9 projector',
    run: (ctx) => killAndWait(ctx, 'projector', ctx.app.pidOf('projector')),
  },
  { name: 'kill -9 API', run: (ctx) => killAndWait(ctx, 'api', ctx.app.pidOf('api')) },
  {
    name: 'kill -9 PostgreSQL',
    run: (ctx) => killAndWait(ctx, 'postgres', ctx.app.postmasterPid()),
  },
  {
    name: 'SIGSTOP projector past a batch',
    run: async (ctx) => {
      const pid = ctx.app.pidOf('projector');
      process.kill(pid, 'SIGSTOP');
      await ctx.loadFor(ctx.quick ? 2_000 : 15_000);
      process.kill(pid, 'SIGCONT');
      await ctx.loadFor(1_000);
      return [
        { name: 'projector kept', ok: ctx.app.pidOf('projector') === pid, detail: `pid ${pid}` },
      ];
    },
  },
  {
    name: 'two projectors at once',
    run: async (ctx) => {
      const second = await startSecondProjector(ctx.app.databaseUrl);
      await ctx.loadFor(ctx.quick ? 1_000 : 15_000);
      await second.stop();
      return [];
    },
  },
  {
    name: 'hostile inputs',
    run: async (ctx) => {
      const api = ctx.app.pidOf('api');
      const checks = await hostileInputs(Number(new URL(ctx.app.baseUrl).port), ctx.app.apiKey);
      const same = ctx.app.pidOf('api') === api;
      return [...checks, { name: 'API did not restart', ok: same, detail: `pid ${api}` }];
    },
  },
  {
    name: '300 slow-header clients',
    run: async (ctx) => {
      const sockets = slowHeaderClients(Number(new URL(ctx.app.baseUrl).port), 300);
      await ctx.loadFor(ctx.quick ? 1_000 : 5_000);
      const during = await healthMs(ctx.app.baseUrl);
      for (const s of sockets) s.destroy();
      return [{ name: '/health during', ok: during <= 100, detail: `${during} ms` }];
    },
  },
];

/** Clients that send a request head one byte a second (slowloris). */
function slowHeaderClients(port: number, n: number): net.Socket[] {
  return Array.from({ length: n }, (_, i) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(`GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow-${i}: `);
      const timer = setInterval(
        () => (socket.writable ? socket.write('a') : clearInterval(timer)),
        1_000,
      );
      socket.on('close', () => clearInterval(timer));
    });
    return socket;
  });
}
