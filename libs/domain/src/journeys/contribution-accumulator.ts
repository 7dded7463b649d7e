import { Channel } from '@journey/events';
import {
  ALL_CHANNELS,
  ChannelKey,
  Contributions,
  counterKey,
  durationKeyOfEdge,
  edgeKey,
  utcDay,
  variantDurationKey,
} from './contribution-keys';
import { InstanceStep } from './types';

/**
 * Key strings of one sum, built once each: a sum over many customers (a rebuild) meets the same
 * keys millions of times, and concatenating and hashing a fresh string each time was the costliest
 * part of it.
 */
class KeyStrings {
  private readonly counters = new Map<string, Map<string, Map<string, Map<string, string>>>>();
  private readonly durations = new Map<string, Map<string, Map<string, string>>>();
  private readonly pairs = new Map<string, Map<string, string>>();
  private readonly edges = new Map<string, Map<string, string>>();

  counter(day: string, channel: ChannelKey, metric: string, key: string): string {
    const byChannel = getOrAdd(this.counters, day, () => new Map());
    const byMetric = getOrAdd(byChannel, channel, () => new Map());
    const byKey = getOrAdd(byMetric, metric, () => new Map());
    return getOrAdd(byKey, key, () => counterKey(day, channel, metric, key));
  }

  /** durationKey(day, channel, from, to), given the edge's key. */
  duration(day: string, channel: ChannelKey, edge: string): string {
    const byChannel = getOrAdd(this.durations, day, () => new Map());
    const byEdge = getOrAdd(byChannel, channel, () => new Map());
    return getOrAdd(byEdge, edge, () => durationKeyOfEdge(day, channel, edge));
  }

  edge(from: string, to: string): string {
    const byTo = getOrAdd(this.edges, from, () => new Map());
    return getOrAdd(byTo, to, () => edgeKey(from, to));
  }

  /** prefix + name, as one string object per pair. */
  join(prefix: string, name: string): string {
    const byName = getOrAdd(this.pairs, prefix, () => new Map());
    return getOrAdd(byName, name, () => `${prefix}${name}`);
  }
}

const keyStrings = new WeakMap<Contributions, KeyStrings>();

function getOrAddWeak(out: Contributions): KeyStrings {
  let keys = keyStrings.get(out);
  if (!keys) {
    keys = new KeyStrings();
    keyStrings.set(out, keys);
  }
  return keys;
}

function getOrAdd<V>(m: Map<string, V>, k: string, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
}

/** Sums counters and collects duration samples, for '*' and a concrete channel at once. */
export class Accumulator {
  readonly keys: KeyStrings;

  constructor(private readonly out: Contributions) {
    this.keys = getOrAddWeak(out);
  }

  count(day: string, channel: Channel, metric: string, key: string): void {
    this.add(this.keys.counter(day, ALL_CHANNELS, metric, key));
    this.add(this.keys.counter(day, channel, metric, key));
  }

  /** Once for '*' and once for each of the channels. */
  countEach(day: string, channels: readonly Channel[], metric: string, key: string): void {
    this.add(this.keys.counter(day, ALL_CHANNELS, metric, key));
    for (const channel of channels) this.add(this.keys.counter(day, channel, metric, key));
  }

  countOnce(day: string, channel: ChannelKey, metric: string, key: string): void {
    this.add(this.keys.counter(day, channel, metric, key));
  }

  private add(key: string): void {
    this.out.counters.set(key, (this.out.counters.get(key) ?? 0) + 1);
  }

  duration(day: string, channel: Channel, edge: string, ms: number): void {
    this.sample(this.keys.duration(day, ALL_CHANNELS, edge), ms);
    this.sample(this.keys.duration(day, channel, edge), ms);
  }

  /** A closed instance's variant: its duration on '*' and each channel, and its steps. */
  variant(
    day: string,
    channels: readonly Channel[],
    id: string,
    steps: readonly string[],
    ms: number,
  ) {
    this.sample(variantDurationKey(day, ALL_CHANNELS, id), ms);
    for (const channel of channels) this.sample(variantDurationKey(day, channel, id), ms);
    if (!this.out.variants.has(id)) this.out.variants.set(id, steps);
  }

  private sample(key: string, ms: number): void {
    const list = this.out.durations.get(key);
    if (list) list.push(ms);
    else this.out.durations.set(key, [ms]);
  }
}

/** The earliest touchpoint of something, overall ('*') and per channel; counted once on its day. */
export class FirstOccurrences {
  /** scope -> metric -> key -> channel -> entry (no id string built per step). */
  private readonly index = new Map<string, Map<string, Map<string, Map<string, Earliest>>>>();
  /** Entries in the order first seen. */
  private readonly entries: Earliest[] = [];

  see(scope: string, metric: string, key: string, step: InstanceStep): void {
    const byMetric = getOrAdd(this.index, scope, () => new Map());
    const byKey = getOrAdd(byMetric, metric, () => new Map());
    const byChannel = getOrAdd(byKey, key, () => new Map());
    this.seeOn(byChannel, ALL_CHANNELS, metric, key, step.occurredAt);
    this.seeOn(byChannel, step.channel, metric, key, step.occurredAt);
  }

  emit(acc: Accumulator): void {
    for (const { channel, metric, key, at } of this.entries) {
      acc.countOnce(utcDay(at), channel, metric, key);
    }
  }

  private seeOn(
    byChannel: Map<string, Earliest>,
    channel: ChannelKey,
    metric: string,
    key: string,
    at: number,
  ): void {
    const seen = byChannel.get(channel);
    if (!seen) {
      const entry = { channel, metric, key, at };
      byChannel.set(channel, entry);
      this.entries.push(entry);
    } else if (at < seen.at) seen.at = at;
  }
}

interface Earliest {
  readonly channel: ChannelKey;
  readonly metric: string;
  readonly key: string;
  at: number;
}
