/**
 * The source-of-truth tables: written by commands and workers, not derived from the event log, so
 * no rebuild may drop or truncate them (a rebuild replaces only its projection's `tables`).
 */
export const RECORD_TABLES = [
  // Access: the API keys, and who read what (audit).
  'api_keys',
  'audit_access_log',
  // Crypto-shredding: a customer's wrapped data key; deleting it is the erasure itself.
  'customer_keys',
  // Signed hash-chain checkpoints: they attest what the log held when they were taken.
  'chain_checkpoints',
  // Ingested events no source mapping matched yet (kept for a later mapping).
  'source_unmapped_events',
  // The friction announcements made live (SSE and webhooks read them by seq); a rebuild announces none.
  'friction_feed',
  // Webhooks: the subscriptions, and what was sent (a replay must not send again).
  'webhooks',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhook_fanout_cursor',
] as const;

export type RecordTable = (typeof RECORD_TABLES)[number];
