import { QuantileSketch } from '@journey/domain';
import { createTestDatabase, TestDatabase } from '../../../../../test/test-database';
import { mergeSketchText } from './sketch-text';

describe('mergeSketchText, over sketches as PostgreSQL writes them', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase(2)));
  afterAll(async () => db?.drop());

  const asPostgresText = async (sketch: QuantileSketch) =>
    (await db.pool.query<{ t: string }>('SELECT $1::jsonb::text AS t', [JSON.stringify(sketch)]))
      .rows[0].t;

  const sketches = [
    QuantileSketch.of([]),
    QuantileSketch.of([0, 0, 0]),
    QuantileSketch.of([0.01, 0.5, 1, 2, 3_600_000, 86_400_000 * 40]),
    QuantileSketch.of(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 100_000)),
  ];

  it('given sketches with zero, negative and large buckets, then the text merges to what their JSON merges to, without JSON.parse', async () => {
    const texts = await Promise.all(sketches.map(asPostgresText));
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const viaText = texts.reduce((into, t) => mergeSketchText(into, t), new QuantileSketch());
      expect(parse).not.toHaveBeenCalled();
      const viaJson = sketches.reduce(
        (into, s) => into.mergeJSON(s.toJSON()),
        new QuantileSketch(),
      );
      expect(viaText.toJSON()).toEqual(viaJson.toJSON());
      expect(viaText.count).toBe(3 + 6 + 5000);
    } finally {
      parse.mockRestore();
    }
  });

  it('given text of another shape, then it is parsed as JSON and checked like any serialised sketch', () => {
    expect(mergeSketchText(new QuantileSketch(), '{"z":1,"b":{"3":2}}').toJSON()).toEqual({
      z: 1,
      b: { '3': 2 },
    });
    expect(() => mergeSketchText(new QuantileSketch(), '{"b": {"3": 1.5}, "z": 0}')).toThrow(
      RangeError,
    );
  });
});
