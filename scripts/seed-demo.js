// `npm run seed:demo`: loads the demo data set through the HTTP API of a running app (`npm start`).
// Without --key or JOURNEY_API_KEY it creates a temporary key (scopes ingest, admin, read) with
// the CLI, which joins the running app's database, and revokes it afterwards.
const { spawn } = require('node:child_process');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist', 'apps');

function run(script, args, env, capture) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dist, script), ...args], {
      env,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    if (capture) child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}

/**
 * Seeds the demo data; resolves when done (args: the seeder's options, see --help). The temporary
 * key goes to the seeder in its environment, not its arguments, where `ps` would show it.
 */
async function seedDemo(args, env = process.env, runScript = run) {
  const hasKey =
    args.includes('--key') || args.some((a) => a.startsWith('--key=')) || env.JOURNEY_API_KEY;
  if (hasKey || args.includes('--help')) return runScript('demo/src/main.js', args, env, false);
  const created = await runScript(
    'api/src/cli.js',
    ['keys', 'create', '--name', 'demo-seed', '--scopes', 'ingest,admin,read'],
    env,
    true,
  );
  const id = /Created key (\S+)/.exec(created)?.[1];
  const key = /Key \(shown once, store it now\): (\S+)/.exec(created)?.[1];
  if (!id || !key) throw new Error(`could not create a key for seeding:\n${created}`);
  try {
    await runScript('demo/src/main.js', args, { ...env, JOURNEY_API_KEY: key }, false);
  } finally {
    await runScript('api/src/cli.js', ['keys', 'revoke', id], env, true);
  }
}

module.exports = { seedDemo };

if (require.main === module) {
  seedDemo(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
