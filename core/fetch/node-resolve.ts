/** Node's resolver for the page fetcher: every address `getaddrinfo` gives (hosts file included). */
import { lookup } from "node:dns/promises";

/** All addresses of a hostname, IPv4 and IPv6, as the HTTP client would see them. */
export async function nodeResolve(host: string): Promise<string[]> {
  const addresses = await lookup(host, { all: true, verbatim: true });
  return addresses.map((a) => a.address);
}
