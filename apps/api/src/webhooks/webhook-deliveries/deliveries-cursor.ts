/** Opaque page cursor of the delivery log: base64url of the last delivery's feed seq. */
export function encodeDeliveriesCursor(seq: string): string {
  return Buffer.from(JSON.stringify([seq])).toString('base64url');
}

export function decodeDeliveriesCursor(cursor: string): string | null {
  try {
    const [seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    return typeof seq === 'string' && /^\d{1,19}$/.test(seq) ? seq : null;
  } catch {
    return null;
  }
}
