import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../../test/free-port';

export { freePort };

// Runs the built app (`npm run build` precedes jest in `npm test`) as a real process.
export const MAIN = path.resolve(__dirname, '../../../dist/apps/api/src/main.js');

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export const CLI = path.resolve(__dirname, '../../../dist/apps/api/src/cli.js');

export function start(env: Record<string, string>, script = MAIN, args: string[] = []): Running {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

export async function waitReady(port: number, run: Running, timeoutMs = 90_000): Promise<void> {
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

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs the CLI to completion. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const run = start(env, CLI, args);
  const code = await run.exited;
  return { code, output: run.output() };
}

export const API_KEY = /je_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/;
