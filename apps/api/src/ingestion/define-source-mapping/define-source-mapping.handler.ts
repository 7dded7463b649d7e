import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { sourceMappingStream } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { defineSourceMapping } from '@journey/domain';
import { define } from '../definition-streams';
import { DefineSourceMapping } from './define-source-mapping.command';
import { SourceMappingCache } from './source-mapping.cache';
import { toStored } from './source-mappings';

@CommandHandler(DefineSourceMapping)
export class DefineSourceMappingHandler implements ICommandHandler<DefineSourceMapping> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cache: SourceMappingCache,
  ) {}

  execute({ source, mapping, context }: DefineSourceMapping) {
    return define(this.store, {
      stream: sourceMappingStream(source),
      decider: defineSourceMapping,
      command: { source, ...mapping },
      context,
      toStored,
      // This process maps with it at once; others within the cache's recheck interval.
      forget: () => this.cache.forget(source),
    });
  }
}
