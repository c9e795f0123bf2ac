/**
 * Where the gateway may listen. Without API keys it has no authentication, so it serves
 * loopback only, whatever HOST says: an open gateway spends the operator's LLM money for
 * anyone who can reach it.
 */

export const LOOPBACK_HOST = "127.0.0.1";

/** Whether `host` is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice("::ffff:".length) : h;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return m !== null && m[1] === "127" && m.slice(2).every((p) => Number(p) <= 255);
}

export interface BindDecision {
  /** The address to listen on. */
  host: string;
  /** Set when the configured host was refused: why, for the operator. */
  warning?: string;
}

/** The address to listen on, given HOST and whether any API key is configured. */
export function gatewayBindHost(host: string, authEnabled: boolean): BindDecision {
  if (authEnabled || isLoopbackHost(host)) return { host };
  return {
    host: LOOPBACK_HOST,
    warning: `HOST is ${host}, which is not a loopback address, but no API keys are configured (GATEWAY_API_KEYS or GATEWAY_API_KEYS_FILE): the gateway would serve anyone who reaches it without authentication, so it listens on ${LOOPBACK_HOST} only. Configure API keys to serve ${host}.`,
  };
}
