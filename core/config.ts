/**
 * Configuration from environment variables, validated once at startup. Every variable has a
 * documented default (README "Configuration"); a bad value fails with a message naming the
 * variable and the value. Runtime-neutral: the entry passes its environment in.
 */
import { SeoFarmError } from "./errors.ts";
import { type ModelPrice, parsePrices } from "./llm/pricing.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./llm/retry.ts";
import { defaultRoute, parseRoute } from "./llm/routes.ts";
import type { RouteStep } from "./llm/types.ts";
import { type NatsAuth, parseNatsAuth, secretsOf } from "./nats/auth.ts";
import { parseNatsTls } from "./nats/tls.ts";
import { registerSecrets } from "./secrets.ts";

export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8787;
export const DEFAULT_EMULATOR_PORT = 8790;
export const DEFAULT_ACTOR_CONCURRENCY = 8;
export const DEFAULT_ACK_WAIT_MS = 300_000;
export const DEFAULT_MAX_DELIVER = 2;
export const DEFAULT_DUPLICATE_WINDOW_MS = 900_000;
export const DEFAULT_RETRY_DELAY_MS = 2_000;
/** The least default DEAD_LETTER_GRACE_MS: a write after a failover can wait seconds for a leader. */
export const MIN_DEAD_LETTER_GRACE_MS = 15_000;
export const DEFAULT_PULL_EXPIRES_MS = 5_000;
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
export const DEFAULT_EVENTS_MAX_AGE_S = 86_400;
export const DEFAULT_DLQ_MAX_AGE_S = 30 * 86_400;
export const DEFAULT_LLM_CACHE_TTL_S = 3_600;
export const DEFAULT_ACTORS_TTL_S = 30;
export const DEFAULT_NATS_REPLICAS = 1;
/** The seed's per-model timeouts: simple 30 s, complex 60 s, creative 45 s. */
export const DEFAULT_TIMEOUTS_MS = { simple: 30_000, complex: 60_000, creative: 45_000 };
export const DEFAULT_LLM_MAX_RETRIES = 2;
export const DEFAULT_PROVIDER_CONCURRENCY = 32;
export const DEFAULT_GATEWAY_RATE_LIMIT_PER_MINUTE = 600;
export const DEFAULT_GATEWAY_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_GATEWAY_MAX_BACKLOG = 10_000;
export const DEFAULT_GATEWAY_BACKPRESSURE_RETRY_S = 10;
/** Shortest API key accepted: a guessable key is no key. */
export const MIN_API_KEY_LENGTH = 16;
/** What an API key's name may be: it appears in logs, metrics and problem details. */
export const API_KEY_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export type TaskClass = "simple" | "complex" | "creative";
export type LogLevel = "debug" | "info" | "warn" | "error";

/** The gateway's safety settings (README "Security"). */
export interface GatewayConfig {
  /**
   * Keys from GATEWAY_API_KEYS: comma-separated `name:secret`, or bare secrets (named
   * `key-1`, `key-2`, … by position). With none here and no file, authentication is off and
   * the gateway serves loopback only. @default []
   */
  apiKeys: Array<{ name: string; key: string }>;
  /** A JSON file of keys with per-key settings (GATEWAY_API_KEYS_FILE), read at start. */
  apiKeysFile: string | undefined;
  /** Requests per minute per API key (per client when auth is off); 0 = no limit. @default 600 */
  rateLimitPerMinute: number;
  /**
   * Origins a browser may call the API from (GATEWAY_CORS_ORIGINS, comma-separated, `*` for
   * any); none = same-origin only. @default []
   */
  corsOrigins: string[];
  /** Largest request body, bytes, whether sent with Content-Length or chunked. @default 65536 */
  maxBodyBytes: number;
  /**
   * Backpressure: once any stage's backlog (pending + in progress) passes this, creates are
   * answered 503 with Retry-After instead of queueing work that cannot finish in time;
   * 0 = never. @default 10000
   */
  maxBacklog: number;
  /** The Retry-After of those 503s, seconds. @default 10 */
  backpressureRetryAfterS: number;
}

export interface SeoFarmConfig {
  /** NATS server URL(s), comma-separated. @default "nats://127.0.0.1:4222" */
  natsUrl: string;
  /** Whether NATS_URL was set explicitly (`up` starts a server only when it was not). */
  natsUrlExplicit: boolean;
  /**
   * How to authenticate to NATS: NATS_USER + NATS_PASSWORD (or user:pass@ in NATS_URL),
   * NATS_TOKEN, or NATS_CREDS (a creds file). @default none
   */
  natsAuth: NatsAuth;
  /**
   * Replicas of every stream, KV bucket and object store the topology setup creates
   * (NATS_REPLICAS): 1 on a single server, 3 on a 3-node cluster. An existing one is raised
   * to it, never lowered (a process started without it must not weaken a cluster). @default 1
   */
  replicas: number;
  /**
   * Placement tags of every stream, KV bucket and object store (NATS_PLACEMENT_TAGS,
   * comma-separated): JetStream puts their replicas only on servers whose `server_tags`
   * hold all of them. Set on existing ones too when given (the server moves replicas that
   * sit elsewhere); none given leaves an existing placement as it is. @default []
   */
  placementTags: string[];
  /** Gateway bind address. @default "127.0.0.1" */
  host: string;
  /** Gateway port. @default 8787 */
  port: number;
  openai: { apiKey: string | undefined; baseUrl: string | undefined };
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined };
  /**
   * Models to try per task class, first to last (fallbacks). From LLM_MODEL_<CLASS>
   * (`provider:model,…`), else the seed's defaults for the providers that have keys.
   */
  routes: Record<TaskClass, RouteStep[]>;
  /** Per-call timeout per task class, ms. */
  timeoutsMs: Record<TaskClass, number>;
  /** Retries, backoff and the total waiting budget of one LLM call. */
  retry: RetryPolicy;
  /** LLM calls in flight per provider per process. @default 32 */
  providerConcurrency: Record<string, number>;
  /** Optional calls and tokens per minute per provider per process (0 = none). @default 0 */
  providerRateLimits: Record<string, { rpm: number; tpm: number }>;
  /** USD per 1M tokens by model (LLM_PRICES merged over the defaults). */
  prices: Record<string, ModelPrice>;
  /**
   * Days a workflow's record and article are kept after its last change (KV bucket and
   * object store age bounds); 0 keeps them until deleted. @default 30
   */
  retentionDays: number;
  /** Messages one actor process works on at once. @default 8 */
  actorConcurrency: number;
  /** Batch-lane messages one actor process works on at once, per stage, besides those. @default ACTOR_CONCURRENCY */
  batchConcurrency: number;
  /** JetStream ack wait of the stage consumers. @default 300000 (5 min) */
  ackWaitMs: number;
  /** Deliveries before a message is dead-lettered (the seed's "fail fast"). @default 2 */
  maxDeliver: number;
  /** In-progress ack interval while a stage runs. @default min(ackWaitMs / 3, 60000) */
  heartbeatMs: number;
  /** Delay before a failed attempt is redelivered. @default 2000 */
  retryDelayMs: number;
  /**
   * How long a stage message out of deliveries, whose work is not on record, is left to its
   * last attempt before the keeper dead-letters it (acks lost in a failover look the same as
   * a dead attempt; see actors/dead-letter.ts). @default max(ackWaitMs, 15000)
   */
  deadLetterGraceMs: number;
  /**
   * How often the keeper looks for running workflows whose stage message the server lost
   * (actors/resume-stuck.ts); 0 turns the sweep off. @default 60000
   */
  resumeSweepMs: number;
  /** How long a running workflow must go unchanged, its stage's consumer idle, to be resumed. @default 120000 */
  resumeAfterMs: number;
  /** How long one pull request waits on the server. @default 5000 */
  pullExpiresMs: number;
  /** On SIGTERM, how long an actor lets held messages finish before handing them back. @default 30000 */
  shutdownGraceMs: number;
  /** Dedupe window of SEO_STAGES; must be ≥ ackWaitMs × maxDeliver. @default 900000 (15 min) */
  duplicateWindowMs: number;
  /**
   * Most messages SEO_STAGES keeps per subject (`seo.submit`, each `seo.stage.<stage>`);
   * past it a publish is refused (discard new per subject), so a backlog has a hard wall and
   * nothing accepted is dropped. A per-subject bound, not a stream-wide one: work moves from
   * one subject to the next by publishing before it acks, so a full stream-wide limit would
   * stop the very stages that drain it. @default -1 (no limit)
   */
  stagesMaxMsgsPerSubject: number;
  /** Age bound of SEO_EVENTS, seconds. @default 86400 */
  eventsMaxAgeS: number;
  /** Age bound of SEO_DLQ, seconds. @default 2592000 (30 days) */
  dlqMaxAgeS: number;
  /** TTL of the LLM cache bucket, seconds. @default 3600 */
  llmCacheTtlS: number;
  /** Cache LLM answers and stage outputs (LLM_CACHE=off turns it off). @default true */
  llmCache: boolean;
  /**
   * How long a single-flight claim lives without renewal: how soon waiters take over from
   * a claimant that died. @default 30000
   */
  llmCacheClaimTtlMs: number;
  /** Age bound of actor announcements, seconds. @default 30 */
  actorsTtlS: number;
  /** Extra folders with `*.pipeline.json` files and a `prompts/` folder, in override order. */
  pipelinesPath: string[];
  /** Port of the LLM emulator that `up` starts when no API key is set. @default 8790 */
  emulatorPort: number;
  /** @default "info" */
  logLevel: LogLevel;
  /** API keys, rate limit, CORS and body size of the gateway. */
  gateway: GatewayConfig;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends SeoFarmError {
  constructor(message: string) {
    super("INVALID_CONFIG", message);
  }
}

/** An integer variable from `min` to `max`, or `def` when unset or blank. */
export function intVar(
  env: Env,
  name: string,
  def: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

/** A variable's trimmed value, or undefined when unset or blank. */
export function strVar(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * GATEWAY_API_KEYS: `name:secret` or a bare secret per comma-separated entry. Messages name
 * the entry by position and name, never by its secret.
 */
export function parseApiKeyList(
  raw: string | undefined,
  variable = "GATEWAY_API_KEYS",
): Array<{ name: string; key: string }> {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const keys: Array<{ name: string; key: string }> = [];
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const prefix = colon === -1 ? "" : entry.slice(0, colon);
    // A secret may itself contain ":"; only a valid name before the first one makes it a name.
    const named = API_KEY_NAME_PATTERN.test(prefix);
    const name = named ? prefix : `key-${i + 1}`;
    const key = named ? entry.slice(colon + 1).trim() : entry;
    if (key.length < MIN_API_KEY_LENGTH) {
      throw new ConfigError(
        `${variable}: the key of entry ${i + 1} ("${name}") must be at least ${MIN_API_KEY_LENGTH} characters`,
      );
    }
    if (/\s/.test(key)) {
      throw new ConfigError(
        `${variable}: the key of entry ${i + 1} ("${name}") must not contain whitespace`,
      );
    }
    if (keys.some((k) => k.name === name)) {
      throw new ConfigError(`${variable}: the name "${name}" is used twice`);
    }
    keys.push({ name, key });
  }
  return keys;
}

/** GATEWAY_CORS_ORIGINS: `*` or origins such as `https://app.example.com` (no path). */
/**
 * NATS_PLACEMENT_TAGS: comma-separated server tags (`az:eu-1,ssd`). A tag is what
 * nats-server's `server_tags` holds: no spaces or commas, at most 64 characters.
 */
export function parsePlacementTags(
  raw: string | undefined,
  variable = "NATS_PLACEMENT_TAGS",
): string[] {
  const tags = (raw ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of tags) {
    if (!/^[^\s,*>]{1,64}$/.test(t)) {
      throw new ConfigError(
        `${variable} takes server tags without spaces or wildcards, at most 64 characters each (got "${t}")`,
      );
    }
  }
  return [...new Set(tags)];
}

export function parseCorsOrigins(
  raw: string | undefined,
  variable = "GATEWAY_CORS_ORIGINS",
): string[] {
  const origins = (raw ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins) {
    if (o === "*") continue;
    let url: URL | undefined;
    try {
      url = new URL(o);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== o) {
      throw new ConfigError(
        `${variable} must list origins such as https://app.example.com (scheme, host and port, no path or trailing slash), or * (got "${o}")`,
      );
    }
  }
  if (origins.includes("*") && origins.length > 1) {
    throw new ConfigError(`${variable}: * allows every origin and cannot be combined with others`);
  }
  return origins;
}

/** Parses and validates the whole configuration. Throws a `SeoFarmError` (INVALID_CONFIG). */
export function parseConfig(env: Env, pathDelimiter = ":"): SeoFarmConfig {
  const ackWaitMs = intVar(env, "ACK_WAIT_MS", DEFAULT_ACK_WAIT_MS, 1_000);
  const maxDeliver = intVar(env, "MAX_DELIVER", DEFAULT_MAX_DELIVER, 1, 100);
  const duplicateWindowMs = intVar(
    env,
    "DUPLICATE_WINDOW_MS",
    Math.max(DEFAULT_DUPLICATE_WINDOW_MS, ackWaitMs * maxDeliver),
    1_000,
  );
  if (duplicateWindowMs < ackWaitMs * maxDeliver) {
    throw new ConfigError(
      `DUPLICATE_WINDOW_MS must be ≥ ACK_WAIT_MS × MAX_DELIVER so a redelivered stage is still deduped (got ${duplicateWindowMs} < ${ackWaitMs * maxDeliver})`,
    );
  }
  const heartbeatMs = intVar(env, "HEARTBEAT_MS", Math.min(Math.floor(ackWaitMs / 3), 60_000), 100);
  if (heartbeatMs >= ackWaitMs) {
    throw new ConfigError(`HEARTBEAT_MS must be < ACK_WAIT_MS (got ${heartbeatMs} ≥ ${ackWaitMs})`);
  }
  const logLevel = (strVar(env, "LOG_LEVEL") ?? "info") as LogLevel;
  if (!["debug", "info", "warn", "error"].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error (got "${logLevel}")`);
  }
  const natsUrl = strVar(env, "NATS_URL");
  let natsAuth: NatsAuth;
  try {
    natsAuth = parseNatsAuth(env, natsUrl ?? "");
    // The files are read when connecting; a half-set pair fails here, at startup.
    parseNatsTls(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  registerSecrets(...secretsOf(natsAuth));
  const timeoutsMs: Record<TaskClass, number> = {
    simple: intVar(env, "LLM_TIMEOUT_SIMPLE_MS", DEFAULT_TIMEOUTS_MS.simple, 100),
    complex: intVar(env, "LLM_TIMEOUT_COMPLEX_MS", DEFAULT_TIMEOUTS_MS.complex, 100),
    creative: intVar(env, "LLM_TIMEOUT_CREATIVE_MS", DEFAULT_TIMEOUTS_MS.creative, 100),
  };
  const available = {
    openai: !!strVar(env, "OPENAI_API_KEY"),
    anthropic: !!strVar(env, "ANTHROPIC_API_KEY"),
  };
  const route = (c: TaskClass): RouteStep[] => {
    const name = `LLM_MODEL_${c.toUpperCase()}`;
    const spec = strVar(env, name);
    try {
      if (spec) return parseRoute(spec, timeoutsMs[c], name);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
    // With no key at all the route still names OpenAI's model: the error comes when a call
    // is made, so commands that make none (gateway, setup) need no key.
    const steps = defaultRoute(c, available, timeoutsMs[c]);
    return steps.length > 0
      ? steps
      : defaultRoute(c, { openai: true, anthropic: false }, timeoutsMs[c]);
  };
  // Whatever reads the configuration has the keys in memory; from here on no log line,
  // error or span of this process can carry them.
  registerSecrets(strVar(env, "OPENAI_API_KEY"), strVar(env, "ANTHROPIC_API_KEY"));
  const gatewayKeys = parseApiKeyList(env.GATEWAY_API_KEYS);
  registerSecrets(...gatewayKeys.map((k) => k.key));
  const actorConcurrency = intVar(env, "ACTOR_CONCURRENCY", DEFAULT_ACTOR_CONCURRENCY, 1, 1_000);
  let prices: Record<string, ModelPrice>;
  try {
    prices = parsePrices(strVar(env, "LLM_PRICES"));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  return {
    natsUrl: natsUrl ?? DEFAULT_NATS_URL,
    natsUrlExplicit: natsUrl !== undefined,
    natsAuth,
    // JetStream allows at most 5 replicas.
    replicas: intVar(env, "NATS_REPLICAS", DEFAULT_NATS_REPLICAS, 1, 5),
    placementTags: parsePlacementTags(env.NATS_PLACEMENT_TAGS),
    host: strVar(env, "HOST") ?? DEFAULT_HOST,
    port: intVar(env, "PORT", DEFAULT_PORT, 0, 65_535),
    openai: { apiKey: strVar(env, "OPENAI_API_KEY"), baseUrl: strVar(env, "OPENAI_BASE_URL") },
    anthropic: {
      apiKey: strVar(env, "ANTHROPIC_API_KEY"),
      baseUrl: strVar(env, "ANTHROPIC_BASE_URL"),
    },
    routes: { simple: route("simple"), complex: route("complex"), creative: route("creative") },
    timeoutsMs,
    retry: {
      maxRetries: intVar(env, "LLM_MAX_RETRIES", DEFAULT_LLM_MAX_RETRIES, 0, 10),
      baseDelayMs: intVar(env, "LLM_RETRY_BASE_MS", DEFAULT_RETRY_POLICY.baseDelayMs, 0),
      maxDelayMs: intVar(env, "LLM_RETRY_MAX_DELAY_MS", DEFAULT_RETRY_POLICY.maxDelayMs, 0),
      maxTotalWaitMs: intVar(env, "LLM_RETRY_MAX_WAIT_MS", DEFAULT_RETRY_POLICY.maxTotalWaitMs, 0),
    },
    providerConcurrency: {
      openai: intVar(env, "LLM_CONCURRENCY_OPENAI", DEFAULT_PROVIDER_CONCURRENCY, 1, 10_000),
      anthropic: intVar(env, "LLM_CONCURRENCY_ANTHROPIC", DEFAULT_PROVIDER_CONCURRENCY, 1, 10_000),
    },
    providerRateLimits: {
      openai: {
        rpm: intVar(env, "LLM_RPM_OPENAI", 0, 0),
        tpm: intVar(env, "LLM_TPM_OPENAI", 0, 0),
      },
      anthropic: {
        rpm: intVar(env, "LLM_RPM_ANTHROPIC", 0, 0),
        tpm: intVar(env, "LLM_TPM_ANTHROPIC", 0, 0),
      },
    },
    prices,
    retentionDays: intVar(env, "WORKFLOW_RETENTION_DAYS", 30, 0, 36_500),
    actorConcurrency,
    batchConcurrency: intVar(env, "BATCH_CONCURRENCY", actorConcurrency, 1, 1_000),
    ackWaitMs,
    maxDeliver,
    heartbeatMs,
    retryDelayMs: intVar(env, "RETRY_DELAY_MS", DEFAULT_RETRY_DELAY_MS, 0),
    resumeSweepMs: intVar(env, "RESUME_SWEEP_MS", 60_000, 0),
    resumeAfterMs: intVar(env, "RESUME_AFTER_MS", 120_000, 1_000),
    deadLetterGraceMs: intVar(
      env,
      "DEAD_LETTER_GRACE_MS",
      Math.max(ackWaitMs, MIN_DEAD_LETTER_GRACE_MS),
      0,
    ),
    pullExpiresMs: intVar(env, "PULL_EXPIRES_MS", DEFAULT_PULL_EXPIRES_MS, 1_000),
    shutdownGraceMs: intVar(env, "SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE_MS, 0),
    duplicateWindowMs,
    stagesMaxMsgsPerSubject: intVar(env, "STAGES_MAX_MSGS_PER_SUBJECT", -1, -1),
    eventsMaxAgeS: intVar(env, "EVENTS_MAX_AGE_S", DEFAULT_EVENTS_MAX_AGE_S, 1),
    dlqMaxAgeS: intVar(env, "DLQ_MAX_AGE_S", DEFAULT_DLQ_MAX_AGE_S, 1),
    llmCacheTtlS: intVar(env, "LLM_CACHE_TTL_S", DEFAULT_LLM_CACHE_TTL_S, 1),
    llmCache: !["off", "0", "false", "no"].includes(
      (strVar(env, "LLM_CACHE") ?? "on").toLowerCase(),
    ),
    llmCacheClaimTtlMs: intVar(env, "LLM_CACHE_CLAIM_TTL_MS", 30_000, 100),
    actorsTtlS: intVar(env, "ACTORS_TTL_S", DEFAULT_ACTORS_TTL_S, 1),
    pipelinesPath: (strVar(env, "PIPELINES_PATH") ?? "").split(pathDelimiter).filter(Boolean),
    emulatorPort: intVar(env, "EMULATOR_PORT", DEFAULT_EMULATOR_PORT, 0, 65_535),
    logLevel,
    gateway: {
      apiKeys: gatewayKeys,
      apiKeysFile: strVar(env, "GATEWAY_API_KEYS_FILE"),
      rateLimitPerMinute: intVar(
        env,
        "GATEWAY_RATE_LIMIT_PER_MINUTE",
        DEFAULT_GATEWAY_RATE_LIMIT_PER_MINUTE,
        0,
        1_000_000,
      ),
      corsOrigins: parseCorsOrigins(env.GATEWAY_CORS_ORIGINS),
      maxBodyBytes: intVar(
        env,
        "GATEWAY_MAX_BODY_BYTES",
        DEFAULT_GATEWAY_MAX_BODY_BYTES,
        1_024,
        64 * 1024 * 1024,
      ),
      maxBacklog: intVar(env, "GATEWAY_MAX_BACKLOG", DEFAULT_GATEWAY_MAX_BACKLOG, 0),
      backpressureRetryAfterS: intVar(
        env,
        "GATEWAY_BACKPRESSURE_RETRY_AFTER_S",
        DEFAULT_GATEWAY_BACKPRESSURE_RETRY_S,
        1,
        3_600,
      ),
    },
  };
}
