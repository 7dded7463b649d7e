import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('given the same object built in different key orders, then the text is the same, keys sorted at every level', () => {
    const a = { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order, writes no whitespace, and escapes strings as JSON does', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ 'k"ey': 'line\nbreak "quoted" é' })).toBe(
      '{"k\\"ey":"line\\nbreak \\"quoted\\" é"}',
    );
  });

  it('sorts keys by UTF-16 code units (uppercase before lowercase, digits first)', () => {
    expect(canonicalJson({ b: 1, B: 2, '1': 3, a: 4 })).toBe('{"1":3,"B":2,"a":4,"b":1}');
  });

  it('writes numbers as their shortest round-trip form', () => {
    expect(canonicalJson({ n: [1.0, 0.1 + 0.2, 1e21, -0, 2 ** 60] })).toBe(
      '{"n":[1,0.30000000000000004,1e+21,0,1152921504606847000]}',
    );
  });

  it('describes what the store keeps: undefined members are left out, undefined items are null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: null })).toBe('{"b":[null],"c":null}');
  });

  it('equals itself after a JSON round trip through a store that reorders keys', () => {
    const event = { data: { z: 'é', attributes: { plan: 'pro', seats: 3 } }, type: 'T' };
    const reordered = JSON.parse(
      '{"type":"T","data":{"attributes":{"seats":3,"plan":"pro"},"z":"é"}}',
    );
    expect(canonicalJson(reordered)).toBe(canonicalJson(event));
  });

  it('refuses what is not JSON', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
