// Formatting shared by the pages (pure).

const nf = new Intl.NumberFormat('en');

export const num = (n: number): string => nf.format(n);

export function pct(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;
}

/** A duration the way people say it: 850 ms, 42 s, 7 min, 3.5 h, 2.1 d. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${Math.round(ms / 1000)} s`;
  if (abs < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (abs < 86_400_000) return `${trim(ms / 3_600_000)} h`;
  return `${trim(ms / 86_400_000)} d`;
}

const trim = (x: number) => (x >= 10 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, ''));

/** 'YYYY-MM-DD' of a time, in UTC (the API's days are UTC days). */
export const day = (t: number | Date): string => new Date(t).toISOString().slice(0, 10);

export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Snake or kebab case as words: repeat_attempt -> "repeat attempt". */
export const words = (s: string): string => s.replace(/[_-]+/g, ' ');

export const FRICTION_LABELS: Record<string, string> = {
  repeat_attempt: 'Repeat attempts',
  failure: 'Failure',
  channel_hop: 'Channel hop',
  repeat_contact: 'Repeat contact',
  slow_step: 'Slow step',
  backtrack: 'Backtrack',
  abandonment: 'Abandonment',
  negative_feedback: 'Negative feedback',
};

export const frictionLabel = (type: string): string => FRICTION_LABELS[type] ?? words(type);
