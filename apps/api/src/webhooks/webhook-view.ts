import { FrictionType } from '@journey/domain';
import { AppError } from '../common/app-error';

/** A webhook as the API shows it: never its secret. Empty `types` or `journeys` means all. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly types: FrictionType[];
  readonly journeys: string[];
  readonly createdAt: string;
}

export interface WebhookRow {
  id: string;
  url: string;
  types: FrictionType[];
  journeys: string[];
  created_at: Date;
}

export const WEBHOOK_COLUMNS = 'id, url, types, journeys, created_at';

export function webhookView(r: WebhookRow): WebhookView {
  return {
    id: r.id,
    url: r.url,
    types: r.types,
    journeys: r.journeys,
    createdAt: r.created_at.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else names no webhook. */
export function isWebhookId(id: string): boolean {
  return UUID.test(id);
}

export function webhookNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No webhook "${id.slice(0, 64)}"`);
}
