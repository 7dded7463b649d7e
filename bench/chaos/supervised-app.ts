import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../app-process';

/** One line of the supervisor's JSON log. */
export interface SupervisorLine {
  readonly msg: string;
  readonly child?: string;
  readonly pid?: number;
  readonly [key: string]: unknown;
}

export interface SupervisedApp {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** The supervisor's exit code, once it has ended. */
  readonly exited: Promise<number | null>;
  readonly lines: SupervisorLine[];
  /** Everything the app printed (its children's logs too). */
  output(): string;
  /** The pid of a child's latest start. */
  pidOf(child: 'postgres' | 'api' | 'projector'): number;
  /** The embedded database's URL (its password is in the data folder). */
  readonly databaseUrl: string;
  /** The PostgreSQL server's own pid (from its postmaster.pid). */
  postmasterPid(): number;
  /** Waits for a log line after the first `from` lines. */
  waitForLine(
    match: (l: SupervisorLine) => boolean,
    from?: number,
    timeoutMs?: number,
  ): Promise<SupervisorLine>;
  /** Sends the signal to the supervisor; resolves with its exit code once it has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

// From dist/bench/chaos when built, from bench/chaos under ts-jest: the built supervisor either way.
const above = path.resolve(__dirname, '..', '..');
export const dist = path.basename(above) === 'dist' ? above : path.join(above, 'dist');
const supervisorMain = path.join(dist, 'apps', 'supervisor', 'src', 'main.js');

/**
 * The built supervisor (`npm start` without the demo) on a fresh embedded database in a temporary
 * folder and free ports, 127.0.0.1 only. Resolves once /ready answers 200 and the projector runs.
 */
export async function startSupervisedApp(
  env: Record<string, string> = {},
  options: { waitReady?: boolean } = {},
): Promise<SupervisedApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-supervised-'));
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_PG_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [supervisorMain], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  const lines: SupervisorLine[] = [];
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    output += d;
    pending += d;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const text of parts) {
      if (!text.startsWith('{') || !text.includes('"context":"Supervisor"')) continue;
      lines.push(JSON.parse(text) as SupervisorLine);
    }
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const baseUrl = `http://127.0.0.1:${port}`;

  const waitForLine: SupervisedApp['waitForLine'] = (match, from = 0, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(from).find(match);
        if (!hit) return;
        cleanup();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`no matching supervisor line in ${timeoutMs} ms:\n${output.slice(-4000)}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const pidOf = (name: string) => {
    const started = lines.filter((l) => l.msg === 'child started' && l.child === name);
    if (!started.length) throw new Error(`${name} never started`);
    return started[started.length - 1].pid!;
  };
  const keyFile = path.join(dataDir, 'first-api-key');
  if (options.waitReady !== false) {
    await waitForLine((l) => l.msg === 'child started' && l.child === 'projector');
    for (let waited = 0; !existsSync(keyFile) || !(await isReady(baseUrl)); waited += 100) {
      if (child.exitCode !== null) throw new Error(`supervisor exited:\n${output}`);
      if (waited > 60_000) throw new Error(`app not ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    baseUrl,
    apiKey: existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '',
    // Read when asked: the PostgreSQL child writes the file on its first start.
    get databaseUrl() {
      const password = readFileSync(path.join(dataDir, 'credentials'), 'utf8').trim();
      return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${childEnv.EMBEDDED_PG_PORT}/journey`;
    },
    dataDir,
    process: child,
    exited,
    lines,
    output: () => output,
    pidOf,
    postmasterPid: () =>
      Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]),
    waitForLine,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function isReady(baseUrl: string): Promise<boolean> {
  return fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
