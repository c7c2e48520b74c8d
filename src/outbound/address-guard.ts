import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** An outbound request was not made: its host is, or resolves to, an address webhooks may not reach. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

/**
 * Why an address is off limits for webhooks, or undefined when it is a public unicast
 * address. ipaddr.js names the range (private, loopback, linkLocal, uniqueLocal,
 * carrierGradeNat, multicast, unspecified, reserved, 6to4, teredo, …); `process` first turns
 * an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) into the IPv4 address it stands for, so a
 * mapped loopback is loopback. Everything but plain `unicast` is refused: the ranges that
 * tunnel or translate to IPv4 (6to4, Teredo, NAT64) could reach private IPv4 networks too.
 *
 * @example
 *   forbiddenRange('10.1.2.3')          // 'private'
 *   forbiddenRange('::ffff:127.0.0.1')  // 'loopback'
 *   forbiddenRange('93.184.215.14')     // undefined
 */
export function forbiddenRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? undefined : range;
}

const ALLOW_HINT = 'outbound webhooks may not reach private, loopback, link-local or unique-local addresses unless BOOMERANG_ALLOW_PRIVATE_WEBHOOKS=true';

/** Refuses a literal IP host before any connection (Node does not call `lookup` for those). */
export function assertLiteralHostAllowed(hostname: string): void {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (!isIP(bare)) return;
  const range = forbiddenRange(bare);
  if (range) throw new RefusedAddressError(`${bare} is a ${range} address; ${ALLOW_HINT}.`);
}

/**
 * A `lookup` for node:http that resolves every address of the host and refuses the request
 * when any of them is forbidden. The connection then goes to an address this function
 * checked, so a DNS answer that changes between a check and the connect (rebinding) cannot
 * slip a private address in.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { all: true, verbatim: true, family: options.family }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const bad = addresses.map((entry) => ({ entry, range: forbiddenRange(entry.address) })).find((item) => item.range);
    if (bad) return callback(new RefusedAddressError(`${hostname} resolves to ${bad.entry.address} (${bad.range}); ${ALLOW_HINT}.`), '', 0);
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
