import path from 'node:path';
import { isDatabaseMessage } from './database-message';
import { jsonLog, SupervisorLog } from './log';
import { supervisorSettings } from './settings';
import { SupervisedChild } from './supervised-child';

export interface SupervisorOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: SupervisorLog;
  /** Called once, when the API first answers /ready (the demo seeding of `npm start`). */
  onReady?(apiUrl: string): Promise<void> | void;
}

export interface Supervisor {
  /** Resolves when the whole app has stopped, with the exit code it should end with. */
  readonly stopped: Promise<number>;
  stop(code?: number): Promise<number>;
  /** SIGKILLs every child at once (a second Ctrl-C); a stop under way then ends quickly. */
  kill(): void;
}

const appsDir = path.resolve(__dirname, '..', '..');

/**
 * `npm start`: PostgreSQL (embedded, unless DATABASE_URL is set), the API and the projector as
 * peers. A child that dies is restarted with backoff while the others run on; a crash loop stops
 * the app; a stop goes projector, API, PostgreSQL, each SIGTERMed then SIGKILLed at a deadline.
 */
export function runSupervisor(options: SupervisorOptions = {}): Supervisor {
  const env = options.env ?? process.env;
  const log = options.log ?? jsonLog;
  const settings = supervisorSettings(env);
  let databaseUrl = env.DATABASE_URL;
  let dbUp = !!databaseUrl;
  let dbWaiters: (() => void)[] = [];
  const whenDbUp = () => (dbUp ? Promise.resolve() : new Promise<void>((r) => dbWaiters.push(r)));
  let stopping: Promise<number> | null = null;
  let killed = false;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((r) => (resolveStopped = r));

  const hooks = {
    crashCounts: () => dbUp,
    beforeRestart: whenDbUp,
    onCrashLoop: (name: string, crashes: number) => {
      const within = `${settings.restart.crashLoopWindowMs / 1000} s`;
      log(
        'error',
        `${name} is crash-looping (${crashes} crashes within ${within}): stopping the app`,
        {
          child: name,
          crashes,
          windowMs: settings.restart.crashLoopWindowMs,
        },
      );
      void stop(1);
    },
  };
  const appEnv = () => ({ ...env, DATABASE_URL: databaseUrl });
  const child = (name: string, script: string) =>
    new SupervisedChild(
      { name, script: path.join(appsDir, script), env: appEnv },
      settings,
      hooks,
      log,
    );
  const postgres = databaseUrl
    ? null
    : new SupervisedChild(
        {
          name: 'postgres',
          script: path.join(appsDir, 'supervisor/src/postgres.main.js'),
          env: () => env,
          onMessage: (m) => {
            if (!isDatabaseMessage(m)) return;
            databaseUrl = m.url;
            dbUp = true;
            for (const w of dbWaiters) w();
            dbWaiters = [];
          },
          onExit: () => (dbUp = false),
        },
        settings,
        { ...hooks, crashCounts: () => true, beforeRestart: async () => undefined },
        log,
      );
  const api = child('api', 'api/src/main.js');
  const projector = child('projector', 'projector/src/main.js');

  function stop(code = 0): Promise<number> {
    if (stopping) return stopping;
    log('log', 'stopping', { code });
    stopping = (async () => {
      for (const c of [projector, api, postgres]) await c?.stop();
      // A stop cut short by a second signal ends as an interrupted program does.
      const final = killed ? 130 : code;
      log('log', 'stopped', { code: final });
      resolveStopped(final);
      return final;
    })();
    return stopping;
  }

  async function start(): Promise<void> {
    postgres?.start();
    await whenDbUp();
    if (stopping) return;
    api.start();
    while (!stopping && !(await answersReady(settings.apiUrl))) await sleep(250);
    if (stopping) return;
    projector.start();
    await options.onReady?.(settings.apiUrl);
  }

  void start().catch((err: unknown) => {
    log('error', 'start failed', { err: String(err) });
    void stop(1);
  });
  // However the supervisor ends (a bug of its own included), its children do not outlive it.
  process.once('exit', () => {
    for (const c of [projector, api, postgres]) if (c?.running()) c.kill();
  });
  const kill = () => {
    killed = true;
    log('warn', 'killing every child at once');
    for (const c of [projector, api, postgres]) c?.kill();
    void stop(0);
  };
  return { stopped, stop, kill };
}

/** The first Ctrl-C (or SIGTERM) stops in order; the second kills every child at once. */
export function stopOnSignals(supervisor: Supervisor): void {
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals === 1) void supervisor.stop(0);
    else supervisor.kill();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function answersReady(apiUrl: string): Promise<boolean> {
  return fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
