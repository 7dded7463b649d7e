import { migrationRequestingRebuild } from '../../../../test/upgrade-across';

describe('migration FunnelDropRebuild', () => {
  const { upgrade } = migrationRequestingRebuild('FunnelDropRebuild1763900000012');

  it('given a fresh database, then it requests nothing', async () => {
    expect(await upgrade(async () => undefined)).toEqual([]);
  });
});
