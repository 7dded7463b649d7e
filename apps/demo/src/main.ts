import { parseArgs } from 'node:util';
import { DEFAULT_DEMO, generateDemo } from './generate';
import { seedThroughApi, storeIsEmpty, waitForProjections } from './http-seeder';

const USAGE = `Usage: npm run seed:demo -- [options]
  --url <url>          the API (default http://127.0.0.1:$PORT, PORT default 3000)
  --key <key>          an API key with scopes ingest and admin (and read for --if-empty, --wait);
                       default $JOURNEY_API_KEY; npm run seed:demo creates a temporary one
  --customers <n>      onboarding customers (default ${DEFAULT_DEMO.customers}; support ~60% as many)
  --days <n>           days of data, ending at --now (default ${DEFAULT_DEMO.days})
  --now <iso>          the end of the data (default: now)
  --seed <n>           PRNG seed (default ${DEFAULT_DEMO.seed})
  --if-empty           seed only if the store holds no event yet
  --wait               wait until the projections have caught up`;

class UsageError extends Error {}

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      customers: { type: 'string' },
      days: { type: 'string' },
      now: { type: 'string' },
      seed: { type: 'string' },
      'if-empty': { type: 'boolean' },
      wait: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    out(USAGE);
    return;
  }
  const key = values.key ?? process.env.JOURNEY_API_KEY;
  if (!key) throw new UsageError(`An API key is needed (--key or JOURNEY_API_KEY).\n${USAGE}`);
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now)) throw new UsageError('--now must be an ISO-8601 time');
  const target = {
    url: (values.url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, ''),
    key,
  };
  if (values['if-empty'] && !(await storeIsEmpty(target))) {
    out('demo data: the store already holds events; not seeding');
    return;
  }
  const started = Date.now();
  const data = generateDemo({
    now,
    days: positive('days', values.days, DEFAULT_DEMO.days),
    customers: positive('customers', values.customers, DEFAULT_DEMO.customers),
    seed: positive('seed', values.seed, DEFAULT_DEMO.seed),
  });
  let shown = 0;
  const result = await seedThroughApi(target, data, (done, total) => {
    if (done === total || done - shown >= total / 10) {
      shown = done;
      out(
        `demo data: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} touchpoints sent`,
      );
    }
  });
  out(
    `demo data: sent ${result.touchpoints.toLocaleString('en')} touchpoints, ${result.identities} identity links and ${result.feedback} feedback in ${((Date.now() - started) / 1000).toFixed(1)} s (${result.requests} requests)`,
  );
  if (values.wait) {
    const caughtUp = await waitForProjections(target);
    out(
      `demo data: projections ${caughtUp ? 'caught up' : 'still catching up'} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  for (const [what, customer] of Object.entries(data.examples))
    out(`demo data: example of ${what}: customer ${customer}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof UsageError ? err.message : (err as Error).stack}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
