import { attributesFrom } from './external-attributes';

describe('attributesFrom', () => {
  it('keeps scalars, flattens objects, keeps arrays as JSON and leaves nulls out', () => {
    expect(
      attributesFrom({
        plan: 'pro',
        amount: 12.5,
        trial: false,
        address: { city: 'Lyon', geo: { lat: 45.7 } },
        items: [{ sku: 'a' }],
        coupon: null,
      }),
    ).toEqual({
      plan: 'pro',
      amount: 12.5,
      trial: false,
      'address.city': 'Lyon',
      'address.geo.lat': 45.7,
      items: '[{"sku":"a"}]',
    });
  });

  it('stops flattening at depth 4 and keeps the rest as JSON', () => {
    expect(attributesFrom({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({
      'a.b.c.d': '{"e":1}',
    });
  });
});
