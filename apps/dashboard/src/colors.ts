// Colour scales (pure): a sequential scale for "how bad", and categorical colours.

/** Stops of a colour-blind-safe sequential ramp, light yellow to dark red. */
const RAMP = ['#fee8a8', '#fdb863', '#f4874b', '#d9534f', '#a8233a', '#6b0f2b'];

function mix(a: string, b: string, t: number): string {
  const pa = parseInt(a.slice(1), 16);
  const pb = parseInt(b.slice(1), 16);
  const c = [16, 8, 0].map((sh) => {
    const x = (pa >> sh) & 255;
    const y = (pb >> sh) & 255;
    return Math.round(x + (y - x) * t);
  });
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** t in [0, 1] (clamped) to the ramp. */
export function heat(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  return mix(RAMP[i], RAMP[i + 1], x - i);
}

/** A value on a log scale between lo and hi, as t in [0, 1] (durations span orders of magnitude). */
export function logScale(value: number, lo: number, hi: number): number {
  if (!(value > 0) || !(hi > lo) || lo <= 0) return 0;
  return (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
}

export const NEUTRAL = '#b8c2cc';

const CATEGORICAL = [
  '#4e79a7',
  '#59a14f',
  '#b07aa1',
  '#f28e2b',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#e15759',
  '#bab0ac',
  '#ff9da7',
];

/** A stable colour per name among a known list (stages, channels). */
export function category(name: string, all: readonly string[]): string {
  const i = all.indexOf(name);
  return CATEGORICAL[(i === -1 ? all.length : i) % CATEGORICAL.length];
}

export const CHANNEL_ORDER = [
  'web',
  'mobile_app',
  'email',
  'sms',
  'social',
  'kiosk',
  'phone',
  'chat',
  'store',
  'mail',
  'partner',
  'back_office',
  'other',
];

export const channelColor = (channel: string): string => category(channel, CHANNEL_ORDER);

/** t in [0, 1] (clamped) to a light-to-dark blue: how often, where red would mean "bad". */
export function blues(t: number): string {
  return mix('#e8f0f9', '#1f4e8c', Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)));
}
