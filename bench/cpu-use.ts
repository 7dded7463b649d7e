import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { Client } from 'pg';

/** Linux's clock ticks per second for /proc times (USER_HZ: 100 on every common kernel). */
const TICKS = 100;

interface ProcStat {
  readonly ppid: number;
  /** utime + stime, and cutime + cstime (children reaped), in ticks. */
  readonly own: number;
  readonly reaped: number;
}

async function procStat(pid: string | number): Promise<ProcStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // Fields after the command name, which may hold spaces: state is field 3, ppid 4, utime 14.
  const f = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return { ppid: f[1], own: f[11] + f[12], reaped: f[13] + f[14] };
}

/**
 * CPU seconds used by a PostgreSQL server so far: its postmaster (a backend's parent) with the
 * children it reaped, and its live children. A figure per event that the host's other load does
 * not change, where a rate does. Null where /proc is not there.
 */
export async function postgresCpuSeconds(url: string): Promise<() => Promise<number | null>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  // Read while the backend lives: its /proc entry goes with the connection.
  const postmaster = await client
    .query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    .then(({ rows }) => procStat(rows[0].pid))
    .then((s) => s?.ppid)
    .finally(() => client.end());
  return async () => {
    if (postmaster === undefined) return null;
    const root = await procStat(postmaster);
    if (!root) return null;
    let ticks = root.own + root.reaped;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const s = await procStat(pid);
      if (s?.ppid === postmaster) ticks += s.own;
    }
    return ticks / TICKS;
  };
}

/** CPU seconds (user and system) a process has used so far; null once it is gone or off Linux. */
export async function processCpuSeconds(pid: number): Promise<number | null> {
  const s = await procStat(pid);
  return s === null ? null : s.own / TICKS;
}

/** This process's CPU seconds (user and system) since `from` (process.cpuUsage()). */
export function ownCpuSeconds(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

/** after - before, or null when either could not be read. */
export function cpuUsed(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}

/**
 * CPU per event of each process (`<name>MicrosPerEvent`, from the seconds it used over `events`),
 * and the rate the host's cores could give at best with that much work per event (every core
 * busy, nothing waiting): what bounds a figure, whatever else runs beside. Null where a process
 * could not be read.
 */
export function cpuPerEvent(
  events: number,
  used: Record<string, number | null>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  let total: number | null = 0;
  for (const [name, seconds] of Object.entries(used)) {
    out[`${name}MicrosPerEvent`] = seconds === null ? null : Math.round((seconds * 1e6) / events);
    total = seconds === null || total === null ? null : total + seconds;
  }
  out.eventsPerSecondAtFullUseOfAllCores =
    total === null ? null : Math.round((os.cpus().length * events) / total);
  return out;
}
