/**
 * The wire codec: msgpack by default (compact, fast), JSON when the `Content-Type` header
 * says so. Any client can publish either; a payload with no Content-Type that starts with
 * `{` is read as JSON so that `nats pub seo.submit '{"keyword":"…"}'` just works.
 */
import { C1, Packr } from "msgpackr";
import { InvalidEnvelopeError } from "./errors.ts";

export const CONTENT_TYPE_MSGPACK = "application/msgpack";
export const CONTENT_TYPE_JSON = "application/json";
export const HEADER_CONTENT_TYPE = "Content-Type";

// Plain maps, no msgpackr record extension: other languages' msgpack libraries must read it.
const packr = new Packr({
  useRecords: false,
  mapsAsObjects: true,
  moreTypes: false,
  variableMapSize: true,
});
const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

export type WireFormat = "msgpack" | "json";

/** Which format a payload is in, from its Content-Type (any `+json`/`msgpack` variant). */
export function formatOf(contentType: string | undefined, data: Uint8Array): WireFormat {
  const ct = contentType?.toLowerCase() ?? "";
  if (ct.includes("json")) return "json";
  if (ct.includes("msgpack")) return "msgpack";
  // No or unknown header: sniff the first non-blank byte for `{` or `[`.
  for (const byte of data) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b ? "json" : "msgpack";
  }
  return "msgpack";
}

export function encode(value: unknown, format: WireFormat = "msgpack"): Uint8Array {
  return format === "json" ? utf8Encoder.encode(JSON.stringify(value)) : packr.pack(value);
}

/** Decodes a payload; throws InvalidEnvelopeError with the reason when it cannot. */
export function decode(data: Uint8Array, contentType?: string): unknown {
  const format = formatOf(contentType, data);
  if (data.length === 0) throw new InvalidEnvelopeError("empty payload");
  try {
    if (format === "json") return JSON.parse(utf8.decode(data));
    const value: unknown = packr.unpack(data);
    // 0xC1 is "never used" in msgpack; msgpackr hands back a marker instead of failing.
    if (value === C1) throw new Error("byte 0xc1 is not a msgpack value");
    return value;
  } catch (err) {
    throw new InvalidEnvelopeError(
      `payload is not valid ${format === "json" ? "JSON" : "msgpack"}: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
}

export function contentTypeOf(format: WireFormat): string {
  return format === "json" ? CONTENT_TYPE_JSON : CONTENT_TYPE_MSGPACK;
}
