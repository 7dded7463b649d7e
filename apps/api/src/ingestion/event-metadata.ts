import { MetadataInput } from '@journey/events';
import { RequestContext } from '../common/request-context';

/** Metadata of events caused by a request; `source` defaults to the API key's name. */
export function metadataOf(c: RequestContext, source?: string | null): MetadataInput {
  return {
    correlationId: c.correlationId,
    causationId: c.requestId,
    requestId: c.requestId,
    source: source ?? c.caller,
    apiKeyId: c.apiKeyId,
  };
}
