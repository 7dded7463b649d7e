import { PoolClient } from 'pg';
import { JourneyDefined } from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import {
  definitionVersion,
  JourneyRules,
  offerDefinition,
  rulesFromDefinition,
} from '@journey/domain';
import { Affected } from './journey-facts';
import { JourneyRuleSet, ruleSetOf } from './rule-sets';

/** A journey's definition as rm_journey_definitions keeps it. */
export interface StoredDefinition {
  readonly data: JourneyDefined['data'];
  readonly version: number;
  readonly at: Date;
}

/**
 * Stores a journey's definition unless the stored one is as high, and keeps every version (a
 * partition subtracts its contributions under the version it made them with). The highest version
 * applies: `stored.version < EXCLUDED.version` is supersedes() in SQL. Live and rebuild.
 */
export async function upsertDefinition(tx: PoolClient, d: StoredDefinition): Promise<void> {
  await tx.query(
    `INSERT INTO rm_journey_definitions (journey, definition, version, defined_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (journey) DO UPDATE SET definition = EXCLUDED.definition, version = EXCLUDED.version,
       defined_at = EXCLUDED.defined_at WHERE rm_journey_definitions.version < EXCLUDED.version`,
    [d.data.journey, JSON.stringify(d.data), d.version, d.at],
  );
  await tx.query(
    `INSERT INTO rm_journey_definition_versions (journey, version, definition) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [d.data.journey, d.version, JSON.stringify(d.data)],
  );
}

/**
 * Stores the batch's definitions (the partition reading a definition's stream). Every partition
 * then applies them to its own pairs through syncDefinitions.
 */
export async function saveDefinitions(
  tx: PoolClient,
  definitions: readonly { event: JourneyDefined; recorded: RecordedEvent }[],
): Promise<void> {
  const highest = new Map<string, StoredDefinition>();
  for (const { event, recorded } of definitions) {
    offerDefinition(highest, event.data.journey, {
      data: event.data,
      version: definitionVersion(recorded.revision),
      at: recorded.recordedAt,
    });
  }
  for (const d of highest.values()) await upsertDefinition(tx, d);
}

/** What a partition must redo after definitions changed (see syncDefinitions). */
export interface DefinitionSync {
  /** The rules each redefined journey's stored contributions of this partition were made with. */
  readonly rulesBefore: Map<string, JourneyRules>;
  /** The partition's pairs of the redefined journeys. */
  readonly pairs: Affected[];
}

/**
 * Brings a partition to the current definitions: the journeys whose stored version differs from
 * the one the partition applied are recorded as applied, and the partition's pairs of them are
 * returned to be recomputed. Within the batch the partition reads definitions through what it
 * applied (loadDefinitions), so a definition another partition stores meanwhile waits for the
 * next sync instead of mixing two versions in one partition's rows.
 */
export async function syncDefinitions(
  tx: PoolClient,
  applied: AppliedDefinitions,
): Promise<DefinitionSync> {
  const { partition } = applied;
  const { rows } = await tx.query<{
    journey: string;
    version: number;
    before: JourneyDefined['data'] | null;
  }>(
    `SELECT d.journey, d.version, v.definition AS before
       FROM rm_journey_definitions d
       LEFT JOIN rm_partition_definitions p ON p.partition = $1 AND p.journey = d.journey
       LEFT JOIN rm_journey_definition_versions v ON v.journey = p.journey AND v.version = p.version
      WHERE p.version IS DISTINCT FROM d.version`,
    [partition],
  );
  if (rows.length === 0) return { rulesBefore: new Map(), pairs: [] };
  applied.forget();
  const journeys = rows.map((r) => r.journey);
  await tx.query(
    `INSERT INTO rm_partition_definitions (partition, journey, version)
     SELECT $1, * FROM unnest($2::text[], $3::int[])
     ON CONFLICT (partition, journey) DO UPDATE SET version = EXCLUDED.version`,
    [partition, journeys, rows.map((r) => r.version)],
  );
  const { rows: pairs } = await tx.query<{ customer_id: string; journey: string }>(
    `SELECT DISTINCT customer_id, journey FROM rm_journey_instances
      WHERE partition = $1 AND journey = ANY($2::text[])`,
    [partition, journeys],
  );
  return {
    rulesBefore: new Map(rows.map((r) => [r.journey, rulesFromDefinition(r.before, r.journey)])),
    pairs: pairs.map((r) => ({ customerId: r.customer_id, journey: r.journey })),
  };
}

/**
 * The definitions a partition applied (rm_partition_definitions), held between batches: only this
 * partition's runner writes its rows, through syncDefinitions, which drops what is held when it
 * applies a change. The runner drops it too when a batch did not commit (`forget`).
 */
export class AppliedDefinitions {
  private held: Map<string, JourneyDefined['data']> | null = null;
  private readonly ruleSets = new Map<string, JourneyRuleSet>();

  constructor(readonly partition: number) {}

  forget(): void {
    this.held = null;
    this.ruleSets.clear();
  }

  /** Each journey's definition as the partition applied it (null when it has none). */
  async of(
    tx: PoolClient,
    journeys: Iterable<string>,
  ): Promise<Map<string, JourneyDefined['data'] | null>> {
    const held = await this.all(tx);
    return new Map([...new Set(journeys)].map((j) => [j, held.get(j) ?? null]));
  }

  /** The journeys the partition applied a definition of. */
  async journeys(tx: PoolClient): Promise<string[]> {
    return [...(await this.all(tx)).keys()];
  }

  /** The rules of each journey as the partition applied them (defaults when it has none). */
  async rules(tx: PoolClient, journeys: Iterable<string>): Promise<Map<string, JourneyRules>> {
    const sets = await this.ruleSetsOf(tx, journeys);
    return new Map([...sets].map(([j, set]) => [j, set.rules]));
  }

  /** Each journey's rule set, built once per applied version. */
  async ruleSetsOf(
    tx: PoolClient,
    journeys: Iterable<string>,
  ): Promise<Map<string, JourneyRuleSet>> {
    const held = await this.all(tx);
    const out = new Map<string, JourneyRuleSet>();
    for (const j of journeys) {
      let set = this.ruleSets.get(j);
      if (!set) this.ruleSets.set(j, (set = ruleSetOf(j, held.get(j) ?? null)));
      out.set(j, set);
    }
    return out;
  }

  private async all(tx: PoolClient): Promise<Map<string, JourneyDefined['data']>> {
    if (this.held) return this.held;
    const { rows } = await tx.query<{ journey: string; definition: JourneyDefined['data'] }>(
      `SELECT v.journey, v.definition FROM rm_partition_definitions p
         JOIN rm_journey_definition_versions v ON v.journey = p.journey AND v.version = p.version
        WHERE p.partition = $1`,
      [this.partition],
    );
    this.held = new Map(rows.map((r) => [r.journey, r.definition]));
    return this.held;
  }
}

/** A rebuild's definitions, applied by every partition at once (the bulk pass computed with them). */
export async function applyDefinitionsEverywhere(tx: PoolClient, count: number): Promise<void> {
  await tx.query(
    `INSERT INTO rm_partition_definitions (partition, journey, version)
     SELECT p, d.journey, d.version FROM rm_journey_definitions d, generate_series(0, $1 - 1) AS p
     ON CONFLICT (partition, journey) DO UPDATE SET version = EXCLUDED.version`,
    [count],
  );
}
