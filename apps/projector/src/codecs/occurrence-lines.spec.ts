import { FrictionOccurrence } from '@journey/domain';
import { copyLine, pgTextArray } from '../rebuild/copy-writer';
import { IsoTimes, OccurrenceLines } from './occurrence-lines';
import { occurrenceCodec, occurrenceValues } from './occurrence.codec';
import { sampleOccurrences } from '../../test/codec-samples';

/**
 * The generic encoding of the same row: what OccurrenceLines must reproduce, faster. The values
 * and their column types are the codec's (occurrenceValues, occurrenceCodec); each is written
 * the plain way (Date's ISO text, pgTextArray, JSON text) and the line by copyLine.
 */
const generic = (o: FrictionOccurrence) =>
  copyLine(
    occurrenceValues(o).map((v, k) => {
      if (v === null) return null;
      switch (occurrenceCodec.columns[k].type) {
        case 'epoch_ms':
          return new Date(v as number).toISOString();
        case 'text[]':
          return pgTextArray(v as string[]);
        case 'json':
          return JSON.stringify(v);
        default:
          return v as string;
      }
    }),
  );

// The samples' first occurrence, at the time these cases were written for.
const base: FrictionOccurrence = {
  ...sampleOccurrences()[0],
  occurredAt: Date.UTC(2026, 4, 1, 10, 0, 0, 123),
};

describe('OccurrenceLines', () => {
  it.each<[string, Partial<FrictionOccurrence>]>([
    ['plain values', {}],
    ['a customer id with a tab and a backslash', { customerId: 'c\t1\\x' }],
    ['an instance id with a newline', { instanceId: 'case\n7' }],
    ['a step and stage with backslashes', { step: 'a\\b', stage: 'c\\d' }],
    ['no stage', { stage: null }],
    ['touchpoint ids with quotes and backslashes', { touchpointIds: ['t"1', 't\\2', 't\t3'] }],
    ['no touchpoint ids', { touchpointIds: [] }],
    [
      'a trigger that is feedback',
      { triggerId: 'f\\1', feedbackId: 'f\\1', type: 'negative_feedback' },
    ],
    [
      'a detail with quotes and a line break',
      { detail: { type: 'backtrack', fromStage: 'a"\n', toStage: 'b\\' } as never },
    ],
  ])('given %s, when encoded, then the line equals the generic COPY encoding', (_, change) => {
    const o = { ...base, ...change } as FrictionOccurrence;
    expect(new OccurrenceLines().line(o)).toBe(generic(o));
  });

  it('given consecutive rows that share and then change customer, instance and time, when encoded, then no value leaks from the previous row', () => {
    const lines = new OccurrenceLines();
    const rows: FrictionOccurrence[] = [
      base,
      { ...base, id: 'b', touchpointId: 't3', triggerId: 't3' },
      { ...base, id: 'c', customerId: 'c\\2', instanceId: 'i\t2', occurredAt: base.occurredAt + 1 },
      { ...base, id: 'd', instanceId: 'i1', occurredAt: base.occurredAt },
    ];
    expect(rows.map((o) => lines.line(o))).toEqual(rows.map(generic));
  });
});

describe('IsoTimes', () => {
  it('given times across days, hours and millisecond boundaries (and before 1970), when formatted, then each equals toISOString', () => {
    const times = new IsoTimes();
    const samples = [
      0,
      -1,
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(2026, 4, 1, 0, 0, 0, 0),
      Date.UTC(2026, 4, 1, 9, 5, 7, 8),
      Date.UTC(2026, 4, 1, 23, 59, 59, 999),
      Date.UTC(2026, 4, 2, 10, 10, 10, 10),
      Date.UTC(2024, 1, 29, 12, 0, 0, 100),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
    ];
    for (let i = 0; i < 2000; i++) samples.push(Date.UTC(2026, 0, 1) + i * 7_777_777 + (i % 1000));
    for (const ms of samples) expect(times.format(ms)).toBe(new Date(ms).toISOString());
  });
});
