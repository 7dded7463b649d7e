// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script
const { seedDemo } = require('./seed-demo');

type Call = { script: string; args: string[]; env: Record<string, string | undefined> };

describe('npm run seed:demo', () => {
  it('given no key, when it seeds, then the temporary key reaches the seeder in its environment, never in argv, and is revoked', async () => {
    const calls: Call[] = [];
    const fake = async (script: string, args: string[], env: Call['env']) => {
      calls.push({ script, args, env });
      return script.startsWith('api/') && args[0] === 'keys' && args[1] === 'create'
        ? 'Created key k-123\nKey (shown once, store it now): je_secret_value\n'
        : '';
    };
    await seedDemo(['--days', '3'], { PATH: '/bin' }, fake);
    const seeder = calls.find((c) => c.script === 'demo/src/main.js')!;
    expect(seeder.args).toEqual(['--days', '3']);
    expect(seeder.env.JOURNEY_API_KEY).toBe('je_secret_value');
    expect(calls.flatMap((c) => c.args).join(' ')).not.toContain('je_secret_value');
    expect(calls[calls.length - 1].args).toEqual(['keys', 'revoke', 'k-123']);
  });
});
