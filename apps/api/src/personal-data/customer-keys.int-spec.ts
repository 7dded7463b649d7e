import { randomBytes } from 'node:crypto';
import { decryptValue, encryptValue } from '@journey/events';
import { TestDatabase } from '../../../../test/test-database';
import { migratedTestDatabase } from '../../../../test/webhook-fixtures';
import { CustomerKeys } from './customer-keys';
import { KekMissingError, KeyEncryption, kekOf } from './key-encryption';

describe('customer keys under envelope encryption (real PostgreSQL)', () => {
  let db: TestDatabase;
  const kekA = kekOf(randomBytes(32));
  const kekB = kekOf(randomBytes(32));
  const stored = async () =>
    (
      await db.pool.query<{ subject: string; key_material: Buffer | null; kek_id: string | null }>(
        'SELECT subject, key_material, kek_id FROM customer_keys ORDER BY subject',
      )
    ).rows;

  beforeEach(async () => (db = await migratedTestDatabase(4)));
  afterEach(() => db.drop());

  it('given a new subject, then its key is stored wrapped (not the key itself) and unwraps to the same key', async () => {
    const keys = new CustomerKeys(db.pool, new KeyEncryption(kekA));
    const made = (await keys.forSubjects(['customer-a'])).get('customer-a')!;
    const [row] = await stored();
    expect(row.kek_id).toBe(kekA.id);
    expect(row.key_material!.length).toBe(61);
    expect(row.key_material!.includes(made.key)).toBe(false);
    const again = (await keys.byIds([made.id])).get(made.id)!;
    expect(again.key.equals(made.key)).toBe(true);
    expect((await keys.forSubjects(['customer-a'])).get('customer-a')!.key.equals(made.key)).toBe(
      true,
    );
  });

  it('given keys wrapped with A and a key stored plain before wrapping, when a process with B (A as previous) rewraps, then every value still decrypts and every row is under B', async () => {
    const underA = new CustomerKeys(db.pool, new KeyEncryption(kekA));
    const a = (await underA.forSubjects(['customer-a'])).get('customer-a')!;
    const secret = encryptValue('my secret', a);
    const plain = randomBytes(32);
    await db.pool.query(
      `INSERT INTO customer_keys (key_id, subject, key_material) VALUES (gen_random_uuid(), 'customer-old', $1)`,
      [plain],
    );
    // Without A, B cannot read what A wrapped: loudly, naming A.
    const bOnly = new CustomerKeys(db.pool, new KeyEncryption(kekB));
    await expect(bOnly.byIds([a.id])).rejects.toThrow(KekMissingError);
    await expect(bOnly.byIds([a.id])).rejects.toThrow(kekA.id);

    const rotating = new CustomerKeys(db.pool, new KeyEncryption(kekB, [kekA]));
    expect(await rotating.rewrap()).toBe(2);
    expect((await stored()).map((r) => r.kek_id)).toEqual([kekB.id, kekB.id]);
    expect(await rotating.rewrap()).toBe(0);
    // After the rotation B alone reads everything.
    const after = (await bOnly.byIds([a.id])).get(a.id)!;
    expect(decryptValue(secret, after)).toBe('my secret');
    const old = (await bOnly.forSubjects(['customer-old'])).get('customer-old')!;
    expect(old.key.equals(plain)).toBe(true);
  });

  it("given a wrapped key moved to another subject's row, then it does not unwrap", async () => {
    const keys = new CustomerKeys(db.pool, new KeyEncryption(kekA));
    await keys.forSubjects(['customer-a', 'customer-b']);
    await db.pool.query(
      `UPDATE customer_keys SET key_material = (SELECT key_material FROM customer_keys WHERE subject = 'customer-a')
        WHERE subject = 'customer-b'`,
    );
    await expect(keys.forSubjects(['customer-b'])).rejects.toThrow();
  });

  it('given an erasure, then the wrapped key is destroyed as before', async () => {
    const keys = new CustomerKeys(db.pool, new KeyEncryption(kekA));
    const a = (await keys.forSubjects(['customer-a'])).get('customer-a')!;
    expect(await keys.destroy(['customer-a'])).toEqual([a.id]);
    expect((await stored())[0].key_material).toBeNull();
    expect((await keys.byIds([a.id])).size).toBe(0);
  });
});
