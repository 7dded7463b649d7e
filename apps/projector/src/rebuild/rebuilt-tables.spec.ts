import { RECORD_TABLES } from '@journey/records';
import { PROJECTIONS } from '../projections';

// A rebuild swaps out exactly a projection's `tables`: none of them may be a source-of-truth record.
describe('what a rebuild may replace', () => {
  it.each(Object.entries(PROJECTIONS))(
    'the %s projection rebuilds read-model tables only, never a record table',
    (_name, make) => {
      const tables = make('rebuild').tables;
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.filter((t) => (RECORD_TABLES as readonly string[]).includes(t))).toEqual([]);
      expect(tables.every((t) => t.startsWith('rm_'))).toBe(true);
    },
  );
});
