import { SseParser } from '../src/api/sse';

describe('SseParser', () => {
  it('given an event split across chunks, then it is dispatched once the blank line arrives', () => {
    const p = new SseParser();
    expect(p.push('id: 4\nevent: fric')).toEqual([]);
    expect(p.push('tion\ndata: {"a":')).toEqual([]);
    expect(p.push('1}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ id: '4', event: 'friction', data: '{"a":1}' }]);
    expect(p.lastEventId).toBe('4');
  });

  it('skips heartbeat comments, joins multi-line data and accepts CRLF and CR line ends', () => {
    const p = new SseParser();
    const events = p.push(
      ': heartbeat\r\n\r\ndata: one\r\ndata:two\r\rid: 9\revent: friction\rdata: x\r',
    );
    expect(events).toEqual([{ id: null, event: 'message', data: 'one\ntwo' }]);
    // The final lone CR may be half of a CRLF: the event waits for more.
    expect(p.push('\n\n')).toEqual([{ id: '9', event: 'friction', data: 'x' }]);
  });

  it('keeps the last id for later events, as EventSource does', () => {
    const p = new SseParser();
    const events = p.push('id: 1\ndata: a\n\ndata: b\n\n');
    expect(events.map((e) => e.id)).toEqual(['1', '1']);
  });
});
