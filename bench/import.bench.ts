import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadEnvironment, StoreEnvironment } from '@journey/event-store';
import { runImportCli } from '../apps/api/src/import/import-cli';
import { openCliDatabase } from '../apps/api/src/cli-database';
import { importHandler } from '../apps/api/src/import/import-handler';
import { freshDatabase } from './databases';
import { cpuPerEvent, cpuUsed, ownCpuSeconds, postgresCpuSeconds } from './cpu-use';

const STEPS = [
  'Open',
  'Assign',
  'Triage',
  'Work',
  'Wait',
  'Escalate',
  'Resolve',
  'Reopen',
  'Close',
];

/** A small deterministic generator (mulberry32): the same log on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A process-mining log of `events` events, written as it is generated (never held whole), shaped
 * as real service cases are: 20 to 60 events a case, loops back (Work, Wait, Reopen repeated), one
 * event in eight at the same instant as the one before, agents and an attribute on every event.
 */
async function writeXes(file: string, events: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="utf-8" ?>\n<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n',
  );
  const next = random(19);
  const start = Date.parse('2020-01-01T00:00:00Z');
  for (let e = 0, trace = 0; e < events; trace++) {
    const length = 20 + Math.floor(next() * 41);
    let chunk = `<trace><string key="concept:name" value="case-${trace}"/>\n`;
    let at = start + trace * 60_000;
    let step = 0;
    for (let i = 0; i < length && e < events; i++, e++) {
      if (next() >= 0.125) at += 1000 + Math.floor(next() * 600_000);
      chunk +=
        `<event><string key="concept:name" value="${STEPS[step]}"/>` +
        `<date key="time:timestamp" value="${new Date(at).toISOString()}"/>` +
        `<string key="org:resource" value="agent-${Math.floor(next() * 50)}"/>` +
        `<int key="priority" value="${e % 3}"/></event>\n`;
      // Forward mostly; back to Work from Wait, Escalate or Reopen one time in three.
      step = step >= 4 && next() < 0.33 ? 3 : (step + 1) % STEPS.length;
    }
    await write(`${chunk}</trace>\n`);
  }
  await write('</log>\n');
  out.end();
  await once(out, 'finish');
}

/**
 * `npm run bench -- --only=import`: a generated XES of `events` events imported by the CLI's own
 * code (in this process, so its peak RSS is ours) into a fresh database: events/s stored, and
 * memory sampled through the run (flat: it does not grow with the file).
 */
export async function benchImport(
  adminUrl: string,
  o: { events: number; log: (msg: string) => void },
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'journey-import-bench-'));
  const file = path.join(dir, 'generated.xes');
  try {
    o.log(`import: generating ${o.events} events to ${file}`);
    await writeXes(file, o.events);
    const url = await freshDatabase(adminUrl, 'bench_import');
    process.env.DATA_KEK ??= randomBytes(32).toString('base64');
    const rss: number[] = [];
    const heap: number[] = [];
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rss.push(m.rss);
      heap.push(m.heapUsed);
    }, 1000);
    let summary = '';
    const postgresCpu = await postgresCpuSeconds(url);
    const postgresBefore = await postgresCpu();
    const cpuBefore = process.cpuUsage();
    const started = Date.now();
    const code = await runImportCli(
      ['import', file, '--journey', 'bench', '--rejects', path.join(dir, 'r')],
      {
        handler: async () => {
          const db = await openCliDatabase(
            loadEnvironment(StoreEnvironment, { DATABASE_URL: url }),
          );
          closers.push(db.close);
          return importHandler(db);
        },
        out: (line) => (summary = line),
        tty: null,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const nodeCpu = ownCpuSeconds(cpuBefore);
    const postgresAfter = await postgresCpu();
    clearInterval(sampler);
    for (const close of closers.splice(0)) await close();
    const mib = (b: number) => Math.round(b / 2 ** 20);
    const decile = (q: number, of = rss) =>
      mib(of[Math.min(of.length - 1, Math.floor(q * of.length))] ?? 0);
    const figures = {
      events: o.events,
      exitCode: code,
      seconds: Math.round(seconds * 10) / 10,
      eventsPerSecond: Math.round(o.events / seconds),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      rssMiBAt10_50_90pc: [decile(0.1), decile(0.5), decile(0.9)],
      // Live JS objects (between collections, so a sample is high or low by chance): what grows
      // when something is kept, where the RSS also follows V8 reserving room for a busy heap.
      heapUsedMiBAt10_50_90pc: [decile(0.1, heap), decile(0.5, heap), decile(0.9, heap)],
      summary,
      cpu: cpuPerEvent(o.events, {
        node: nodeCpu,
        postgres: cpuUsed(postgresBefore, postgresAfter),
      }),
    };
    o.log(`import: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const closers: (() => Promise<void>)[] = [];
