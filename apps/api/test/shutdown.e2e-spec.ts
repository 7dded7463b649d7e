import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const FIXTURE = path.resolve(__dirname, '../../../test/http-shutdown-fixture.js');

interface Served {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** The fixture server (stopOnSignals as in the API's main), with a shutdown deadline. */
async function serve(deadlineMs: number): Promise<Served> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, SHUTDOWN_TIMEOUT_MS: String(deadlineMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`fixture exited:\n${out}`)));
  });
  return { child, port, exited, output: () => out };
}

/** A GET on a keep-alive agent: its status and body, or the error that ended it. */
function get(port: number, agent: http.Agent, p: string): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
        res.on('error', (e) => resolve(`error ${e.message}`));
      })
      .on('error', (e) => resolve(`error ${e.message}`));
  });
}

const started = (s: Served) =>
  new Promise<void>((resolve) => {
    const check = () => (/shutting down/.test(s.output()) ? resolve() : setTimeout(check, 20));
    check();
  });

describe('Shutdown on SIGTERM: in-flight requests finish, idle connections close, a deadline', () => {
  const agents: http.Agent[] = [];
  const agent = () => {
    const a = new http.Agent({ keepAlive: true });
    agents.push(a);
    return a;
  };
  afterAll(() => agents.forEach((a) => a.destroy()));

  it('lets a request in flight finish and exits 0 although keep-alive connections are open', async () => {
    const s = await serve(30_000);
    const idle = agent();
    // Two connections left idle (kept a minute by the server), one request in flight.
    await Promise.all([get(s.port, idle, '/'), get(s.port, idle, '/')]);
    const inFlight = get(s.port, agent(), '/soon');
    await new Promise((r) => setTimeout(r, 50));
    s.child.kill('SIGTERM');
    expect(await inFlight).toBe('200 done');
    // Well before the 30 s deadline (the test's own timeout is shorter): not forced.
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toMatch(/deadline passed/);
  }, 20_000);

  it('past the deadline, cuts a request that never ends and exits 1', async () => {
    const s = await serve(300);
    const stuck = get(s.port, agent(), '/slow');
    await new Promise((r) => setTimeout(r, 50));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/shutdown deadline passed/);
    expect(await stuck).toMatch(/^error|^200 started$/);
  }, 20_000);

  it('the same signal again while shutting down exits 1 at once; the other one does not', async () => {
    const s = await serve(60_000);
    void get(s.port, agent(), '/slow');
    await new Promise((r) => setTimeout(r, 50));
    s.child.kill('SIGINT');
    await started(s);
    // What the supervisor of `npm start` sends after the terminal's Ctrl-C: not a second press.
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.child.exitCode).toBeNull();
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/second signal/);
  }, 20_000);
});
