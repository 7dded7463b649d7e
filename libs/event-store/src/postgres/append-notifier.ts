import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';

export const NOTIFY_CHANNEL = 'journey_es_appended';
/** Appends within this window share one NOTIFY. */
const COALESCE_MS = 10;

/**
 * Wakes subscribers after an append. In-process subscribers hear it at once; other processes hear a
 * NOTIFY sent after the append committed, at most one per 10 ms whatever the append rate. NOTIFY is
 * kept out of the append's own transaction on purpose: PostgreSQL serialises the commits of
 * notifying transactions, which would undo group commit for concurrent writers.
 */
export class AppendNotifier {
  private readonly local = new EventEmitter();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private lastSentAt = 0;
  private readonly logger = new Logger(AppendNotifier.name);

  constructor(private readonly pool: Pool) {
    this.local.setMaxListeners(0);
  }

  appended(): void {
    this.local.emit('appended');
    if (this.timer) return;
    const wait = Math.max(0, this.lastSentAt + COALESCE_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastSentAt = Date.now();
      this.inFlight = this.send();
    }, wait);
  }

  onAppended(listener: () => void): () => void {
    this.local.on('appended', listener);
    return () => this.local.off('appended', listener);
  }

  /** Sends a pending notification now (on close). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.inFlight = this.send();
    }
    await this.inFlight;
  }

  private async send(): Promise<void> {
    try {
      await this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`);
    } catch (err) {
      // Subscribers in other processes fall back to polling; nothing is lost.
      this.logger.warn({ msg: 'append notification failed', error: String(err) });
    }
  }
}
