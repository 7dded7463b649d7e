import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { BoundedCache } from '../../common/bounded-cache';
import { loadSourceMapping, StoredSourceMapping } from './source-mappings';

/** How stale a mapping may be when another API process changed it. */
export const MAPPING_RECHECK_MS = 1000;
const MAX_SOURCES = 1000;

interface Entry {
  readonly mapping: StoredSourceMapping | null;
  readonly checkedAt: number;
}

/**
 * The mappings the ingestion path uses. Each source's stream is read again (its last event: one
 * indexed row) at most once a second, so a mapping changed through another API process applies
 * here within MAPPING_RECHECK_MS; a change made through this process applies at once (forget).
 * Requests arriving while a read is under way share it.
 */
@Injectable()
export class SourceMappingCache {
  private readonly entries = new BoundedCache<Entry>(MAX_SOURCES);
  private readonly loading = new Map<string, Promise<StoredSourceMapping | null>>();
  /** Bumped by forget: a read begun before it must not put the old mapping back. */
  private generation = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  get(source: string): Promise<StoredSourceMapping | null> {
    const now = this.now();
    const entry = this.entries.get(source);
    if (entry && now - entry.checkedAt < MAPPING_RECHECK_MS) return Promise.resolve(entry.mapping);
    const pending = this.loading.get(source);
    if (pending) return pending;
    const generation = this.generation;
    const load = loadSourceMapping(this.store, source)
      .then((mapping) => {
        if (generation === this.generation) this.entries.set(source, { mapping, checkedAt: now });
        return mapping;
      })
      .finally(() => this.loading.delete(source));
    this.loading.set(source, load);
    return load;
  }

  /** A monotonic clock: how old an entry is has nothing to do with the business clock. */
  protected now(): number {
    return performance.now();
  }

  forget(source: string): void {
    this.generation++;
    this.entries.delete(source);
    this.loading.delete(source);
  }
}
