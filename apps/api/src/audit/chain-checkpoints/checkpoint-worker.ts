import { KeyObject } from 'node:crypto';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PollingLoop } from '@journey/event-store';
import { Clock } from '../../common/clock';
import { ChainCheckpoints } from './chain-checkpoints';

/** How often the worker asks whether a checkpoint is due (the interval itself is a setting). */
const POLL_MS = 60_000;
/**
 * The first look after start (or one interval, if shorter): a fresh deployment has a checkpoint
 * within minutes, and a starting process warms up undisturbed (a checkpoint of 100,000 streams is
 * about 1.7 s of mostly PostgreSQL work, measured apart: BENCHMARKS.md).
 */
const FIRST_MS = 5 * 60_000;

/**
 * Makes a signed checkpoint when the newest is older than `intervalMs` (every API process looks;
 * an advisory lock and the interval let one of them make it).
 */
export class ChainCheckpointWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChainCheckpoints');
  private readonly loop: PollingLoop;

  constructor(
    private readonly checkpoints: ChainCheckpoints,
    private readonly key: () => Promise<KeyObject>,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {
    const tick = async () => {
      await this.tick();
      return false;
    };
    this.loop = new PollingLoop(
      'chain checkpoint',
      Math.min(POLL_MS, intervalMs),
      tick,
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.loop.start(Math.min(FIRST_MS, this.intervalMs));
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Never fails: a checkpoint missed is tried again at the next look. */
  private async tick(): Promise<void> {
    try {
      const made = await this.checkpoints.make(await this.key(), this.clock.now(), this.intervalMs);
      if (made?.stored)
        this.logger.log({
          msg: 'chain checkpoint signed',
          createdAt: made.checkpoint.createdAt,
          streams: made.checkpoint.streams,
          events: made.checkpoint.events,
          keyId: made.checkpoint.keyId,
        });
    } catch (err) {
      this.logger.warn({ msg: 'could not make a chain checkpoint', error: String(err) });
    }
  }
}
