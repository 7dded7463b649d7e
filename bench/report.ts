import type { benchExport } from './export.bench';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { benchCheckpoint } from './checkpoint.bench';
import type { benchProcessMap } from './process-map.bench';
import type { benchFailover } from './failover.bench';
import type { benchImport } from './import.bench';
import type { benchIngestion } from './ingestion.bench';
import type { benchLongIngestion, benchLongJourneys } from './long-journeys.bench';
import type { benchProjection } from './projection.bench';
import { scaleOutTable } from './report-scale';
import type { benchScaleOut } from './scale-out.bench';
import type { benchStore } from './store.bench';

const BEGIN = '<!-- bench:latest:begin -->';
const END = '<!-- bench:latest:end -->';

export interface Figures {
  startedAt: string;
  quick: boolean;
  machine: { cpus: number; cpuModel?: string; memGiB: number; node: string };
  store?: Awaited<ReturnType<typeof benchStore>>;
  export?: Awaited<ReturnType<typeof benchExport>>;
  ingestion?: Awaited<ReturnType<typeof benchIngestion>>;
  projection?: Awaited<ReturnType<typeof benchProjection>>;
  longIngestion?: Awaited<ReturnType<typeof benchLongIngestion>>;
  longJourneys?: Awaited<ReturnType<typeof benchLongJourneys>>;
  failover?: Awaited<ReturnType<typeof benchFailover>>;
  checkpoint?: Awaited<ReturnType<typeof benchCheckpoint>>;
  processMap?: Awaited<ReturnType<typeof benchProcessMap>>;
  scaleOut?: Awaited<ReturnType<typeof benchScaleOut>>;
  import?: Awaited<ReturnType<typeof benchImport>>;
}

/** Rewrites the generated "latest run" section of BENCHMARKS.md, leaving hand-written text alone. */
export function writeBenchmarks(file: string, f: Figures): void {
  const rows: string[][] = [];
  const s = f.store;
  if (s) {
    const single = s.appendSingle;
    rows.push(
      [
        'store: plain multi-row INSERT, 100 rows/statement, bare table (ceiling)',
        `${s.ceilingInsertNoIndex.rowsPerSec} rows/s`,
        '',
      ],
      [
        'store: batched appends, 100/append, 1,000 streams, 1 writer',
        `${s.appendBatch100_1writer.eventsPerSec} events/s`,
        `${pct(s.appendBatch100_1writer.ratioToCeiling)} of ceiling`,
      ],
      [
        'store: batched appends, 100/append, 1,000 streams, 8 writers',
        `${s.appendBatch100_8writers.eventsPerSec} events/s`,
        `${pct(s.appendBatch100_8writers.ratioToCeiling)} of ceiling`,
      ],
      [
        'store: 16 concurrent single-event appenders',
        `${single.eventsPerSec} events/s`,
        `p50 ${single.latencyMs.p50} ms, p99 ${single.latencyMs.p99} ms`,
      ],
      [
        `store: catch-up read through subscribeToAll (${s.catchUpSubscribeToAll.events.toLocaleString('en')} events)`,
        `${s.catchUpSubscribeToAll.eventsPerSec} events/s`,
        '',
      ],
    );
  }
  const i = f.ingestion;
  if (i) {
    rows.push(
      [
        'HTTP ingestion: batches of 500, 8 connections',
        `${i.batch500_8connections.touchpointsPerSec} touchpoints/s`,
        `p99 ${i.batch500_8connections.latencyMs.p99} ms per request, ${i.batch500_8connections.non2xx} non-2xx`,
      ],
      [
        'HTTP ingestion: single touchpoints at a steady 500 req/s (open loop)',
        `${i.single_500rps.achievedPerSec} req/s`,
        `p50 ${i.single_500rps.latencyMs.p50} ms, p99 ${i.single_500rps.latencyMs.p99} ms, ${i.single_500rps.failed} failed`,
      ],
      [
        'HTTP ingestion: native batches of 100, 8 connections',
        `${i.native100_8connections.touchpointsPerSec} touchpoints/s`,
        `p99 ${i.native100_8connections.latencyMs.p99} ms per request, ${i.native100_8connections.non2xx} non-2xx`,
      ],
      [
        'HTTP ingestion: Segment batches of 100 (mapped), 8 connections',
        `${i.segment100_8connections.touchpointsPerSec} touchpoints/s`,
        `${i.segment100_8connections.vsNative100} of native batches of 100, ${i.segment100_8connections.vsNative500} of 500 (target >= 0.8); p99 ${i.segment100_8connections.latencyMs.p99} ms, ${i.segment100_8connections.non2xx} non-2xx`,
      ],
    );
  }
  const p = f.projection;
  if (p) {
    rows.push(
      [
        `projection: rebuild of ${p.rebuild.events.toLocaleString('en')} events, friction detection off (best of ${p.rebuildRunsEventsPerSec.off.length})`,
        `${p.rebuildFrictionsOff.eventsPerSec} events/s`,
        `${p.rebuildFrictionsOff.seconds} s; every run: ${p.rebuildRunsEventsPerSec.off.join(', ')} events/s`,
      ],
      [
        `projection: rebuild, friction detection on (as deployed; best of ${p.rebuildRunsEventsPerSec.on.length})`,
        `${p.rebuild.eventsPerSec} events/s`,
        `${p.rebuild.seconds} s; ${pct(p.frictionsOnToOff)} of the rate with it off; every run: ${p.rebuildRunsEventsPerSec.on.join(', ')} events/s`,
      ],
      [
        'projection: GET customer journeys (a `read` key)',
        `p99 ${p.getCustomerJourneysMs.p99} ms`,
        `p50 ${p.getCustomerJourneysMs.p50} ms, 500 requests (the API's first 20, apart: max ${p.getCustomerJourneysWarmUpMaxMs} ms)`,
      ],
      [
        'projection: GET customer journeys with the `audit` scope (comments shown, each read access-logged first)',
        `p99 ${p.getCustomerJourneysAuditedMs.p99} ms`,
        `p50 ${p.getCustomerJourneysAuditedMs.p50} ms, 300 requests`,
      ],
      [
        'projection: GET journey map over 90 days',
        `p99 ${p.getJourneyMap90DaysMs.p99} ms`,
        `p50 ${p.getJourneyMap90DaysMs.p50} ms, 300 requests (the first 20, apart: max ${p.getJourneyMap90DaysWarmUpMaxMs} ms)`,
      ],
      [
        'projection: GET journey variants over 90 days (first page of 20)',
        `p99 ${p.getJourneyVariants90DaysMs.p99} ms`,
        `p50 ${p.getJourneyVariants90DaysMs.p50} ms, 300 requests (the first 20, apart: max ${p.getJourneyVariants90DaysWarmUpMaxMs} ms)`,
      ],
      [
        'projection: append to visible at 1,000 touchpoints/s',
        `p99 ${p.appendToVisibleMs.p99} ms`,
        `p50 ${p.appendToVisibleMs.p50} ms (first 2 s after the projector's start, apart: max ${p.appendToVisibleWarmUpMaxMs} ms)`,
      ],
      [
        'projection: append to visible at 1,000 touchpoints/s, after a 5-day watermark jump',
        `p99 ${p.appendToVisibleAfterWatermarkJumpMs.p99} ms`,
        `p50 ${p.appendToVisibleAfterWatermarkJumpMs.p50} ms (each batch also abandons a share of the instances the jump made overdue)`,
      ],
      [
        'projection: append to visible at 1,000 touchpoints/s while the projector rebuilds the journeys',
        `p99 ${p.appendToVisibleDuringRebuildMs.p99} ms`,
        `p50 ${p.appendToVisibleDuringRebuildMs.p50} ms, max ${p.appendToVisibleDuringRebuildMs.max} ms (over the rebuild's first ${p.duringRebuildWindowSeconds} s; the rebuild, friction detection on, took ${p.rebuildBesideLiveSeconds ?? '?'} s)`,
      ],
      [
        'frictions: append to SSE event (20 failures/s)',
        `p99 ${p.appendToStreamMs.p99} ms`,
        `p50 ${p.appendToStreamMs.p50} ms`,
      ],
    );
  }
  if (f.longIngestion) {
    const li = f.longIngestion;
    rows.push([
      `long journeys: HTTP ingestion of ${li.touchpoints.toLocaleString('en')} touchpoints with no projector running (the ceiling of the live figure)`,
      `${li.touchpointsPerSec} touchpoints/s`,
      `${li.seconds} s; 4 senders, batches of 1,000`,
    ]);
  }
  const l = f.longJourneys;
  if (l) {
    const w = l.workload;
    const v = l.appendToVisible;
    rows.push(
      [
        `long journeys: HTTP ingestion of ${w.touchpoints.toLocaleString('en')} touchpoints (${w.customers.toLocaleString('en')} customers, ${w.loanSteps.min}-${w.loanSteps.max} steps, ${w.lateTouchpoints} late), 4 senders, batches of 1,000, projector beside`,
        `${l.ingestion.touchpointsPerSec} touchpoints/s`,
        `${l.ingestion.seconds} s; the projection ${l.live.lagEventsAtLastPost.toLocaleString('en')} events behind at the last post`,
      ],
      [
        'long journeys: live projection, first post until caught up',
        l.live.eventsPerSec === null ? l.live.note! : `${l.live.eventsPerSec} events/s`,
        l.live.eventsPerSec === null
          ? `${l.live.lagEventsAtTimeout.toLocaleString('en')} events behind then`
          : `caught up ${l.live.caughtUpSecondsAfterLastPost} s after the last post; journey maps match the generated steps`,
      ],
      [
        'long journeys: append to visible at 2,000 touchpoints/s',
        v ? `p99 ${v.steadyMs.p99} ms` : 'not measured (no convergence)',
        v
          ? `p50 ${v.steadyMs.p50} ms, max ${v.steadyMs.max} ms (first 2 s apart: max ${v.warmUpMaxMs} ms); ${v.achievedTouchpointsPerSec} touchpoints/s sent (POST p99 ${v.postMs.p99} ms), ${v.unseenBatches} batches never seen`
          : '',
      ],
      [
        `long journeys: rebuild of ${l.rebuild.events.toLocaleString('en')} events, friction detection on`,
        `${l.rebuild.eventsPerSec} events/s`,
        `${l.rebuild.seconds} s; map ${l.rebuild.mapMatches ? 'matches' : 'DIFFERS from'} the generated steps`,
      ],
    );
  }
  const ck = f.checkpoint;
  if (ck) {
    const [fresh, next] = ck.runs;
    rows.push([
      `signed chain checkpoint of ${ck.streams.toLocaleString('en')} streams (${ck.events.toLocaleString('en')} events)`,
      `${next.seconds} s`,
      `the first right after the load ${fresh.seconds} s; longest event-loop wait ${Math.max(fresh.eventLoopMaxMs, next.eventLoopMaxMs)} ms; ${Math.round(ck.storedBytes / 1024).toLocaleString('en')} KB kept in the database`,
    ]);
  }
  const pm = f.processMap;
  if (pm) {
    rows.push([
      `process map drawn whole in Chromium: ${pm.steps} steps (and Start, End), ${pm.transitions} transitions (layout, DOM and fit, timed in the page)`,
      `p50 ${pm.p50} ms`,
      `p90 ${pm.p90} ms, max ${pm.max} ms over ${pm.renders} page loads (target <= 500 ms)`,
    ]);
  } else if (f.processMap === null) {
    rows.push(['process map render', 'skipped', 'no Chromium on this machine']);
  }
  const fo = f.failover;
  if (fo) {
    const held = fo.partitionsHeldAtKill.join(' + ');
    rows.push([
      `failover: ${fo.processes} projector processes, ${fo.partitions} partitions (${held} at the kill), one killed (-9) under ${fo.touchpointsPerSec.toLocaleString('en')} touchpoints/s`,
      fo.failoverSeconds === null ? 'no takeover' : `${fo.failoverSeconds} s`,
      `from the kill until the last of its ${fo.partitionsTakenOver + fo.partitionsNotTakenOver} partitions had its checkpoint moved again (median ${fo.failoverMedianSeconds ?? '?'} s; lease 5 s${fo.partitionsNotTakenOver ? `; ${fo.partitionsNotTakenOver} never moved` : ''}); ${fo.lagEventsAtKill} events behind at the kill, at most ${fo.maxLagEventsBeforeTakeover} before the takeover; caught up ${fo.caughtUpSecondsAfterLastPost ?? '?'} s after the last post; map ${fo.mapMatches ? 'matches' : 'DIFFERS from'} the generated steps`,
    ]);
  }
  const section = [
    BEGIN,
    `Generated by \`npm run bench\` on ${f.startedAt.slice(0, 10)} (${f.machine.cpus} cores, ${f.machine.cpuModel}, node ${f.machine.node}, embedded PostgreSQL).`,
    '',
    '| figure | value | note |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(f.scaleOut ? [...scaleOutTable(f.scaleOut, f.machine.cpus), ''] : []),
    '```json',
    JSON.stringify(f),
    '```',
    END,
  ].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const next = current.includes(BEGIN)
    ? current.slice(0, current.indexOf(BEGIN)) +
      section +
      current.slice(current.indexOf(END) + END.length)
    : `${current.trimEnd()}\n\n## Latest run\n\n${section}\n`;
  writeFileSync(file, next);
}

const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;
