import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { sourceMappingStream } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { defineSourceMapping } from '@journey/domain';
import { handleCommand } from '../../common/handle-command';
import { metadataOf } from '../event-metadata';
import { DefineSourceMapping } from './define-source-mapping.command';
import { SourceMappingCache } from './source-mapping.cache';
import { loadSourceMapping, toStored } from './source-mappings';

/** PUT is idempotent: the same mapping again records nothing (the decider). */
@CommandHandler(DefineSourceMapping)
export class DefineSourceMappingHandler implements ICommandHandler<DefineSourceMapping> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cache: SourceMappingCache,
  ) {}

  async execute({ source, mapping, context }: DefineSourceMapping) {
    const { events, head } = await handleCommand(
      this.store,
      sourceMappingStream(source),
      defineSourceMapping,
      { source, ...mapping },
      { metadata: metadataOf(context) },
    );
    if (events.length === 0) return { ...toStored(head!)!, changed: false };
    // This process maps with it at once; others within the cache's recheck interval.
    this.cache.forget(source);
    const stored = await loadSourceMapping(this.store, source);
    return { ...stored!, changed: true };
  }
}
