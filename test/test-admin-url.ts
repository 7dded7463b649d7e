/**
 * Where global-setup leaves the test server's admin URL. Its own file: global-setup runs without
 * jest's module mapping, so it must not load code that imports the @journey/* aliases.
 */
export const TEST_ADMIN_URL_ENV = 'JOURNEY_TEST_ADMIN_URL';
