/** One Server-Sent Event (comments, such as heartbeats, are not events). */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * An incremental parser of the text/event-stream format: feed it chunks as they arrive (split
 * anywhere, even inside a line) and it returns the events each chunk completed. Follows the
 * WHATWG rules that matter here: CRLF/LF/CR line ends, `field: value` with one optional space,
 * multi-line data joined by "\n", a blank line dispatches, lines starting with ":" are comments.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | null = null;
  /** The last id seen (kept across events, as EventSource does, for Last-Event-ID). */
  lastEventId: string | null = null;

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      // A lone CR at the end may be the first half of CRLF: wait for the next chunk.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) out.push(event);
    }
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return null;
      }
      const event = { id: this.id, event: this.event || 'message', data: this.data.join('\n') };
      this.data = [];
      this.event = '';
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = this.lastEventId = value;
    return null;
  }
}

export interface StreamHandlers {
  onEvent(event: SseEvent): void;
  onState(state: 'connecting' | 'open' | 'retrying' | 'closed', detail?: string): void;
}

/**
 * Follows an SSE endpoint with fetch (EventSource cannot send an Authorization header), resuming
 * after a dropped connection from the last event id. Returns a function that stops it.
 */
export function followStream(
  url: string,
  headers: () => Record<string, string>,
  handlers: StreamHandlers,
  retryMs = 3000,
): () => void {
  const abort = new AbortController();
  const parser = new SseParser();
  let stopped = false;
  const run = async () => {
    while (!stopped) {
      handlers.onState('connecting');
      try {
        const res = await fetch(url, {
          headers: {
            ...headers(),
            Accept: 'text/event-stream',
            ...(parser.lastEventId ? { 'Last-Event-ID': parser.lastEventId } : {}),
          },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) {
          // Not retried: a wrong key or a server without the stream will not change by waiting.
          if ([401, 403, 404].includes(res.status)) {
            handlers.onState('closed', String(res.status));
            return;
          }
          throw new Error(`HTTP ${res.status}`);
        }
        handlers.onState('open');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) handlers.onEvent(event);
        }
      } catch (err) {
        if (stopped) return;
        handlers.onState('retrying', (err as Error).message);
      }
      if (!stopped) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
    handlers.onState('closed');
  };
}
