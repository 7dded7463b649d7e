// Runs an embedded PostgreSQL in a process of its own, from the build: a test can stop and start a
// database without stopping itself (and jest's module sandbox cannot load the ESM-only package).
// Argument: the options as JSON. Prints {"url"} once ready; stops the server when stdin closes.
const { startEmbeddedPostgres } = require('../dist/libs/postgres/src/embedded/embedded-postgres');

startEmbeddedPostgres(JSON.parse(process.argv[2])).then(
  (handle) => {
    process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
    process.stdin.resume();
    process.stdin.on('end', () =>
      handle.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
    );
  },
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
