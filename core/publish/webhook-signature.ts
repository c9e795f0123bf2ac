/**
 * The webhook's signature scheme, for senders and receivers:
 *
 *   Seo-Farm-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed later
 * than the receiver's tolerance; more than one `v1=` may be present (a sender rotating its
 * secret signs with both), and any one that matches will do. Web Crypto only (crypto.subtle),
 * so receivers on Node, Deno, Bun and edge runtimes use the same function.
 */

export const WEBHOOK_SIGNATURE_HEADER = "Seo-Farm-Signature";
/** How far a signature's timestamp may be from the receiver's clock, seconds. */
export const DEFAULT_SIGNATURE_TOLERANCE_S = 300;

const encoder = new TextEncoder();

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}

/** The signed bytes: `<t>.` then the body exactly as sent. */
function signedPayload(timestampS: number, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestampS}.`);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix);
  out.set(bytes, prefix.length);
  return out;
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The `Seo-Farm-Signature` header value for `body` sent at `timestampS`. */
export async function signWebhook(
  secret: string,
  body: string | Uint8Array,
  timestampS: number = Math.floor(Date.now() / 1000),
): Promise<string> {
  const key = await hmacKey(secret, "sign");
  const mac = await crypto.subtle.sign("HMAC", key, signedPayload(timestampS, body));
  return `t=${timestampS},v1=${toHex(mac)}`;
}

export interface VerifyWebhookOptions {
  /** Largest difference between the signature's time and now, seconds. @default 300 */
  toleranceS?: number;
  /** The receiver's clock, ms since the epoch (for tests). @default Date.now() */
  now?: number;
}

/**
 * Whether `header` (the `Seo-Farm-Signature` value) signs `body` with `secret`, within the
 * tolerance. Pass the body exactly as received, before any JSON parsing. The comparison is
 * Web Crypto's HMAC verify, which takes the same time whatever the bytes.
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  opts: VerifyWebhookOptions = {},
): Promise<boolean> {
  if (!header) return false;
  let timestampS: number | undefined;
  const macs: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === "t" && /^\d{1,15}$/.test(value)) timestampS = Number(value);
    if (name === "v1") {
      const mac = fromHex(value);
      if (mac) macs.push(mac);
    }
  }
  if (timestampS === undefined || macs.length === 0) return false;
  const toleranceS = opts.toleranceS ?? DEFAULT_SIGNATURE_TOLERANCE_S;
  const nowS = (opts.now ?? Date.now()) / 1000;
  if (Math.abs(nowS - timestampS) > toleranceS) return false;
  const key = await hmacKey(secret, "verify");
  const payload = signedPayload(timestampS, body);
  for (const mac of macs) {
    if (await crypto.subtle.verify("HMAC", key, mac, payload)) return true;
  }
  return false;
}
