import { MigrationInterface, QueryRunner } from 'typeorm';
import { requestJourneysRebuild } from './request-journeys-rebuild';

/**
 * The journey map's funnel drop-off became a counter of its own (`funnel_drop`: instances that
 * reached a stage but not the next; the difference of two stages' reach was wrong when instances
 * skip stages). Counters of events already projected exist only after a replay, so a database
 * that has projected events gets a rebuild request, which the next projector carries out while
 * the live tables keep serving.
 */
export class FunnelDropRebuild1763900000012 implements MigrationInterface {
  name = 'FunnelDropRebuild1763900000012';

  async up(q: QueryRunner): Promise<void> {
    await requestJourneysRebuild(q);
  }

  async down(): Promise<void> {
    // A rebuild request needs no undoing: the read models it builds are valid either way.
  }
}
