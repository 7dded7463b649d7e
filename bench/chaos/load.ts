import { HISTORY_T0, mergedCustomers, Touchpoint } from '../long-journeys-workload';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly senders: number;
  /** Touchpoints per request. */
  readonly batchSize: number;
  /** Customers generated at a time per sender (their journeys interleave in event time). */
  readonly customersPerChunk: number;
}

/** What came back from the API, by status, plus the 5xx answers' detail. */
export interface LoadTally {
  readonly byStatus: Record<string, number>;
  /** 5xx answers that are not a 503 with Retry-After (the documented kind). */
  readonly undocumented5xx: string[];
  readonly requests: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Several senders posting batches of touchpoints: journeys of 20 to 60 steps with loops and shared
 * timestamps, customers interleaved (the long-journeys workload). A batch is retried until it is
 * answered 2xx, as a client with an idempotency key does; ids answered accepted or duplicate are
 * the ones the app owes us.
 */
export class Load {
  /** Touchpoint ids the API answered accepted (or duplicate: stored by an earlier try). */
  readonly accepted = new Set<string>();
  private readonly byStatus: Record<string, number> = {};
  private readonly undocumented: string[] = [];
  private requests = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private nextCustomer = 0;

  constructor(private readonly o: LoadOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.o.senders }, (_, i) => this.sender(i));
  }

  /** Stops after the batches in flight are answered 2xx (retried until then). */
  async pause(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  tally(): LoadTally {
    return {
      byStatus: { ...this.byStatus },
      undocumented5xx: [...this.undocumented],
      requests: this.requests,
    };
  }

  private async sender(index: number): Promise<void> {
    while (this.running) {
      const first = this.nextCustomer;
      this.nextCustomer += this.o.customersPerChunk;
      const spacing = 60_000;
      const t0 = HISTORY_T0 + first * spacing + index;
      const { merged } = mergedCustomers(index + 1, first, this.o.customersPerChunk, t0, spacing);
      for (let i = 0; i < merged.length; i += this.o.batchSize) {
        await this.deliver(merged.slice(i, i + this.o.batchSize).map((e) => e.tp));
        if (!this.running) break;
      }
    }
  }

  /** Posts until answered 2xx; 4xx other than 429 is recorded and dropped (a bug of ours). */
  private async deliver(batch: Touchpoint[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.post(batch);
      if (answer === 'done') return;
      await sleep(Math.min(2_000, 100 * 2 ** attempt));
    }
  }

  private async post(batch: Touchpoint[]): Promise<'done' | 'retry'> {
    this.requests++;
    let res: Response;
    try {
      res = await fetch(`${this.o.baseUrl}/v1/touchpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ touchpoints: batch }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      this.count('network');
      return 'retry';
    }
    this.count(String(res.status));
    const body = (await res.json().catch(() => null)) as {
      error?: string;
      results?: { id: string; status: string }[];
      details?: { results?: { id: string; status: string }[] };
    } | null;
    // A 503 INGESTION_INCOMPLETE names per item what was stored all the same.
    for (const r of body?.results ?? body?.details?.results ?? []) {
      if (r.status === 'accepted' || r.status === 'duplicate') this.accepted.add(r.id);
    }
    const retryAfter = res.headers.get('retry-after');
    if (res.status >= 500 && (res.status !== 503 || !retryAfter)) {
      this.undocumented.push(
        `${res.status} ${body?.error ?? '-'} (Retry-After: ${retryAfter ?? 'none'})`,
      );
    }
    if (res.ok) return 'done';
    if (res.status === 429 || res.status >= 500) return 'retry';
    this.undocumented.push(`${res.status} on a valid batch: ${JSON.stringify(body).slice(0, 200)}`);
    return 'done';
  }

  private count(key: string): void {
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }
}
