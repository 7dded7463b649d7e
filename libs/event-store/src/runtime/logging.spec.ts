import { Writable } from 'node:stream';
import { createRootLogger, PinoLoggerService } from './logging';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, sink };
}

describe('PinoLoggerService: Nest Logger calls as pino JSON lines (the projector)', () => {
  it('merges object messages, keeps the context, maps levels, and filters by LOG_LEVEL', () => {
    const { lines, sink } = capture();
    const service = new PinoLoggerService(createRootLogger('log', sink));
    service.log({ msg: 'projections running', partitions: 4 }, 'Projector');
    service.warn('plain text', 'Runner');
    service.error('failed', 'Error: x\n    at y', 'Runner');
    service.debug('not at level log', 'Runner');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'projections running',
        partitions: 4,
        context: 'Projector',
      }),
      expect.objectContaining({ level: 40, msg: 'plain text', context: 'Runner' }),
      expect.objectContaining({ level: 50, msg: 'failed', stack: 'Error: x\n    at y' }),
    ]);
    expect(typeof lines[0].time).toBe('string');
  });

  it('redacts credentials in logged headers', () => {
    const { lines, sink } = capture();
    createRootLogger('log', sink).info({
      req: { headers: { authorization: 'Bearer je_x_secret', 'x-api-key': 'je_y_secret' } },
    });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
