import { MigrationInterface, QueryRunner } from 'typeorm';
import { requestJourneysRebuild } from './request-journeys-rebuild';

/**
 * A touchpoint's agentId and attributes in rm_touchpoints, for the journey export (process-mining
 * tools want the resource and the attributes of each event, and reads go to read models only).
 * Both are kept as the event holds them: personal values stay encrypted and are decrypted per read
 * for the keys that may see them (as rm_feedback.comment). Touchpoints already projected get them
 * from a rebuild, requested as for the counter migrations.
 */
export class TouchpointDetails1763900000019 implements MigrationInterface {
  name = 'TouchpointDetails1763900000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE rm_touchpoints ADD COLUMN agent_id text, ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'`,
    );
    await requestJourneysRebuild(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_touchpoints DROP COLUMN attributes, DROP COLUMN agent_id');
  }
}
