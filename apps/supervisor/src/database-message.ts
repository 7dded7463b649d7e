/** What the PostgreSQL child tells the supervisor over IPC (the URL holds the password: no argv, no log). */
export interface DatabaseMessage {
  readonly type: 'database-ready';
  readonly url: string;
}

export function isDatabaseMessage(value: unknown): value is DatabaseMessage {
  const m = value as DatabaseMessage;
  return m?.type === 'database-ready' && typeof m.url === 'string';
}
