import { Command } from '@nestjs/cqrs';
import { SourceMapping } from '@journey/domain';
import { RequestContext } from '../../common/request-context';
import { StoredSourceMapping } from './source-mappings';

/** Make this the source's mapping (a new version unless it is the current one already). */
export class DefineSourceMapping extends Command<StoredSourceMapping & { changed: boolean }> {
  constructor(
    readonly source: string,
    readonly mapping: SourceMapping,
    readonly context: RequestContext,
  ) {
    super();
  }
}
