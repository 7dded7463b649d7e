import { Logger } from '@nestjs/common';
import { PollingLoop } from './polling-loop';

function logger() {
  const warn = jest.fn();
  return { warn, logger: { warn } as unknown as Logger };
}

describe('PollingLoop', () => {
  it('runs the step again at once while it reports more work, then waits', async () => {
    const { logger: log } = logger();
    let calls = 0;
    let third!: () => void;
    const reached = new Promise<void>((r) => (third = r));
    const loop = new PollingLoop(
      'test loop',
      60_000,
      async () => {
        calls++;
        if (calls === 3) third();
        return calls < 3;
      },
      log,
    );
    loop.start();
    await reached;
    await loop.stop();
    expect(calls).toBe(3);
  });

  it("names the caller's loop when a step fails", async () => {
    const { warn, logger: log } = logger();
    let failed!: () => void;
    const logged = new Promise<void>((r) => (failed = r));
    warn.mockImplementation(() => failed());
    const loop = new PollingLoop(
      'rebuild worker',
      60_000,
      async () => {
        throw new Error('boom');
      },
      log,
    );
    loop.start();
    await logged;
    await loop.stop();
    expect(warn).toHaveBeenCalledWith({ msg: 'rebuild worker failed', error: 'Error: boom' });
  });
});
