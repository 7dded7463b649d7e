import { ApiKeyEntity } from '@journey/records';
import { generateKey } from './api-key';
import { ApiKeysService } from './api-keys.service';

/** The service over a fake repository holding one key; counts the lookups. */
function serviceWithOneKey() {
  const real = generateKey();
  const row = {
    id: real.id,
    name: 'ci',
    scopes: ['read'],
    secretHash: real.secretHash,
    revokedAt: null,
  } as unknown as ApiKeyEntity;
  const repo = {
    lookups: 0,
    findOne: async ({ where }: { where: { id: string } }) => {
      repo.lookups++;
      return where.id === row.id ? row : null;
    },
  };
  return { service: new ApiKeysService(repo as never), key: real.key, repo };
}

const madeUp = (n: number) =>
  `je_${n.toString(36).padStart(12, '0')}_${'A'.repeat(43 - String(n).length)}${n}`;

describe('ApiKeysService.authenticate', () => {
  it('given malformed strings (16 KB each), when presented, then none costs a lookup or is held', async () => {
    const { service, repo } = serviceWithOneKey();
    for (let i = 0; i < 100; i++)
      expect(await service.authenticate(`x${i}`.repeat(8000))).toBeNull();
    expect(repo.lookups).toBe(0);
  });

  it('given a real key in use, when 20,000 made-up well-formed keys are presented, then the real key is still answered from memory', async () => {
    const { service, key, repo } = serviceWithOneKey();
    const now = 1_000_000;
    expect(await service.authenticate(key, now)).toMatchObject({ name: 'ci' });
    for (let i = 0; i < 20_000; i++) expect(await service.authenticate(madeUp(i), now)).toBeNull();
    const before = repo.lookups;
    expect(await service.authenticate(key, now + 1)).toMatchObject({ name: 'ci' });
    expect(repo.lookups).toBe(before);
  });

  it('given a made-up key just refused, when presented again within the cache time, then it costs no second lookup', async () => {
    const { service, repo } = serviceWithOneKey();
    await service.authenticate(madeUp(1), 0);
    await service.authenticate(madeUp(1), 4_000);
    expect(repo.lookups).toBe(1);
    await service.authenticate(madeUp(1), 6_000);
    expect(repo.lookups).toBe(2);
  });
});
