import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { REBUILD_CHECK } from './rebuild-check';
import { ChaosResult } from './suite';

const BEGIN = '<!-- chaos:latest:begin -->';
const END = '<!-- chaos:latest:end -->';

/** One row per step: its time, and each check as ok or FAIL with its figure. */
export function chaosTable(r: ChaosResult): string {
  const rows = r.steps.map((s) => {
    const failed = s.checks.filter((c) => !c.ok);
    const verdict = failed.length
      ? // A diff's sample rows may hold a "|", which would split the table's cell.
        `FAIL: ${failed.map((c) => `${c.name} (${c.detail.replace(/\|/g, '\\|')})`).join('; ')}`
      : 'ok';
    const figures = s.checks
      .filter(
        (c) =>
          c.ok && ['stored once', 'RSS bounded', '/health fast', REBUILD_CHECK].includes(c.name),
      )
      .map((c) => c.detail)
      .join('; ');
    return `| ${s.step} | ${(s.ms / 1000).toFixed(1)} s | ${verdict} | ${figures} |`;
  });
  const statuses = Object.entries(r.byStatus)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return [
    '| step | time | verdict | figures after the step |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `${r.accepted} touchpoints accepted; answers ${statuses}. Read models compared with a rebuild ` +
      `(POST /v1/projections/journeys/rebuild, swapped in live) after ${r.rebuiltAfter}.`,
  ].join('\n');
}

/** Rewrites the generated chaos section of BENCHMARKS.md (added at the end the first time). */
export function writeChaosSection(file: string, r: ChaosResult, at: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const section = [
    BEGIN,
    `### Chaos suite (${r.quick ? 'quick' : 'full'} run, ${at})`,
    '',
    chaosTable(r),
    END,
  ].join('\n');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
