/**
 * Which IP addresses the page fetcher may connect to: global unicast only. Fetching a URL
 * that a search result, a redirect or a user hands us must never reach the machine itself
 * (loopback), the local networks (RFC 1918, link-local, unique-local, CGNAT) or a cloud's
 * metadata service (169.254.169.254): that is server-side request forgery (SSRF).
 *
 * Pure functions over ipaddr.js's parser, with the ranges written out here as one table, so
 * what is refused is readable and tested case by case. IPv6 forms that embed an IPv4 address
 * (v4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4
 * address inside; IPv6 outside global unicast `2000::/3` is refused.
 */
import ipaddr from "ipaddr.js";
import type { RefusedAddress } from "./errors.ts";

/** What an address is: `public` may be fetched, anything else is the reason it may not. */
export type AddressClass = "public" | RefusedAddress;

type Range = readonly [cidr: string, cls: Exclude<AddressClass, "public">];

/** IPv4 ranges that are not global unicast; the first match wins. */
export const IPV4_NON_PUBLIC: readonly Range[] = [
  ["0.0.0.0/8", "unspecified"], // "this network" (RFC 791); 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0/8", "private"], // RFC 1918
  ["100.64.0.0/10", "cgnat"], // RFC 6598, carrier-grade NAT
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"], // RFC 3927, incl. cloud metadata 169.254.169.254
  ["172.16.0.0/12", "private"], // RFC 1918
  ["192.0.0.0/24", "reserved"], // RFC 6890, IETF protocol assignments
  ["192.0.2.0/24", "documentation"], // TEST-NET-1, RFC 5737
  ["192.88.99.0/24", "reserved"], // 6to4 relay anycast, deprecated (RFC 7526)
  ["192.168.0.0/16", "private"], // RFC 1918
  ["198.18.0.0/15", "reserved"], // benchmarking, RFC 2544
  ["198.51.100.0/24", "documentation"], // TEST-NET-2
  ["203.0.113.0/24", "documentation"], // TEST-NET-3
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"], // class E
];

/** IPv6 ranges that are not global unicast (embedded-IPv4 forms are handled before). */
export const IPV6_NON_PUBLIC: readonly Range[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "reserved"], // IPv4-compatible, deprecated (RFC 4291)
  ["64:ff9b:1::/48", "reserved"], // local-use NAT64 (RFC 8215)
  ["100::/64", "reserved"], // discard-only (RFC 6666)
  ["2001:db8::/32", "documentation"], // RFC 3849
  ["3fff::/20", "documentation"], // RFC 9637
  ["2001::/32", "reserved"], // Teredo tunnels
  ["2001::/23", "reserved"], // IETF protocol assignments (RFC 2928)
  ["5f00::/16", "reserved"], // segment routing (RFC 9602)
  ["fc00::/7", "unique-local"], // RFC 4193
  ["fe80::/10", "link-local"],
  ["fec0::/10", "reserved"], // site-local, deprecated (RFC 3879)
  ["ff00::/8", "multicast"],
];

const parsedV4 = IPV4_NON_PUBLIC.map(([cidr, cls]) => [ipaddr.IPv4.parseCIDR(cidr), cls] as const);
const parsedV6 = IPV6_NON_PUBLIC.map(([cidr, cls]) => [ipaddr.IPv6.parseCIDR(cidr), cls] as const);
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");
const NAT64 = ipaddr.IPv6.parseCIDR("64:ff9b::/96");
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR("2002::/16");
/** Strict dotted-quad: ipaddr.js also accepts `0x7f.1` and `2130706433`, which URLs normalise. */
const DOTTED_QUAD =
  /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Whether the text is an IP literal (IPv4 dotted quad or IPv6, brackets allowed). */
export function isIpLiteral(text: string): boolean {
  const bare = unbracket(text);
  return DOTTED_QUAD.test(bare) || (bare.includes(":") && ipaddr.IPv6.isValid(bare));
}

function unbracket(text: string): string {
  return text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
}

function classifyV4(ip: ipaddr.IPv4): AddressClass {
  for (const [cidr, cls] of parsedV4) if (ip.match(cidr)) return cls;
  return "public";
}

function classifyV6(ip: ipaddr.IPv6): AddressClass {
  if (ip.isIPv4MappedAddress()) return classifyV4(ip.toIPv4Address());
  if (ip.match(NAT64))
    return classifyV4(ipaddr.IPv4.parse(ip.parts.slice(6).map(partToOctets).join(".")));
  if (ip.match(SIX_TO_FOUR))
    return classifyV4(ipaddr.IPv4.parse(ip.parts.slice(1, 3).map(partToOctets).join(".")));
  for (const [cidr, cls] of parsedV6) if (ip.match(cidr)) return cls;
  return ip.match(GLOBAL_UNICAST_V6) ? "public" : "reserved";
}

function partToOctets(part: number): string {
  return `${part >> 8}.${part & 0xff}`;
}

/**
 * The class of an IP address (IPv4 dotted quad, IPv6, IPv4-mapped IPv6; brackets and an
 * IPv6 zone allowed). Throws a TypeError on anything that is not an IP address.
 */
export function classifyAddress(address: string): AddressClass {
  const bare = unbracket(address.trim()).replace(/%.*$/, "");
  if (DOTTED_QUAD.test(bare)) return classifyV4(ipaddr.IPv4.parse(bare));
  if (bare.includes(":") && ipaddr.IPv6.isValid(bare)) return classifyV6(ipaddr.IPv6.parse(bare));
  throw new TypeError(`not an IP address: "${address}"`);
}

/** Whether the address is global unicast, so the fetcher may connect to it. */
export function isPublicAddress(address: string): boolean {
  try {
    return classifyAddress(address) === "public";
  } catch {
    return false;
  }
}
