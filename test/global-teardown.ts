export default async function globalTeardown(): Promise<void> {
  await globalThis.__JOURNEY_TEST_PG__?.stop();
}
