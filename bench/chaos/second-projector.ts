import { spawn } from 'node:child_process';
import path from 'node:path';
import { dist } from './supervised-app';

/** A projector beside the supervised one (as a second host would run), on the same database. */
export async function startSecondProjector(
  databaseUrl: string,
): Promise<{ stop(): Promise<void> }> {
  const main = path.join(dist, 'apps', 'projector', 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'log', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  for (let waited = 0; !output.includes('projections running'); waited += 100) {
    if (child.exitCode !== null) throw new Error(`second projector exited:\n${output}`);
    if (waited > 60_000) throw new Error(`second projector not running:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
