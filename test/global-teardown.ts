export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__JOURNEY_TEST_PG__ ?? []).map((server) => server.stop()));
}
