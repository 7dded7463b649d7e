import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Envelope encryption of the data keys: `kek_id` names the key-encryption key that wraps a row's
 * `key_material`. NULL marks a key stored before (plain 32 bytes); the API wraps those at start.
 */
export class WrappedCustomerKeys1763900000015 implements MigrationInterface {
  name = 'WrappedCustomerKeys1763900000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE customer_keys ADD COLUMN kek_id text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE customer_keys DROP COLUMN kek_id');
  }
}
