import { csvField, toCsv, variantsCsv } from '../src/map/csv';

describe('CSV export', () => {
  it('given fields with commas, quotes and line breaks, then only those are quoted, quotes doubled', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
    expect(
      toCsv([
        ['a', 1],
        ['b,c', null],
      ]),
    ).toBe('a,1\r\n"b,c",\r\n');
  });

  it('given text a spreadsheet would run as a formula, then it is defused; numbers are not', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1 call')).toBe("'+1 call");
    expect(csvField('-step')).toBe("'-step");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-3)).toBe('-3');
    expect(csvField('a-b')).toBe('a-b');
  });

  it('given variants, then one ranked row each with its steps joined', () => {
    const csv = variantsCsv([
      {
        variant: 'v1',
        steps: ['sign up', 'check, again', 'done'],
        count: 3,
        share: 0.75,
        completed: 2,
        failed: 1,
        abandoned: 0,
        completionRate: 2 / 3,
        medianDurationMs: 1000,
        p90DurationMs: null,
      },
    ]);
    const [header, row] = csv.split('\r\n');
    expect(header.split(',')[0]).toBe('rank');
    expect(row).toBe(`1,v1,"sign up > check, again > done",3,0.75,2,1,0,${2 / 3},1000,`);
  });
});
