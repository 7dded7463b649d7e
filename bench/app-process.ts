import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/free-port';

export { freePort };

export interface AppProcess {
  /** The API's process id (its CPU use is read from /proc). */
  readonly pid: number;
  readonly baseUrl: string;
  readonly apiKey: string;
  stop(): Promise<void>;
}

/**
 * The built API as its own process (as in production), on a fresh database; returns its first
 * key, which it writes to its data directory (a temporary one here).
 */
export async function startAppProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-bench-app-'));
  const keyFile = path.join(dataDir, 'first-api-key');
  const main = path.resolve(__dirname, '..', 'apps', 'api', 'src', 'main.js');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(), main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      EMBEDDED_PG_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  if (process.env.BENCH_APP_ECHO) child.stdout!.pipe(process.stderr);
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`app exited:\n${output}`);
    const ready = await fetch(`${baseUrl}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && existsSync(keyFile)) break;
    if (waited > 60_000) throw new Error(`app not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid!,
    apiKey: readFileSync(keyFile, 'utf8').trim(),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The built projector as its own process (as `npm run start:projector` runs it). */
export interface ProjectorProcess {
  readonly pid: number;
  /** kill -9 (a crash: nothing released). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `env` adds to (or overrides) the process's environment: PROJECTOR_PARTITIONS, for one. */
export async function startProjectorProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ProjectorProcess> {
  const main = path.resolve(__dirname, '..', 'apps', 'projector', 'src', 'main.js');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(), main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: process.env.BENCH_PROJECTOR_LOG_LEVEL ?? 'log',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let waited = 0; !output.includes('projections running'); waited += 100) {
    if (child.exitCode !== null) throw new Error(`projector exited:\n${output}`);
    if (waited > 60_000) throw new Error(`projector not running:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise((r) => child.once('exit', r));
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      // BENCH_PROJECTOR_LOG=<file> (with BENCH_PROJECTOR_LOG_LEVEL=debug: every batch) keeps its output.
      if (process.env.BENCH_PROJECTOR_LOG) writeFileSync(process.env.BENCH_PROJECTOR_LOG, output);
    },
  };
}

/** BENCH_APP_NODE_ARGS adds node flags to the app (for example `--cpu-prof`) when profiling. */
function nodeArgs(): string[] {
  const extra = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return ['--max-semi-space-size=64', ...extra];
}
