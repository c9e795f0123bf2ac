/**
 * A fetch for Node that applies the address guard when it connects, not only before: the
 * undici Agent's connector refuses an IP literal that is not public, and resolves hostnames
 * through a lookup that refuses the connection when any address is not public. The page
 * fetcher checks a URL's addresses before fetching; this closes the gap between that check
 * and the HTTP client's own resolution (DNS rebinding: a name that answers a public address
 * first and a private one a moment later).
 *
 * Origins in `allowOrigins` connect without the guard (the search emulator, an intranet
 * source), exactly as in the page fetcher. A refusal reaches the caller as fetch's
 * `TypeError("fetch failed")` whose `cause` is the `FetchRefusedError`; the page fetcher
 * rethrows that cause.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { classifyAddress } from "./address-guard.ts";
import { FetchRefusedError } from "./errors.ts";
import { originOf } from "./page-fetcher.ts";

/** `dns.lookup`'s shape, always called with `all: true`. */
export type AllAddressesLookup = (
  hostname: string,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface GuardedFetchOptions {
  /** Exact origins that connect without the guard. @default [] */
  allowOrigins?: readonly string[];
  /** How hostnames are resolved at connect time. @default dns.lookup with all: true */
  lookup?: AllAddressesLookup;
  /** Timeout of one TCP/TLS connect, ms. @default 10000 */
  connectTimeoutMs?: number;
}

export interface GuardedFetch {
  /** fetch, through the guarded agent. */
  fetch: typeof fetch;
  /** The undici Agent behind it. */
  agent: Agent;
  /** Closes the agent's connections. */
  close(): Promise<void>;
}

const defaultLookup: AllAddressesLookup = (hostname, callback) =>
  dnsLookup(hostname, { all: true, verbatim: true }, callback);

function refusalFor(address: string, hostname: string): FetchRefusedError | undefined {
  let cls: ReturnType<typeof classifyAddress>;
  try {
    cls = classifyAddress(address);
  } catch {
    cls = "reserved";
  }
  if (cls === "public") return undefined;
  const what = address === hostname ? address : `${hostname} (${address})`;
  return new FetchRefusedError(cls, hostname, `connecting to ${what}, a ${cls} address`, {
    address,
  });
}

/** The origin a connector call is for. */
function connectOrigin(o: { protocol: string; hostname: string; host?: string; port: string }) {
  const host =
    o.host ??
    `${o.hostname.includes(":") ? `[${o.hostname}]` : o.hostname}${o.port ? `:${o.port}` : ""}`;
  try {
    return new URL(`${o.protocol}//${host}`).origin;
  } catch {
    return "";
  }
}

/** A fetch whose every connection passes the address guard (unless its origin is allowed). */
export function createGuardedFetch(opts: GuardedFetchOptions = {}): GuardedFetch {
  const allowed = new Set((opts.allowOrigins ?? []).map(originOf));
  const lookup = opts.lookup ?? defaultLookup;
  const timeout = opts.connectTimeoutMs ?? 10_000;
  // Node calls `lookup(hostname, options, callback)`; with `options.all` it wants the list,
  // otherwise one address and its family (autoSelectFamily asks for all).
  const guardedLookup = (
    hostname: string,
    options: { all?: boolean },
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    lookup(hostname, (err, addresses) => {
      if (err) return callback(err, "");
      if (addresses.length === 0) return callback(new Error(`${hostname} has no addresses`), "");
      for (const a of addresses) {
        const refused = refusalFor(a.address, hostname);
        if (refused) return callback(refused, "");
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
  const guarded = buildConnector({ timeout, lookup: guardedLookup as never });
  const open = buildConnector({ timeout });
  const agent = new Agent({
    connect(o, callback) {
      if (allowed.has(connectOrigin(o))) return open(o, callback);
      const host = o.hostname.toLowerCase().replace(/\.$/, "");
      if (host === "localhost" || host.endsWith(".localhost")) {
        return callback(
          new FetchRefusedError("loopback", o.hostname, `${o.hostname} is this machine (loopback)`),
          null,
        );
      }
      // An IP literal is connected to without a lookup: check it here.
      if (isIP(o.hostname)) {
        const refused = refusalFor(o.hostname, o.hostname);
        if (refused) return callback(refused, null);
      }
      return guarded(o, callback);
    },
  });
  const guardedFetch = ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(
      input as never,
      { ...(init as object), dispatcher: agent } as never,
    )) as unknown as typeof fetch;
  return { fetch: guardedFetch, agent, close: () => agent.close() };
}
