import { QueryRunner } from 'typeorm';

/**
 * For a migration that adds map counters: counters of events already projected exist only after
 * a replay, so a database that has projected events gets a rebuild request (none if one is open),
 * which the next projector carries out while the live tables keep serving.
 */
export async function requestJourneysRebuild(q: QueryRunner): Promise<void> {
  await q.query(`INSERT INTO projection_rebuilds (id, name, status)
    SELECT gen_random_uuid(), 'journeys', 'requested'
     WHERE EXISTS (SELECT 1 FROM projection_checkpoints WHERE name = 'journeys' AND events_processed > 0)
       AND NOT EXISTS (SELECT 1 FROM projection_rebuilds WHERE name = 'journeys' AND status IN ('requested', 'running'))`);
}
