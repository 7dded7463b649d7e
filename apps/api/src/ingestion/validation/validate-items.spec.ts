import { TouchpointDto } from '../record-touchpoints/touchpoint.dto';
import { validateItem } from './validate-items';

const valid = {
  id: 'tp-1',
  customerId: 'c-1',
  journey: 'onboarding',
  step: 'signup',
  channel: 'web',
  occurredAt: '2026-05-01T10:00:00Z',
  attributes: { device: 'ios', paid: true, n: 3 },
};

// Each row: a body the flat path must judge exactly as plainToInstance + class-validator does.
const bodies: [string, unknown][] = [
  ['valid', valid],
  [
    'every optional field',
    {
      ...valid,
      stage: 's',
      outcome: 'failure',
      durationMs: 5,
      source: 'crm',
      agentId: 'a',
      journeyInstanceId: 'i',
    },
  ],
  ['unknown field', { ...valid, colour: 'red' }],
  ['wrong types', { ...valid, id: 7, durationMs: '5', attributes: [1] }],
  ['missing required', { customerId: 'c-1' }],
  ['bad enum and slug', { ...valid, channel: 'fax', journey: 'Not A Slug' }],
  ['nested attribute object', { ...valid, attributes: { deep: { x: 1 } } }],
  ['empty strings', { ...valid, id: '', step: '' }],
  ['a JSON "__proto__" key', JSON.parse('{"id":"tp-1","__proto__":{"step":"x"}}')],
  ['a "constructor" key', { ...valid, constructor: 'x' }],
  ['a "hasOwnProperty" key', { ...valid, hasOwnProperty: 1 }],
];

describe('validateItem, flat instances', () => {
  it.each(bodies)('given %s, then the flat path finds the same problems and values', (_, body) => {
    const nested = validateItem(TouchpointDto, body, 3);
    const flat = validateItem(TouchpointDto, body, 3, 'flat');
    expect(flat.problems).toEqual(nested.problems);
    expect({ ...flat.value }).toEqual({ ...nested.value });
    expect(flat.value).toBeInstanceOf(TouchpointDto);
  });

  it.each([
    ['flat', '__proto__'],
    ['nested', '__proto__'],
    ['flat', 'constructor'],
    ['nested', 'constructor'],
    ['nested', 'toString'],
  ] as const)(
    'given a JSON key naming the prototype or its methods, when validated %s, then %s is an unknown field',
    (shape, key) => {
      const body = JSON.parse(JSON.stringify(valid).replace('{', `{"${key}":{"step":"x"},`));
      const { value, problems } = validateItem(TouchpointDto, body, 0, shape);
      expect(Object.getPrototypeOf(value)).toBe(TouchpointDto.prototype);
      expect(value?.constructor).toBe(TouchpointDto);
      expect(problems).toEqual([
        { index: 0, field: key, rule: 'unknownField', message: `unknown field "${key}"` },
      ]);
    },
  );
});
