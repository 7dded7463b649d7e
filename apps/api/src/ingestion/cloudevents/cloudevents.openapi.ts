import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { MAX_CLOUDEVENTS_BATCH } from './cloudevents-request';

/** One CloudEvent in the JSON format, as this endpoint reads it (docs/cloudevents.md). */
export const CLOUD_EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'source', 'specversion', 'type', 'time'],
  properties: {
    id: { type: 'string', minLength: 1, description: 'With source, the idempotency key' },
    source: { type: 'string', format: 'uri-reference', minLength: 1 },
    specversion: { type: 'string', enum: ['1.0'] },
    type: { type: 'string', minLength: 1, description: 'The name the source mapping matches' },
    time: {
      type: 'string',
      format: 'date-time',
      description: 'RFC 3339; required here: it becomes the touchpoint occurredAt',
    },
    subject: {
      type: 'string',
      minLength: 1,
      description: 'The customer, unless customerid or anonymousid is present',
    },
    datacontenttype: { type: 'string', description: 'JSON only (application/json or +json)' },
    dataschema: { type: 'string', format: 'uri' },
    customerid: { type: 'string', description: 'Extension: the customer (before subject)' },
    anonymousid: { type: 'string', description: 'Extension: an anonymous visitor id' },
    channel: { type: 'string', description: 'Extension: a channel hint for the mapping' },
    data: { type: 'object', description: 'Becomes the properties mapping rules read' },
  },
  // Other extension attributes: names of 1-20 lower-case letters or digits.
  additionalProperties: {
    oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'integer', format: 'int32' }],
  },
};

export const CLOUD_EVENT_BATCH_SCHEMA: SchemaObject = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_CLOUDEVENTS_BATCH,
  items: CLOUD_EVENT_SCHEMA,
};

/** The 202 body: what the ingestion did with the request's events. */
export class CloudEventsAcceptedDto {
  @ApiProperty({ description: 'Events stored as new touchpoints' }) accepted!: number;
  @ApiProperty({ description: 'Events already stored (same source + id)' }) duplicates!: number;
  @ApiProperty({ description: 'Identity links recorded' }) identified!: number;
  @ApiProperty({ description: 'Events no rule of the source mapping matched: listed, not stored' })
  unmapped!: number;
}
