// An HTTP server stopped as the API's main stops its own (stopOnSignals, drainHttpServer, from the
// build). GET /slow never ends; GET /soon answers after 300 ms; anything else at once. Keep-alive
// connections are kept a minute, so only draining them lets the server close early. Prints
// "listening <port>" once it listens.
const http = require('node:http');
const { Logger } = require('@nestjs/common');
const {
  drainHttpServer,
  stopOnSignals,
} = require('../dist/libs/event-store/src/runtime/process-lifecycle');

const server = http.createServer((req, res) => {
  if (req.url === '/slow') return void res.write('started');
  setTimeout(() => res.end('done'), req.url === '/soon' ? 300 : 0);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  stopOnSignals(
    new Logger('Fixture'),
    [() => drainHttpServer(server, () => new Promise((resolve) => server.close(() => resolve())))],
    {
      deadlineMs: Number(process.env.SHUTDOWN_TIMEOUT_MS),
      onDeadline: () => server.closeAllConnections(),
    },
  );
  process.stdout.write(`listening ${server.address().port}\n`);
});
