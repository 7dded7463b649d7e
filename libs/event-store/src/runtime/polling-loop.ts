import { Logger } from '@nestjs/common';

const MAX_ERROR_PAUSE_MS = 30_000;

/**
 * Runs `step` again at once while it reports more work, else after `pollMs`; after an error it
 * pauses longer each time (up to 30 s), so a database outage does not flood the log. `name` says
 * in the log which loop failed ("webhook delivery", "rebuild worker"...). Its timer never keeps a
 * process alive by itself: stop() is how a loop ends.
 */
export class PollingLoop {
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private errorPauseMs: number;

  constructor(
    private readonly name: string,
    private readonly pollMs: number,
    private readonly step: () => Promise<boolean>,
    private readonly logger: Logger,
  ) {
    this.errorPauseMs = pollMs;
  }

  /** `firstMs`: the first look waits this long (a starting process warms up undisturbed). */
  start(firstMs = 0): void {
    this.schedule(firstMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run();
    }, ms);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    let pause = this.pollMs;
    try {
      while (!this.stopped && (await this.step()));
      this.errorPauseMs = this.pollMs;
    } catch (err) {
      this.logger.warn({ msg: `${this.name} failed`, error: String(err) });
      pause = this.errorPauseMs;
      this.errorPauseMs = Math.min(this.errorPauseMs * 2, MAX_ERROR_PAUSE_MS);
    }
    this.schedule(pause);
  }
}
