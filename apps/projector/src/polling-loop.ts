import { Logger } from '@nestjs/common';

const MAX_ERROR_PAUSE_MS = 30_000;

/**
 * Runs `step` again at once while it reports more work, else after `pollMs`; after an error it
 * pauses longer each time (up to 30 s), so a database outage does not flood the log. `name` says
 * in the log which loop failed ("webhook delivery", "rebuild worker"...).
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

  start(): void {
    this.schedule(0);
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
