import { Pool, PoolClient } from 'pg';
import { EventStore, Position, START } from '@journey/event-store';
import { seedCheckpoints } from '@journey/read-models';
import {
  addContributions,
  Contributions,
  emptyContributions,
  JourneyRules,
  rulesFromDefinition,
  segmentInstances,
} from '@journey/domain';
import { unpair } from '../journeys/journey-facts';
import { insertLinks, saveFeedback } from '../journeys/journey-writes';
import { applyDefinitionsEverywhere, upsertDefinition } from '../journeys/definitions';
import { anonymousPartition, customerPartition } from '../journeys/partition-scope';
import { MapDelta } from '../journeys/map-writes';
import { BulkFold } from './bulk-fold';
import { instanceCodec, instanceValues } from '../codecs/instance.codec';
import { touchpointCodec } from '../codecs/touchpoint.codec';
import { CopyLines } from '../codecs/row-codec';
import { ShadowTables } from '../runner/projection';
import { Breather } from './breather';
import { CopyWriter } from './copy-writer';
import { copyFrictions } from './bulk-frictions';
import { FrictionOptions } from '../frictions/pair-frictions';

const PAGE = 5000;
/**
 * The bulk rows go in as COPYs of at most this long, each committing on its own: a transaction
 * open for the whole pass would hold back what every live subscriber of the store sees (events
 * become visible only below the oldest running transaction). A failure leaves only the shadow.
 */
export const BULK_COPY_MS = 250;

/**
 * A rebuild's first pass for the journeys projection: every event up to the store's head is read
 * once; facts stream into the (index-less) shadow table while reading goes on, and the rest is
 * folded in memory. Then each customer's instances and map contributions are computed with the
 * same pure functions as the live projection and copied in. Nothing is served from these tables
 * before the swap, so the live path's per-batch bookkeeping is not needed; the runner then
 * catches up the tail.
 */
export interface BulkOptions {
  readonly prefixes: readonly string[];
  readonly name: string;
  readonly frictions: FrictionOptions;
  /** Every partition's rows and checkpoint are written (the runners of each catch up after). */
  readonly partitions: number;
}

export async function bulkLoadJourneys(
  store: EventStore,
  pool: Pool,
  shadow: ShadowTables,
  { prefixes, name, frictions, partitions }: BulkOptions,
): Promise<{ position: Position; processed: number }> {
  const client = await pool.connect();
  const copies = { maxTransactionMs: BULK_COPY_MS };
  try {
    const facts = new CopyWriter(client, touchpointCodec.table, touchpointCodec.names, copies);
    const fold = new BulkFold(facts);
    const { position, processed } = await readEverything(store, prefixes, fold);
    await fold.end();
    const { maps, journeys } = await writeInstances(client, fold, partitions);
    if (frictions.detect) await copyFrictions(client, fold, journeys, copies);
    // All committed: the indexes are built by several connections at once.
    await shadow.buildIndexes();
    await client.query('BEGIN');
    await writeSmallTables(client, fold);
    await applyDefinitionsEverywhere(client, partitions);
    for (const [partition, map] of maps) await map.write(client, partition);
    // Every partition's runner carries on from the head read; the processed count is partition 0's.
    await seedCheckpoints(client, name, partitions, {
      position,
      processed,
      watermark: fold.watermark,
    });
    await client.query('COMMIT');
    return { position, processed };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function readEverything(store: EventStore, prefixes: readonly string[], fold: BulkFold) {
  const breather = new Breather();
  let position: Position = START;
  let processed = 0;
  // Folding a page overlaps with reading the next one.
  let next = store.readAll({ fromPosition: position, maxCount: PAGE, streamPrefix: prefixes });
  for (;;) {
    const page = await next;
    if (page.length === PAGE) {
      next = store.readAll({
        fromPosition: page[page.length - 1].position,
        maxCount: PAGE,
        streamPrefix: prefixes,
      });
    }
    for (const recorded of page) {
      await fold.apply(recorded);
      await breather.breathe();
    }
    processed += page.length;
    if (page.length > 0) position = page[page.length - 1].position;
    if (page.length < PAGE) return { position, processed };
  }
}

async function writeSmallTables(tx: PoolClient, fold: BulkFold): Promise<void> {
  const late = fold.lateLinks();
  if (late.length > 0) {
    await tx.query(
      `UPDATE rm_touchpoints t SET customer_id = l.customer_id
         FROM unnest($1::text[], $2::text[]) AS l(anonymous_id, customer_id)
        WHERE t.anonymous_id = l.anonymous_id AND t.customer_id = t.anonymous_id`,
      [late.map((l) => l.anonymousId), late.map((l) => l.customerId)],
    );
  }
  for (const d of fold.definitions.values()) await upsertDefinition(tx, d);
  await insertLinks(tx, [...fold.links.entries()]);
  await saveFeedback(tx, [...fold.feedback.values()]);
}

/** Copies every customer's instances in; returns their contributions to the map, per partition. */
async function writeInstances(tx: PoolClient, fold: BulkFold, partitions: number) {
  const instances = new CopyWriter(tx, instanceCodec.table, instanceCodec.names, {
    maxTransactionMs: BULK_COPY_MS,
  });
  const lines = new CopyLines(instanceCodec);
  const scope = { count: partitions, index: 0 };
  // Per journey: its rules and, per partition, the sum of its customers' map contributions.
  const journeys = new Map<string, { rules: JourneyRules; sums: Map<number, Contributions> }>();
  const breather = new Breather();
  for (const [key, facts] of fold.pairs()) {
    await breather.breathe();
    const { customerId, journey } = unpair(key);
    let j = journeys.get(journey);
    if (!j) {
      const rules = rulesFromDefinition(fold.definitions.get(journey)?.data ?? null, journey);
      j = { rules, sums: new Map() };
      journeys.set(journey, j);
    }
    const partition = fold.isAnonymousOwner(customerId)
      ? anonymousPartition(scope, customerId)
      : customerPartition(scope, customerId);
    let sum = j.sums.get(partition);
    if (!sum) j.sums.set(partition, (sum = emptyContributions()));
    const list = segmentInstances(facts, j.rules, fold.watermark);
    addContributions(list, j.rules, sum);
    for (const i of list) await instances.writeLine(lines.line(instanceValues(i, partition)));
  }
  await instances.end();
  const maps = new Map<number, MapDelta>();
  for (const [journey, { sums }] of journeys) {
    for (const [partition, sum] of sums) {
      let map = maps.get(partition);
      if (!map) maps.set(partition, (map = new MapDelta()));
      map.addSum(journey, sum);
    }
  }
  return { maps, journeys };
}
