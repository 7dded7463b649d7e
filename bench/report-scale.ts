import type { benchScaleOut } from './scale-out.bench';
import { FRESHNESS_P99_TARGET_RATIO } from './scale-out.bench';

type ScaleOut = Awaited<ReturnType<typeof benchScaleOut>>;

/** The scale-out part's table (issue 15), as Markdown lines for BENCHMARKS.md. */
export function scaleOutTable(s: ScaleOut, cpus: number): string[] {
  const en = (n: number) => n.toLocaleString('en');
  const rows = s.runs.map((r) => {
    const f = r.freshnessMs;
    const ratio =
      r.freshnessP99ToSingleProcess === null
        ? ''
        : `${r.freshnessP99ToSingleProcess}x (${r.freshnessTargetMet ? 'met' : '**not met**'})`;
    return [
      `${r.processes}`,
      `${r.partitions}${r.processes > 1 ? ` (${r.partitionsHeld.join(' + ')})` : ''}`,
      r.eventsPerSec === null ? (r.note ?? '') : en(r.eventsPerSec),
      r.drainEventsPerSec === null ? '' : en(r.drainEventsPerSec),
      `${en(r.lagEventsAtLastPost)}`,
      r.caughtUpSecondsAfterLastPost === null ? '' : `${r.caughtUpSecondsAfterLastPost} s`,
      f ? `${f.p50} / ${f.p99} ms (${en(f.achievedTouchpointsPerSec)}/s sent)` : 'not measured',
      r.processes === 1 && r.partitions === 1 ? 'baseline' : ratio,
      r.mapMatches === null ? '?' : r.mapMatches ? 'matches' : '**differs**',
    ];
  });
  return [
    `Scale-out (issue 15, \`--only=scale\`): the long-journeys live workload with ${en(s.customers)} customers (${en(s.touchpoints)} touchpoints, 4 senders, batches of 1,000; then append to visible at 2,000 touchpoints/s for ${s.steadySeconds} s), the projector processes, the API and PostgreSQL on the same ${cpus} cores.`,
    '',
    `| projector processes | partitions (held each) | live events/s, first post until caught up | backlog drained, events/s | behind at the last post | caught up after it | append to visible p50 / p99 | p99 against 1 process, 1 partition (target <= ${FRESHNESS_P99_TARGET_RATIO}x) | journey maps |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}
