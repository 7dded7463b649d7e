// `npm start`: PostgreSQL (embedded, unless DATABASE_URL is set), the API and the projector, kept
// up by the supervisor (apps/supervisor): a child that dies is restarted with backoff, a crash loop
// stops the app, Ctrl-C stops projector, API, PostgreSQL in that order (a second Ctrl-C kills).
// When the store is empty it loads the demo data set through the API (`--no-demo` or SEED_DEMO=0
// to skip it).
const path = require('node:path');
const { seedDemo } = require('./seed-demo');

const { runSupervisor, stopOnSignals } = require(
  path.resolve(__dirname, '..', 'dist', 'apps', 'supervisor', 'src', 'supervisor.js'),
);

const demo = !process.argv.includes('--no-demo') && process.env.SEED_DEMO !== '0';

const supervisor = runSupervisor({
  onReady: async (url) => {
    process.stdout.write(`dashboard: ${url}/ (paste an API key with scope read)\n`);
    if (!demo) return;
    const customers = process.env.SEED_DEMO_CUSTOMERS;
    await seedDemo([
      '--if-empty',
      '--url',
      url,
      ...(customers ? ['--customers', customers] : []),
    ]).catch((err) => process.stderr.write(`demo data not seeded: ${err.message}\n`));
  },
});
stopOnSignals(supervisor);
supervisor.stopped.then((code) => process.exit(code));
