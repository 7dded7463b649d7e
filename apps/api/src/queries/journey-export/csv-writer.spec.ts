import { CSV_COLUMNS, csvField, CsvWriter } from './csv-writer';
import { oneEventTrace } from '../../../test/export-trace-sample';

const trace = oneEventTrace(
  { instanceId: 'auto:t1', customerId: 'c,1', status: 'failed', frictions: { failure: 1 } },
  {
    step: '=HYPERLINK("x")',
    stage: null,
    agentId: '@agent',
    attributes: { plan: 'pro', seats: 3 },
    frictionTypes: ['failure', 'repeat_attempt'],
  },
);

describe('CSV export', () => {
  it('quotes fields with a comma, quote or line break (RFC 4180), doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });

  it('defuses text a spreadsheet would run as a formula with a leading apostrophe', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvField(`${lead}1+1`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvField("it's")).toBe("it's");
  });

  it('writes a header, then one CRLF-ended row per event with ISO 8601 times in ms and Z', () => {
    const w = new CsvWriter();
    expect(w.head()).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(w.trace(trace)).toBe(
      [
        'auto:t1',
        `"'=HYPERLINK(""x"")"`,
        '2026-04-01T09:00:00.005Z',
        '"c,1"',
        'failed',
        '2026-04-01T09:00:00.005Z',
        '2026-04-01T09:30:00.000Z',
        't1',
        '',
        'web',
        'failure',
        "'@agent",
        '"failure,repeat_attempt"',
        '"{""plan"":""pro"",""seats"":3}"',
      ].join(',') + '\r\n',
    );
  });
});
