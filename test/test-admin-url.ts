/**
 * Where global-setup leaves the test servers' admin URLs (a JSON array, one server per jest
 * worker). Its own file: global-setup runs without jest's module mapping, so it must not load code
 * that imports the @journey/* aliases.
 */
export const TEST_ADMIN_URL_ENV = 'JOURNEY_TEST_ADMIN_URLS';

/**
 * This worker's server. Transaction ids and snapshots are per server: a transaction left open by a
 * test in another worker would hold back every reader of the store (rows show only below the
 * snapshot's xmin), so two workers never share one.
 */
export function testAdminUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const urls = env[TEST_ADMIN_URL_ENV] ? (JSON.parse(env[TEST_ADMIN_URL_ENV]) as string[]) : [];
  if (urls.length === 0) return undefined;
  const worker = Math.max(Number(env.JEST_WORKER_ID ?? 1), 1);
  return urls[(worker - 1) % urls.length];
}
