/**
 * The connection settings every seo-farm process uses, whatever its transport: a service
 * reconnects forever, a CLI command gives up; async stack traces only on request; the
 * credentials and TLS files the environment names (see auth.ts, tls.ts). Each runtime's
 * connect entry (node-connect.ts, deno-connect.ts) passes these to its transport, with its
 * own file reader for a creds file and the TLS files.
 */
import { type ConnectionOptions, credsAuthenticator } from "@nats-io/nats-core";
import type { Env } from "../config.ts";
import { parseNatsAuth, serversWithoutCredentials } from "./auth.ts";
import { parseNatsTls, readNatsTls } from "./tls.ts";

export interface ConnectOptions {
  /** Connection name shown in the server's monitoring. */
  name: string;
  /** Keep trying to reconnect forever (a service) or give up (a CLI command). @default true */
  reconnectForever?: boolean;
  /**
   * Capture an async stack trace for every request (publish ack, KV read, ack). Useful when
   * debugging; costs ~15 % of an actor's CPU, so off unless NATS_ASYNC_TRACES=1.
   * @default false
   */
  asyncTraces?: boolean;
}

/**
 * The transport options for `url` (comma-separated servers); `env` decides the defaults
 * and the credentials. `readFile` reads a `NATS_CREDS` file and the `NATS_TLS_*` files (the
 * runtime's own API).
 */
export function natsConnectionOptions(
  url: string,
  opts: ConnectOptions,
  env: Env,
  readFile?: (path: string) => Uint8Array,
): ConnectionOptions {
  const auth = parseNatsAuth(env, url);
  const tlsFiles = parseNatsTls(env);
  const base: ConnectionOptions = {
    servers: serversWithoutCredentials(url).servers,
    name: opts.name,
    maxReconnectAttempts: opts.reconnectForever === false ? 10 : -1,
    reconnectTimeWait: 500,
    noAsyncTraces: !(opts.asyncTraces ?? env.NATS_ASYNC_TRACES === "1"),
    // Each role's replies on its own prefix, so no other role may subscribe to them.
    ...(env.NATS_INBOX_PREFIX?.trim() ? { inboxPrefix: env.NATS_INBOX_PREFIX.trim() } : {}),
    // TLS required once any NATS_TLS_* is set: a server without it is refused, not used in clear.
    ...(tlsFiles ? { tls: readNatsTls(tlsFiles, readFile) } : {}),
  };
  switch (auth.kind) {
    case "user":
      return { ...base, user: auth.user, pass: auth.pass };
    case "token":
      return { ...base, token: auth.token };
    case "creds": {
      if (!readFile) throw new TypeError("NATS_CREDS: this runtime cannot read a creds file");
      let data: Uint8Array;
      try {
        data = readFile(auth.file);
      } catch (err) {
        throw new TypeError(
          `NATS_CREDS: cannot read ${auth.file}: ${err instanceof Error ? err.message : err}`,
        );
      }
      return { ...base, authenticator: credsAuthenticator(data) };
    }
    default:
      return base;
  }
}
