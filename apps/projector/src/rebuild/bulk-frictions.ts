import { PoolClient } from 'pg';
import {
  ALL_CHANNELS,
  Contributions,
  CustomerFeedback,
  edgeKey,
  thresholdsOfDefinition,
  JourneyRules,
  parseDurationKey,
  QuantileSketch,
  segmentInstances,
} from '@journey/domain';
import { unpair } from '../journeys/journey-facts';
import { DailySketches } from '../frictions/daily-sketches';
import { frictionsOfPair } from '../frictions/pair-frictions';
import { BulkFold } from './bulk-fold';
import { Breather } from './breather';
import { CopyWriter, CopyWriterOptions } from './copy-writer';
import { OccurrenceLines } from '../codecs/occurrence-lines';
import { occurrenceCodec } from '../codecs/occurrence.codec';

/**
 * The rebuild's friction pass: every pair segmented again (cheap) and its frictions detected
 * against the complete map's daily sketches, as the live projection would have found them with
 * the events arriving in order. Nothing is announced: the feed is history, not a read model.
 */
export async function copyFrictions(
  tx: PoolClient,
  fold: BulkFold,
  journeys: ReadonlyMap<string, { rules: JourneyRules; sums: ReadonlyMap<number, Contributions> }>,
  copies: CopyWriterOptions = {},
): Promise<number> {
  const sketches = sketchesOf(journeys);
  const thresholds = new Map(
    [...journeys.keys()].map((j) => [j, thresholdsOfDefinition(fold.definitions.get(j)?.data)]),
  );
  const feedback = feedbackByCustomer(fold);
  const out = new CopyWriter(tx, occurrenceCodec.table, occurrenceCodec.names, copies);
  const lines = new OccurrenceLines();
  const breather = new Breather();
  for (const [key, facts] of fold.pairs()) {
    await breather.breathe();
    const { customerId, journey } = unpair(key);
    const { rules } = journeys.get(journey)!;
    const instances = segmentInstances(facts, rules, fold.watermark);
    const found = frictionsOfPair(
      instances,
      rules,
      thresholds.get(journey)!,
      feedback.get(customerId) ?? [],
      sketches.baseline(journey),
    );
    for (const o of found) await out.writeLine(lines.line(o));
  }
  return out.end();
}

/**
 * Daily all-channel sketches from the summed duration samples: what the live map stores (one row
 * per partition, merged as the live baseline merges them).
 */
function sketchesOf(
  journeys: ReadonlyMap<string, { sums: ReadonlyMap<number, Contributions> }>,
): DailySketches {
  const out = new DailySketches();
  for (const [journey, { sums }] of journeys) {
    for (const sum of sums.values()) {
      for (const [key, values] of sum.durations) {
        const d = parseDurationKey(key)!;
        if (d.channel !== ALL_CHANNELS) continue;
        out.add(journey, edgeKey(d.from, d.to), d.day, QuantileSketch.of(values));
      }
    }
  }
  return out;
}

function feedbackByCustomer(fold: BulkFold): Map<string, CustomerFeedback[]> {
  const out = new Map<string, CustomerFeedback[]>();
  for (const { data } of fold.feedback.values()) {
    const f: CustomerFeedback = {
      feedbackId: data.feedbackId,
      journey: data.journey,
      touchpointId: data.touchpointId,
      kind: data.kind,
      score: data.score,
      occurredAt: Date.parse(data.occurredAt),
    };
    const list = out.get(data.customerId);
    if (list) list.push(f);
    else out.set(data.customerId, [f]);
  }
  return out;
}
