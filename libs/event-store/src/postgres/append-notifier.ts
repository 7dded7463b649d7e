import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';

export const NOTIFY_CHANNEL = 'journey_es_appended';

/**
 * Wakes subscribers after an append. In-process subscribers hear it at once; other processes hear a
 * NOTIFY sent after the append committed. NOTIFY is kept out of the append's own transaction on
 * purpose: PostgreSQL serialises the commits of notifying transactions, which would undo group
 * commit for concurrent writers. Notifications are coalesced: at most one in flight.
 */
export class AppendNotifier {
  private readonly local = new EventEmitter();
  private inFlight: Promise<void> | null = null;
  private pending = false;
  private readonly logger = new Logger(AppendNotifier.name);

  constructor(private readonly pool: Pool) {
    this.local.setMaxListeners(0);
  }

  appended(): void {
    this.local.emit('appended');
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = this.send();
  }

  onAppended(listener: () => void): () => void {
    this.local.on('appended', listener);
    return () => this.local.off('appended', listener);
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async send(): Promise<void> {
    try {
      do {
        this.pending = false;
        await this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`);
      } while (this.pending);
    } catch (err) {
      // Subscribers in other processes fall back to polling; nothing is lost.
      this.logger.warn({ msg: 'append notification failed', error: String(err) });
    } finally {
      this.inFlight = null;
    }
  }
}
