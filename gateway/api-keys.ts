/**
 * The gateway's API keys: the key file's format, and the keyring that checks a presented
 * bearer key. Only SHA-256 digests are kept, and a presented key is compared with every
 * digest in full, so neither the keys' lengths nor how much of one matched shows in timing.
 */
import { API_KEY_NAME_PATTERN, ConfigError, MIN_API_KEY_LENGTH } from "../core/config.ts";
import { registerSecrets } from "../core/secrets.ts";

/** One entry of GATEWAY_API_KEYS or of the key file. */
export interface ApiKeySpec {
  /** Shown in logs and problem details, and the rate limit's bucket: `[A-Za-z0-9_.-]{1,64}`. */
  name: string;
  /** The secret itself. Exactly one of `key` and `sha256`. */
  key?: string;
  /** The secret's SHA-256, hex: the file then holds no secret. */
  sha256?: string;
  /** This key's requests per minute, instead of GATEWAY_RATE_LIMIT_PER_MINUTE; 0 = no limit. */
  rateLimitPerMinute?: number;
  /** May set the internal request fields (`model`, `maxTokens`). @default false */
  allowInternalFields?: boolean;
  /** USD this key may spend per calendar month (UTC); see `spend-cap.ts` and core/spend.ts. */
  monthlyBudgetUsd?: number;
}

/** What the gateway knows about an authenticated key: everything but its secret. */
export interface ApiKeyPolicy {
  name: string;
  rateLimitPerMinute?: number;
  allowInternalFields: boolean;
  monthlyBudgetUsd?: number;
}

const FILE_FIELDS = new Set([
  "name",
  "key",
  "sha256",
  "rateLimitPerMinute",
  "allowInternalFields",
  "monthlyBudgetUsd",
]);
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Parses the key file (GATEWAY_API_KEYS_FILE): a JSON array of {@link ApiKeySpec}. Unknown
 * fields are rejected, so a misspelt `allowInternalFeilds` cannot silently grant nothing.
 * Messages name the file, the entry and the field, never a secret.
 * @throws ConfigError (INVALID_CONFIG)
 */
export function parseApiKeysFile(text: string, source: string): ApiKeySpec[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(data)) {
    throw new ConfigError(`${source}: must be a JSON array of {name, key | sha256, …} objects`);
  }
  return data.map((entry: unknown, i): ApiKeySpec => {
    const where = `${source}: entry ${i + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new ConfigError(`${where} must be an object`);
    }
    const e = entry as Record<string, unknown>;
    for (const field of Object.keys(e)) {
      if (!FILE_FIELDS.has(field)) throw new ConfigError(`${where}: unknown field "${field}"`);
    }
    if (typeof e.name !== "string" || !API_KEY_NAME_PATTERN.test(e.name)) {
      throw new ConfigError(`${where}: "name" must be 1–64 characters of [A-Za-z0-9_.-]`);
    }
    const named = `${where} ("${e.name}")`;
    const spec: ApiKeySpec = { name: e.name };
    if ((e.key === undefined) === (e.sha256 === undefined)) {
      throw new ConfigError(`${named}: give exactly one of "key" and "sha256"`);
    }
    if (e.key !== undefined) {
      if (typeof e.key !== "string" || e.key.length < MIN_API_KEY_LENGTH || /\s/.test(e.key)) {
        throw new ConfigError(
          `${named}: "key" must be a string of at least ${MIN_API_KEY_LENGTH} characters without whitespace`,
        );
      }
      spec.key = e.key;
      registerSecrets(e.key);
    } else {
      if (typeof e.sha256 !== "string" || !SHA256_HEX.test(e.sha256)) {
        throw new ConfigError(`${named}: "sha256" must be 64 hex digits`);
      }
      spec.sha256 = e.sha256.toLowerCase();
    }
    if (e.rateLimitPerMinute !== undefined) {
      const n = e.rateLimitPerMinute;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
        throw new ConfigError(`${named}: "rateLimitPerMinute" must be an integer ≥ 0`);
      }
      spec.rateLimitPerMinute = n;
    }
    if (e.allowInternalFields !== undefined) {
      if (typeof e.allowInternalFields !== "boolean") {
        throw new ConfigError(`${named}: "allowInternalFields" must be true or false`);
      }
      spec.allowInternalFields = e.allowInternalFields;
    }
    if (e.monthlyBudgetUsd !== undefined) {
      const n = e.monthlyBudgetUsd;
      if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
        throw new ConfigError(`${named}: "monthlyBudgetUsd" must be a number ≥ 0`);
      }
      spec.monthlyBudgetUsd = n;
    }
    return spec;
  });
}

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The keys the gateway accepts. Empty: authentication is off. */
export class ApiKeyring {
  readonly #entries: Array<{ digest: Uint8Array; policy: ApiKeyPolicy }>;

  private constructor(entries: Array<{ digest: Uint8Array; policy: ApiKeyPolicy }>) {
    this.#entries = entries;
  }

  /**
   * Hashes the keys and checks that names and secrets are unique.
   * @throws ConfigError naming the duplicate
   */
  static async create(specs: ApiKeySpec[]): Promise<ApiKeyring> {
    const entries: Array<{ digest: Uint8Array; policy: ApiKeyPolicy }> = [];
    const names = new Set<string>();
    const digests = new Map<string, string>();
    for (const s of specs) {
      if (names.has(s.name)) throw new ConfigError(`API key name "${s.name}" is used twice`);
      names.add(s.name);
      if (s.sha256 === undefined && s.key === undefined) {
        throw new TypeError(`API key "${s.name}" has neither key nor sha256`);
      }
      if (s.key === undefined && !SHA256_HEX.test(s.sha256 ?? "")) {
        throw new TypeError(`API key "${s.name}": sha256 must be 64 hex digits`);
      }
      const digest = s.key !== undefined ? await sha256(s.key) : fromHex(s.sha256 ?? "");
      const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
      const other = digests.get(hex);
      if (other !== undefined) {
        throw new ConfigError(`API keys "${other}" and "${s.name}" have the same secret`);
      }
      digests.set(hex, s.name);
      const policy: ApiKeyPolicy = {
        name: s.name,
        allowInternalFields: s.allowInternalFields === true,
      };
      if (s.rateLimitPerMinute !== undefined) policy.rateLimitPerMinute = s.rateLimitPerMinute;
      if (s.monthlyBudgetUsd !== undefined) policy.monthlyBudgetUsd = s.monthlyBudgetUsd;
      entries.push({ digest, policy });
    }
    return new ApiKeyring(entries);
  }

  /** How many keys there are; 0 means authentication is off. */
  get size(): number {
    return this.#entries.length;
  }

  /** The key names, for start-up messages. */
  get names(): string[] {
    return this.#entries.map((e) => e.policy.name);
  }

  /** The policy of the key whose secret is `presented`, or undefined. */
  async verify(presented: string): Promise<ApiKeyPolicy | undefined> {
    const digest = await sha256(presented);
    let found: ApiKeyPolicy | undefined;
    // Every digest is compared in full, whichever matches: the time taken says nothing about
    // which key, or how much of one, the presented secret resembles.
    for (const e of this.#entries) {
      let diff = 0;
      for (let i = 0; i < digest.length; i++) diff |= digest[i]! ^ e.digest[i]!;
      if (diff === 0) found = e.policy;
    }
    return found;
  }
}
