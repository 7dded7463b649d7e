import { TouchpointDto } from '../ingestion/record-touchpoints/touchpoint.dto';
import { RejectWriter } from './reject-writer';
import { runImport } from './run-import';
import { SourceRow } from './sources';

const clock = { now: () => new Date('2026-01-01T00:00:00Z') };

function rows(n: number, bad: number[] = []): AsyncIterable<SourceRow> {
  return (async function* () {
    for (let row = 1; row <= n; row++) {
      yield {
        row,
        value: {
          id: `t${row % 7 === 0 ? 1 : row}`, // every 7th repeats id t1 of customer c1
          customerId: `c${row % 5}`,
          journey: 'j',
          step: bad.includes(row) ? '' : 's',
          channel: 'web',
          occurredAt: '2025-01-01T00:00:00Z',
        },
      };
    }
  })();
}

function rejects() {
  const got: { row: number; fields: string[] }[] = [];
  const writer = {
    write: async (row: SourceRow, problems: { field: string }[]) =>
      void got.push({ row: row.row, fields: problems.map((p) => p.field) }),
  } as unknown as RejectWriter;
  return { got, writer };
}

describe('the import loop', () => {
  it('stores every valid row once per stream in file order, in lanes, never a batch with a repeated id', async () => {
    const batches: TouchpointDto[][] = [];
    const { got, writer } = rejects();
    const s = await runImport(rows(100, [3, 50]), {
      record: async (b) => {
        const keys = b.map((t) => `${t.customerId}/${t.id}`);
        expect(new Set(keys).size).toBe(keys.length);
        batches.push(b);
        return { accepted: b.length, duplicates: 0 };
      },
      rejects: writer,
      clock,
      strict: false,
      batchSize: 10,
      lanes: 3,
    });
    expect(s).toMatchObject({ read: 100, valid: 98, stored: 98, rejected: 2, stoppedAt: null });
    expect(got).toEqual([
      { row: 3, fields: ['step'] },
      { row: 50, fields: ['step'] },
    ]);
    // Per customer, the stored order is the file's.
    const stored = batches.flat();
    for (const c of ['c0', 'c1', 'c2', 'c3', 'c4']) {
      const steps = stored.filter((t) => t.customerId === c).map((t) => t.id);
      const expected: string[] = [];
      for (let row = 1; row <= 100; row++)
        if (`c${row % 5}` === c && row !== 3 && row !== 50)
          expected.push(`t${row % 7 === 0 ? 1 : row}`);
      expect(steps).toEqual(expected);
    }
  });

  it('--strict stops at the first bad row and stores the rows before it', async () => {
    const { writer } = rejects();
    const s = await runImport(rows(20, [12]), {
      record: async (b) => ({ accepted: b.length, duplicates: 0 }),
      rejects: writer,
      clock,
      strict: true,
      batchSize: 1000,
      lanes: 2,
    });
    expect(s).toMatchObject({ read: 12, valid: 11, stored: 11, rejected: 1, stoppedAt: 12 });
  });

  it('a failed batch fails the import, after the batches in flight settled', async () => {
    const { writer } = rejects();
    let settled = 0;
    const run = runImport(rows(40), {
      record: async (b) => {
        await new Promise((r) => setTimeout(r, b[0].customerId === 'c1' ? 1 : 20));
        if (b[0].customerId === 'c1') throw new Error('store down');
        settled++;
        return { accepted: b.length, duplicates: 0 };
      },
      rejects: writer,
      clock,
      strict: false,
      batchSize: 2,
      lanes: 5,
    });
    await expect(run).rejects.toThrow('store down');
    const before = settled;
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(before);
  });
});
