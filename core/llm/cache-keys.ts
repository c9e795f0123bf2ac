/**
 * Keys of the `seo-llm-cache` bucket, as pure functions. Every key leads with the parts one
 * invalidates by, so a KV filter can drop all of a provider, a model, a prompt version or a
 * keyword:
 *
 *   llm.<provider>.<model>.<promptVersion>.<requestHash>     one LLM answer
 *   out.<assistant>.<promptVersion>.<keywordHash>.<inputHash> one stage's output (memo)
 *
 * Names are encoded to KV's key alphabet with `encodeKeyToken` (a model name such as
 * `llama3.1:8b` is not a valid key token); the hashes are SHA-256 hex of canonical JSON, so
 * equal requests map to one key whatever the order of their object keys.
 */
import { canonicalJson, sha256Hex } from "../hash.ts";

/** Hex characters of a request or input hash (128 bits). */
export const REQUEST_HASH_HEX = 32;
/** Hex characters of a keyword hash (64 bits). */
export const KEYWORD_HASH_HEX = 16;

export const LLM_KEY_PREFIX = "llm";
export const STAGE_MEMO_KEY_PREFIX = "out";

/** What identifies one LLM answer. */
export interface LlmCacheKeyParts {
  provider: string;
  model: string;
  promptVersion: string;
  /** The normalised request: messages, sampling parameters, JSON flag or output schema. */
  request: unknown;
}

/** What identifies one stage output. */
export interface StageMemoKeyParts {
  assistant: string;
  promptVersion: string;
  keyword: string;
  /** Everything else the stage's output depends on (request fields, prior outputs). */
  input: unknown;
}

const SAFE_CHAR = /[A-Za-z0-9_-]/;
const encoder = new TextEncoder();

/**
 * Encodes any string as one KV key token: `[A-Za-z0-9_-]` stay as they are, every other
 * UTF-8 byte becomes `=` and two upper-case hex digits (`llama3.1:8b` → `llama3=2E1=3A8b`),
 * and the empty string becomes `=`. `=` itself is escaped, so the encoding is reversible and
 * distinct strings never share a token; no token contains a dot or a wildcard.
 */
export function encodeKeyToken(s: string): string {
  if (s === "") return "=";
  let out = "";
  for (const ch of s) {
    if (SAFE_CHAR.test(ch)) {
      out += ch;
      continue;
    }
    for (const b of encoder.encode(ch)) out += `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The inverse of `encodeKeyToken`. Throws a TypeError on a token it cannot have produced. */
export function decodeKeyToken(token: string): string {
  if (token === "=") return "";
  if (!/^(?:[A-Za-z0-9_-]|=[0-9A-F]{2})+$/.test(token)) {
    throw new TypeError(`not an encoded key token: "${token}"`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < token.length; ) {
    if (token[i] === "=") {
      bytes.push(Number.parseInt(token.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(token.charCodeAt(i));
      i++;
    }
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
}

/** SHA-256 hex of a value's canonical JSON, cut to `hexChars`. */
async function hashOf(value: unknown, hexChars: number): Promise<string> {
  // canonicalJson(undefined) is undefined; hash it as null so every input has a key.
  return (await sha256Hex(canonicalJson(value) ?? "null")).slice(0, hexChars);
}

/** The key of one LLM answer: `llm.<provider>.<model>.<promptVersion>.<requestHash>`. */
export async function llmCacheKey(parts: LlmCacheKeyParts): Promise<string> {
  const hash = await hashOf(parts.request, REQUEST_HASH_HEX);
  return [
    LLM_KEY_PREFIX,
    encodeKeyToken(parts.provider),
    encodeKeyToken(parts.model),
    encodeKeyToken(parts.promptVersion),
    hash,
  ].join(".");
}

/**
 * The hash a keyword's stage outputs are filed under: SHA-256 of the keyword trimmed,
 * lower-cased and NFC-normalised, 16 hex. ` Trail Running ` and `trail running` share it.
 */
export async function keywordHash(keyword: string): Promise<string> {
  const normalised = keyword.trim().toLowerCase().normalize("NFC");
  return (await sha256Hex(normalised)).slice(0, KEYWORD_HASH_HEX);
}

/** The key of one stage output: `out.<assistant>.<promptVersion>.<keywordHash>.<inputHash>`. */
export async function stageMemoKey(parts: StageMemoKeyParts): Promise<string> {
  const [kw, input] = await Promise.all([
    keywordHash(parts.keyword),
    hashOf(parts.input, REQUEST_HASH_HEX),
  ]);
  return [
    STAGE_MEMO_KEY_PREFIX,
    encodeKeyToken(parts.assistant),
    encodeKeyToken(parts.promptVersion),
    kw,
    input,
  ].join(".");
}

/**
 * A KV filter over LLM answers for `LlmCache.invalidate`: the parts given are matched
 * exactly, the others by `*`. `{provider: "openai", model: "gpt-4o"}` →
 * `llm.openai.gpt-4o.*.*`; `{}` matches every LLM answer.
 */
export function llmCacheFilter(
  parts: Partial<Pick<LlmCacheKeyParts, "provider" | "model" | "promptVersion">>,
): string {
  return [
    LLM_KEY_PREFIX,
    tokenOrAny(parts.provider),
    tokenOrAny(parts.model),
    tokenOrAny(parts.promptVersion),
    "*",
  ].join(".");
}

/**
 * A KV filter over stage outputs for `LlmCache.invalidate`, like `llmCacheFilter`:
 * `{keyword: "trail running shoes"}` → `out.*.*.<keywordHash>.*`.
 */
export async function stageMemoFilter(
  parts: Partial<Pick<StageMemoKeyParts, "assistant" | "promptVersion" | "keyword">>,
): Promise<string> {
  return [
    STAGE_MEMO_KEY_PREFIX,
    tokenOrAny(parts.assistant),
    tokenOrAny(parts.promptVersion),
    parts.keyword === undefined ? "*" : await keywordHash(parts.keyword),
    "*",
  ].join(".");
}

function tokenOrAny(part: string | undefined): string {
  return part === undefined ? "*" : encodeKeyToken(part);
}
