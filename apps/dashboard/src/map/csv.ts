// CSV as RFC 4180 reads it (pure): a field with a comma, quote or line break is quoted, its quotes
// doubled; lines end with CRLF. Text that a spreadsheet would run as a formula (it starts with
// =, +, -, @, a tab or a carriage return: step names come from other services) gets a leading
// apostrophe, as OWASP advises for CSV injection; numbers are written as they are.
import type { Variant } from '../api/types';

export type Cell = string | number | null | undefined;

export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export const VARIANT_COLUMNS = [
  'rank',
  'variant',
  'steps',
  'count',
  'share',
  'completed',
  'failed',
  'abandoned',
  'completionRate',
  'medianDurationMs',
  'p90DurationMs',
];

/** The variants as a table, ranked as given; steps joined by " > ". */
export function variantsCsv(variants: readonly Variant[]): string {
  return toCsv([
    VARIANT_COLUMNS,
    ...variants.map((v, i) => [
      i + 1,
      v.variant,
      v.steps.join(' > '),
      v.count,
      v.share,
      v.completed,
      v.failed,
      v.abandoned,
      v.completionRate,
      v.medianDurationMs,
      v.p90DurationMs,
    ]),
  ]);
}
