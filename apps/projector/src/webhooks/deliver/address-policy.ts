import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Where webhooks may be delivered. Only public unicast addresses by default: loopback, private,
 * link-local (cloud metadata at 169.254.169.254), unique-local, multicast, carrier-grade NAT and
 * reserved ranges are refused, unless an allowlisted range holds them. Plain http only if allowed.
 */
export interface AddressPolicy {
  readonly allowHttp: boolean;
  readonly allowed: readonly (readonly [Address, number])[];
}

export const PUBLIC_HTTPS_ONLY: AddressPolicy = { allowHttp: false, allowed: [] };

/** `WEBHOOK_ALLOWED_ADDRESSES`: comma-separated addresses or CIDR ranges; throws on a bad one. */
export function parseAllowlist(text: string): AddressPolicy['allowed'] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      if (s.includes('/')) return ipaddr.parseCIDR(s);
      const address = ipaddr.parse(s);
      return [address, address.kind() === 'ipv4' ? 32 : 128] as const;
    });
}

export function isValidAllowlist(text: string): boolean {
  try {
    parseAllowlist(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether a delivery may connect to this (resolved or literal) IP address. */
export function addressAllowed(text: string, policy: AddressPolicy): boolean {
  if (!ipaddr.isValid(text)) return false;
  let address: Address = ipaddr.parse(text);
  // ::ffff:127.0.0.1 is 127.0.0.1.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
    address = (address as ipaddr.IPv6).toIPv4Address();
  const listed = policy.allowed.some(
    ([range, bits]) =>
      range.kind() === address.kind() && (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits),
  );
  return listed || address.range() === 'unicast';
}
