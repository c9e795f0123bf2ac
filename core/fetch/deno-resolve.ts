/**
 * Deno's resolver for the page fetcher: the A and AAAA records from DNS. `Deno.resolveDns`
 * asks DNS servers, not the hosts file, while Deno's fetch connects through the system
 * resolver, and Deno offers no connect-time hook: on Deno the check before the fetch is the
 * only one (docs/search.md, "DNS rebinding").
 */

/** All A and AAAA addresses of a hostname; rejects when it has neither. */
export async function denoResolve(host: string): Promise<string[]> {
  const [v4, v6] = await Promise.allSettled([
    Deno.resolveDns(host, "A"),
    Deno.resolveDns(host, "AAAA"),
  ]);
  const addresses = [
    ...(v4.status === "fulfilled" ? v4.value : []),
    ...(v6.status === "fulfilled" ? v6.value : []),
  ];
  if (addresses.length === 0) {
    const reason =
      v4.status === "rejected" ? v4.reason : v6.status === "rejected" ? v6.reason : undefined;
    throw reason instanceof Error ? reason : new Error(`${host} has no A or AAAA records`);
  }
  return addresses;
}
