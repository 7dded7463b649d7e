/** Opaque page cursors: base64url of the last row's sort key. */
export function encodeCursor(startedAt: string, instanceId: string): string {
  return Buffer.from(JSON.stringify([startedAt, instanceId])).toString('base64url');
}

export function decodeCursor(cursor: string): { startedAt: string; instanceId: string } | null {
  try {
    const [startedAt, instanceId] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof startedAt !== 'string' ||
      typeof instanceId !== 'string' ||
      Number.isNaN(Date.parse(startedAt))
    )
      return null;
    return { startedAt, instanceId };
  } catch {
    return null;
  }
}
