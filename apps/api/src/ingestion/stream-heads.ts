/**
 * The last revision this process saw for each stream: the guess for the next append's expected
 * revision. A wrong guess costs nothing but a retry, since the store answers a conflict with the
 * actual revision; a right one saves reading the head first. Bounded, least recently used first out.
 */
export class StreamHeadCache {
  private readonly heads = new Map<string, bigint>();

  constructor(private readonly capacity = 100_000) {}

  get(stream: string): bigint | undefined {
    const head = this.heads.get(stream);
    if (head !== undefined) {
      this.heads.delete(stream);
      this.heads.set(stream, head);
    }
    return head;
  }

  set(stream: string, head: bigint | 'no_stream'): void {
    this.heads.delete(stream);
    if (head === 'no_stream') return;
    this.heads.set(stream, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }
}
