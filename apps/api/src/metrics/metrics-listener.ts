import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { MetricsServer, startMetricsServer } from '@journey/metrics';

export const METRICS_LISTEN = Symbol('METRICS_LISTEN');

/** Where GET /metrics is also served without a key (API_METRICS_HOST, API_METRICS_PORT). */
export interface MetricsListen {
  readonly host: string;
  readonly port: number;
}

/** The keyless metrics listener, when the settings ask for one; the keyed route stays either way. */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server: MetricsServer | null = null;

  constructor(@Inject(METRICS_LISTEN) private readonly listen: MetricsListen | null) {}

  /** http://host:port once listening (the chosen port for 0), else null. */
  get url(): string | null {
    return this.server?.url ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.listen) return;
    this.server = await startMetricsServer(this.listen.host, this.listen.port);
    this.logger.log({ msg: 'metrics served without a key', url: this.server.url });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }
}
