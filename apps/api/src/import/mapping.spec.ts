import { applyMapping, MappingError, parseMapping, parsePairs } from './mapping';

describe('CSV mapping options', () => {
  it('splits on the first "=" so column names may hold ":" and "="', () => {
    expect(parsePairs(['customerId=case:concept:name,step=a=b'], '--map')).toEqual(
      new Map([
        ['customerId', 'case:concept:name'],
        ['step', 'a=b'],
      ]),
    );
  });

  it('takes the option several times', () => {
    const m = parseMapping({ map: ['step=activity', 'occurredAt=ts'], set: ['channel=web'] });
    expect([...m.columns.keys()]).toEqual(['step', 'occurredAt']);
    expect(m.constants.get('channel')).toBe('web');
  });

  it.each([
    [{ map: ['stepp=activity'] }, /unknown field "stepp"/],
    [{ map: ['step'] }, /"step" is not field=value/],
    [{ map: ['=activity'] }, /not field=value/],
    [{ map: ['step='] }, /"step" needs a column name/],
    [{ map: ['step=a,step=b'] }, /"step" given twice/],
    [{ map: ['channel=c'], set: ['channel=web'] }, /both mapped \(--map\) and constant/],
  ])('refuses %j', (options, message) => {
    expect(() => parseMapping(options)).toThrow(MappingError);
    expect(() => parseMapping(options)).toThrow(message);
  });

  it('maps columns, constants over columns, defaults for empty cells, attributes by key', () => {
    const m = parseMapping({
      map: ['customerId=case,step=activity,channel=ch,attributes.group=org:group,stage=phase'],
      set: ['journey=helpdesk'],
      default: ['channel=other,stage=intake'],
    });
    expect(
      applyMapping({ case: 'c1', activity: 'Open', ch: '', 'org:group': 'G1', phase: 'triage' }, m),
    ).toEqual({
      customerId: 'c1',
      step: 'Open',
      channel: 'other',
      stage: 'triage',
      journey: 'helpdesk',
      attributes: { group: 'G1' },
    });
  });

  it('converts what text formats cannot say: a numeric duration, a spaced timestamp', () => {
    const m = parseMapping({ map: ['durationMs=d,occurredAt=t'] });
    expect(applyMapping({ d: '1500', t: '2011-10-11 13:45:40.276000+02:00' }, m)).toEqual({
      durationMs: 1500,
      occurredAt: '2011-10-11T13:45:40.276000+02:00',
    });
    // Anything else is left for the API's validation to name.
    expect(applyMapping({ d: '1.5', t: 'yesterday' }, m)).toEqual({
      durationMs: '1.5',
      occurredAt: 'yesterday',
    });
  });
});
