import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  chainEvents,
  GENESIS_HASH,
  serialize,
  SourceMappingDefined,
  sourceMappingStream,
} from '@journey/events';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@journey/event-store';
import { metadataOf } from '../event-metadata';
import { DefineSourceMapping } from './define-source-mapping.command';
import { SourceMappingCache } from './source-mapping.cache';
import { loadSourceMapping } from './source-mappings';

const MAX_ATTEMPTS = 5;

@CommandHandler(DefineSourceMapping)
export class DefineSourceMappingHandler implements ICommandHandler<DefineSourceMapping> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cache: SourceMappingCache,
  ) {}

  async execute({ source, mapping, context }: DefineSourceMapping) {
    for (let attempt = 1; ; attempt++) {
      const current = await loadSourceMapping(this.store, source);
      const next: SourceMappingDefined = {
        type: 'SourceMappingDefined',
        data: { source, ...mapping },
      };
      // PUT is idempotent: the same mapping again records nothing.
      if (current && isDeepStrictEqual(current.data, next.data))
        return { ...current, changed: false };
      try {
        await this.store.appendToStream(
          sourceMappingStream(source),
          chainEvents(current?.hash ?? GENESIS_HASH, [
            serialize(randomUUID(), next, metadataOf(context)),
          ]),
          { expectedRevision: current ? BigInt(current.version - 1) : 'no_stream' },
        );
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      // This process maps with it at once; others within the cache's recheck interval.
      this.cache.forget(source);
      const stored = await loadSourceMapping(this.store, source);
      return { ...stored!, changed: true };
    }
  }
}
