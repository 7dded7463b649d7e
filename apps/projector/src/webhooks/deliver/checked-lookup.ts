import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { AddressPolicy, addressAllowed } from './address-policy';

/** A delivery's host resolved to an address the policy refuses. */
export class AddressNotAllowedError extends Error {
  constructor(readonly host: string) {
    super(`${host} resolves to an address webhooks may not reach`);
  }
}

type Resolve = (
  host: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * The `lookup` of a delivery's connection: resolves the host once, refuses if any answer is an
 * address the policy does not allow, and hands the connection exactly the addresses it checked,
 * so a DNS answer that changes between a check and the connect (rebinding) cannot slip through.
 */
export function checkedLookup(
  policy: AddressPolicy,
  resolve: Resolve = dns.lookup,
): LookupFunction {
  return (host, options, callback) => {
    resolve(host, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      if (addresses.length === 0 || addresses.some((a) => !addressAllowed(a.address, policy)))
        return callback(new AddressNotAllowedError(host), '', 0);
      if (options.all) return (callback as AllCallback)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

type AllCallback = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;
