import { Channel, CHANNELS } from '@journey/events';

/**
 * Keys of the aggregate journey map's counters and duration lists (see map-contributions.ts).
 *
 * Counter key:  `${day}|${channel}|${metric}|${key}`
 * Duration key: `${day}|${channel}|${from}\u0001${to}`
 * day is the UTC day 'YYYY-MM-DD'; channel is a concrete channel or '*' (all channels). Steps may
 * contain '|' (a parser splits at the first separators only); stage names and statuses must not.
 */
export const ALL_CHANNELS = '*';
export type ChannelKey = Channel | typeof ALL_CHANNELS;

/** Pseudo-steps that open and close every instance's path on the map. */
export const START_STEP = '__start__';
export const END_STEP = '__end__';
/** Separates the two ends of an edge (and of a channel switch) in a key. */
export const EDGE_SEPARATOR = '\u0001';

export const METRICS = {
  node: 'node',
  nodeFailures: 'node_failures',
  nodeCustomers: 'node_customers',
  customers: 'customers',
  edge: 'edge',
  edgeInstances: 'edge_instances',
  edgeSimultaneous: 'edge_simultaneous',
  switch: 'switch',
  funnel: 'funnel',
  funnelDrop: 'funnel_drop',
} as const;
export const INSTANCES_METRIC_PREFIX = 'instances:';
export const STAGE_METRIC_PREFIX = 'stage:';
export const STEP_INSTANCES_METRIC_PREFIX = 'step_instances:';
export const VARIANT_METRIC_PREFIX = 'variant:';
/**
 * The `from` of a variant's duration key (`${day}|${channel}|\u0000variant\u0001${id}`): no step
 * can hold a NUL (ingestion refuses it), so no edge key has it; the writer sends these samples to
 * rm_variant_durations, not to the map's sketches.
 */
export const VARIANT_DURATION_FROM = '\u0000variant';

/** What one customer adds to the map: counters, and duration samples per edge. */
export interface Contributions {
  readonly counters: Map<string, number>;
  readonly durations: Map<string, number[]>;
  /** The step sequence of every variant id the counters name (for rm_journey_variants). */
  readonly variants: Map<string, readonly string[]>;
}

export function emptyContributions(): Contributions {
  return { counters: new Map(), durations: new Map(), variants: new Map() };
}

const DAY_MS = 86_400_000;
const dayNames = new Map<number, string>();

/** The UTC day 'YYYY-MM-DD' of an epoch-ms instant. */
export function utcDay(ms: number): string {
  // Memoised per day number: formatting a Date is the costliest step of a contribution.
  const day = Math.floor(ms / DAY_MS);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(day, name);
  }
  return name;
}

export function edgeKey(from: string, to: string): string {
  return `${from}${EDGE_SEPARATOR}${to}`;
}

export function counterKey(day: string, channel: ChannelKey, metric: string, key: string): string {
  return `${day}|${channel}|${metric}|${key}`;
}

export function durationKey(day: string, channel: ChannelKey, from: string, to: string): string {
  return durationKeyOfEdge(day, channel, edgeKey(from, to));
}

/** The duration key of a variant's samples (see VARIANT_DURATION_FROM). */
export function variantDurationKey(day: string, channel: ChannelKey, variant: string): string {
  return durationKeyOfEdge(day, channel, edgeKey(VARIANT_DURATION_FROM, variant));
}

export function durationKeyOfEdge(day: string, channel: ChannelKey, edge: string): string {
  return `${day}|${channel}|${edge}`;
}

export interface ParsedCounterKey {
  readonly day: string;
  readonly channel: ChannelKey;
  readonly metric: string;
  readonly key: string;
}

export interface ParsedDurationKey {
  readonly day: string;
  readonly channel: ChannelKey;
  readonly from: string;
  readonly to: string;
}

export function parseCounterKey(text: string): ParsedCounterKey | null {
  const parts = splitFirst(text, 3);
  if (!parts) return null;
  const [day, channel, metric, key] = parts;
  return isChannelKey(channel) ? { day, channel, metric, key } : null;
}

export function parseDurationKey(text: string): ParsedDurationKey | null {
  const parts = splitFirst(text, 2);
  if (!parts) return null;
  const [day, channel, edge] = parts;
  const at = edge.indexOf(EDGE_SEPARATOR);
  if (at < 0 || !isChannelKey(channel)) return null;
  return { day, channel, from: edge.slice(0, at), to: edge.slice(at + 1) };
}

function isChannelKey(text: string): text is ChannelKey {
  return text === ALL_CHANNELS || (CHANNELS as readonly string[]).includes(text);
}

/** Splits at the first `count` '|' separators: count + 1 parts, or null with fewer separators. */
function splitFirst(text: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('|');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}
