import { CustomerIdentified, JourneyEvent, TouchpointRecorded } from '@journey/events';
import {
  arrivalKey,
  compareArrivals,
  definitionVersion,
  FirstCopies,
  firstLinkOf,
  IdentityLinks,
  offerDefinition,
  supersedes,
  touchpointCopyKey,
  touchpointOwner,
} from './log-rules';

const identified = (anonymousId: string, customerId: string): CustomerIdentified => ({
  type: 'CustomerIdentified',
  data: { anonymousId, customerId, occurredAt: '2026-04-01T09:00:00.000Z' },
});

const touchpoint = (
  ids: Pick<TouchpointRecorded['data'], 'customerId' | 'anonymousId'>,
): TouchpointRecorded['data'] => ({
  touchpointId: 't1',
  journey: 'onboarding',
  step: 'start',
  stage: null,
  channel: 'web',
  outcome: 'success',
  occurredAt: '2026-04-01T09:00:00.000Z',
  journeyInstanceId: null,
  durationMs: null,
  source: null,
  agentId: null,
  attributes: {},
  ...ids,
});

describe('arrival order', () => {
  it('given positions that differ in digit count, when keyed, then the keys sort as the positions do', () => {
    const positions: [bigint, bigint][] = [
      [9n, 100n],
      [10n, 2n],
      [10n, 10n],
      [123456789012n, 0n],
    ];
    const keys = positions.map(([c, p]) => arrivalKey(c, p));
    expect([...keys].reverse().sort(compareArrivals)).toEqual(keys);
    expect(arrivalKey(10, 2)).toBe(arrivalKey(10n, 2n));
  });
});

describe('first copy of a touchpoint wins', () => {
  it('given a touchpoint delivered twice to one stream, when admitted, then only the first copy is', () => {
    const copies = new FirstCopies();
    expect(copies.admit('customer-c1', 't1')).toBe(true);
    expect(copies.admit('customer-c1', 't1')).toBe(false);
    expect(copies.admit('customer-c1', 't2')).toBe(true);
  });

  it('given the same touchpoint id in two streams, when admitted, then both are first copies', () => {
    const copies = new FirstCopies();
    expect(copies.admit('customer-c1', 't1')).toBe(true);
    expect(copies.admit('anonymous-a1', 't1')).toBe(true);
    expect(touchpointCopyKey('customer-c1', 't1')).not.toBe(
      touchpointCopyKey('anonymous-a1', 't1'),
    );
  });
});

describe('first identity link wins', () => {
  it('given an anonymous id linked twice, when folded in arrival order, then the first link holds', () => {
    const links = new IdentityLinks();
    expect(links.link(identified('a1', 'c1').data)).toBe(true);
    expect(links.link(identified('a1', 'c2').data)).toBe(false);
    expect(links.customerOf('a1')).toBe('c1');
    expect([...links.entries()]).toEqual([
      ['a1', { customerId: 'c1', linkedAt: '2026-04-01T09:00:00.000Z' }],
    ]);
  });

  it('given an unlinked anonymous id, when its owner is asked, then it is the id itself', () => {
    const links = new IdentityLinks();
    links.link(identified('a1', 'c1').data);
    expect(links.ownerOf('a1')).toBe('c1');
    expect(links.ownerOf('a2')).toBe('a2');
    expect(links.customerOf('a2')).toBeUndefined();
  });

  it("given a stream's events, when its first link is asked, then it is the first CustomerIdentified", () => {
    const events: (JourneyEvent | undefined)[] = [
      undefined,
      { type: 'TouchpointRecorded', data: touchpoint({ customerId: null, anonymousId: 'a1' }) },
      identified('a1', 'c1'),
      identified('a1', 'c2'),
    ];
    expect(firstLinkOf(events)).toBe('c1');
    expect(firstLinkOf(events.slice(0, 2))).toBeNull();
  });

  it('given touchpoints of a customer, of a linked and of an unlinked anonymous id, when filed, then each goes to its owner', () => {
    expect(touchpointOwner(touchpoint({ customerId: 'c9', anonymousId: 'a1' }), 'c1')).toBe('c9');
    expect(touchpointOwner(touchpoint({ customerId: null, anonymousId: 'a1' }), 'c1')).toBe('c1');
    expect(touchpointOwner(touchpoint({ customerId: null, anonymousId: 'a1' }), undefined)).toBe(
      'a1',
    );
  });
});

describe('the highest definition version applies', () => {
  it('given revisions of a definition stream, when versioned, then versions count from 1', () => {
    expect(definitionVersion(0n)).toBe(1);
    expect(definitionVersion(4)).toBe(5);
  });

  it('given versions arriving out of order, when offered, then the highest is held and a lower one changes nothing', () => {
    const held = new Map<string, { version: number; name: string }>();
    expect(offerDefinition(held, 'j', { version: 2, name: 'v2' })).toBe(true);
    expect(offerDefinition(held, 'j', { version: 1, name: 'v1' })).toBe(false);
    expect(offerDefinition(held, 'j', { version: 2, name: 'v2 again' })).toBe(false);
    expect(held.get('j')?.name).toBe('v2');
    expect(offerDefinition(held, 'j', { version: 3, name: 'v3' })).toBe(true);
    expect(held.get('j')?.name).toBe('v3');
  });

  it('given no definition held, when one is offered, then it supersedes', () => {
    expect(supersedes({ version: 1 }, undefined)).toBe(true);
    expect(supersedes({ version: 1 }, { version: 1 })).toBe(false);
  });
});
