// `npm start`: the API (which starts the embedded PostgreSQL when DATABASE_URL is unset) and, once
// it is ready, the projector beside it. Ctrl-C stops both; if one dies, the other is stopped too.
// When the store is empty it loads the demo data set through the API (`--no-demo` or SEED_DEMO=0
// to skip it).
const { spawn } = require('node:child_process');
const path = require('node:path');
const { seedDemo } = require('./seed-demo');

const dist = path.resolve(__dirname, '..', 'dist', 'apps');
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
const children = [];
let stopping = false;

function run(name, script) {
  // The same V8 flag as start:api / start:projector (and the benchmarks): a larger young generation
  // halves the scavenges under ingestion load.
  const child = spawn(process.execPath, ['--max-semi-space-size=64', path.join(dist, script)], {
    stdio: 'inherit',
    env: process.env,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping the rest\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code) {
  stopping = true;
  // The projector first: it uses the database the API's process owns.
  const [api, projector] = children;
  const exited = (c) =>
    c && c.exitCode === null && c.signalCode === null
      ? new Promise((r) => c.once('exit', r))
      : null;
  const projectorDone = exited(projector);
  projector?.kill('SIGTERM');
  Promise.resolve(projectorDone)
    .then(() => {
      const apiDone = exited(api);
      api?.kill('SIGTERM');
      return apiDone;
    })
    .then(() => process.exit(code));
}

async function waitReady(api) {
  for (;;) {
    if (api.exitCode !== null) return false;
    const ok = await fetch(`http://${host}:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const demo = !process.argv.includes('--no-demo') && process.env.SEED_DEMO !== '0';

const api = run('api', 'api/src/main.js');
waitReady(api).then(async (ready) => {
  if (!ready || stopping) return;
  run('projector', 'projector/src/main.js');
  process.stdout.write(`dashboard: http://${host}:${port}/ (paste an API key with scope read)\n`);
  if (!demo) return;
  const customers = process.env.SEED_DEMO_CUSTOMERS;
  await seedDemo([
    '--if-empty',
    '--url',
    `http://${host}:${port}`,
    ...(customers ? ['--customers', customers] : []),
  ]).catch((err) => process.stderr.write(`demo data not seeded: ${err.message}\n`));
});
