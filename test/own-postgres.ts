import { spawn } from 'node:child_process';
import path from 'node:path';

export interface OwnPostgres {
  readonly url: string;
  /** Stops the server (a fast shutdown: sessions end) and waits for its process to exit. */
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'embedded-postgres-process.js');

/**
 * A small PostgreSQL of one test's own, on `port` over `dataDir` (kept across a stop, so the same
 * call starts it again with its data), in a child process. Needs the build (`npm run build`).
 */
export function startOwnPostgres(dataDir: string, port: number): Promise<OwnPostgres> {
  const options = {
    dataDir,
    port,
    database: 'own',
    settings: { shared_buffers: '16MB', max_connections: '40' },
  };
  const child = spawn(process.execPath, [SCRIPT, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const line = /^\{"url".*\}$/m.exec(out);
      if (!line) return;
      const { url } = JSON.parse(line[0]) as { url: string };
      resolve({
        url,
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`embedded PostgreSQL did not start:\n${out}`)));
  });
}
