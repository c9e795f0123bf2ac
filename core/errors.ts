/**
 * Typed errors with stable codes. Callers branch on `code` (or `instanceof`), never on the
 * message; `retryable` is decided here, once, so the actor runtime and the LLM layer agree.
 */

export type ErrorCode =
  | "INVALID_REQUEST"
  | "FORBIDDEN_FIELD"
  | "INVALID_ENVELOPE"
  | "INVALID_CONFIG"
  | "UNKNOWN_PIPELINE"
  | "UNKNOWN_WORKFLOW"
  | "NO_JETSTREAM"
  | "TOPOLOGY_REFUSED"
  | "TOPOLOGY_UNSETTLED"
  | "DEAD_LETTER_DEFERRED"
  | "BACKUP_INVALID"
  | "RESTORE_REFUSED"
  | "LLM_ERROR"
  | "LLM_BAD_REQUEST"
  | "LLM_OUTPUT_INVALID"
  | "STAGE_FAILED"
  | "BUDGET_EXCEEDED"
  | "MONTHLY_BUDGET_EXCEEDED"
  | "STREAM_FULL"
  | "CONFLICT"
  | "SITEMAP_INVALID"
  | "UNKNOWN_SITE"
  | "CANNIBALISATION"
  // Publishing an article to a site: see core/publish/errors.ts.
  | "PUBLISH_UNAUTHORIZED"
  | "PUBLISH_REJECTED"
  | "PUBLISH_RATE_LIMITED"
  | "PUBLISH_UNAVAILABLE"
  | "PUBLISH_TIMEOUT"
  | "PUBLISH_INVALID_RESPONSE"
  | "PUBLISH_NO_REST_API"
  | "PUBLISH_MISCONFIGURED"
  // Search providers (core/search/errors.ts) and the page fetcher (core/fetch/errors.ts).
  | "SEARCH_FAILED"
  | "SEARCH_TIMEOUT"
  | "SEARCH_UNAUTHORIZED"
  | "SEARCH_QUOTA_EXCEEDED"
  | "SEARCH_RATE_LIMITED"
  | "SEARCH_BAD_REQUEST"
  | "SEARCH_INVALID_RESPONSE"
  | "FETCH_REFUSED"
  | "FETCH_FAILED";

/** Base class of every error seo-farm raises on purpose. */
export class SeoFarmError extends Error {
  readonly code: ErrorCode;
  /** Whether running the same work again may succeed. */
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = opts.retryable ?? false;
  }
}

/** One problem with one field of an input, named by its JSON path (`keyword`, `metadata.x`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A request (HTTP body or `seo.submit` payload) that does not match the schema. */
export class InvalidRequestError extends SeoFarmError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(
      "INVALID_REQUEST",
      issues.map((i) => `${i.field}: ${i.message}`).join("; ") || "invalid request",
    );
    this.issues = issues;
  }
}

/**
 * A request that is valid but sets a field its sender may not set: an internal field
 * (`model`, `maxTokens`) sent with an API key that lacks `allowInternalFields`.
 */
export class ForbiddenFieldError extends SeoFarmError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super("FORBIDDEN_FIELD", issues.map((i) => `${i.field}: ${i.message}`).join("; "));
    this.issues = issues;
  }
}

/** A stage message that cannot be decoded or does not belong where it was published. */
export class InvalidEnvelopeError extends SeoFarmError {
  constructor(message: string, cause?: unknown) {
    super("INVALID_ENVELOPE", message, { cause });
  }
}

export class UnknownPipelineError extends SeoFarmError {
  constructor(name: string, version?: string) {
    super(
      "UNKNOWN_PIPELINE",
      version
        ? `pipeline ${name} version ${version} is not registered`
        : `unknown pipeline "${name}"`,
    );
  }
}

export class UnknownWorkflowError extends SeoFarmError {
  constructor(id: string) {
    super("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
  }
}

export class NoJetStreamError extends SeoFarmError {
  constructor(url: string, cause?: unknown) {
    super(
      "NO_JETSTREAM",
      `the NATS server at ${url} has no JetStream: start nats-server with -js (or "jetstream {}" in its config)`,
      { cause },
    );
  }
}

/**
 * JetStream refused to create or update a stream, bucket or object store as configured: more
 * replicas than servers (or than a single server allows), or placement tags no server has.
 */
export class TopologyRefusedError extends SeoFarmError {
  constructor(stream: string, replicas: number, tags: string[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "TOPOLOGY_REFUSED",
      `NATS refused ${stream} with ${replicas} replica${replicas === 1 ? "" : "s"}${tags.length ? ` and placement tags ${tags.join(",")}` : ""}: ${reason} (check NATS_REPLICAS and NATS_PLACEMENT_TAGS against the cluster's servers and their server_tags)`,
      { cause },
    );
  }
}

/**
 * Streams or consumers whose replicas were raised have no leader, or replicas not caught up,
 * after the wait: the raise stands (the servers go on with it); running setup again waits again.
 */
export class TopologyUnsettledError extends SeoFarmError {
  constructor(readonly pending: string[]) {
    super(
      "TOPOLOGY_UNSETTLED",
      `replicas raised but not settled yet: ${pending.join("; ")} (the servers go on catching up; run \`seo-farm setup\` again to wait again)`,
      { retryable: true },
    );
  }
}

/** A backup directory that cannot be restored: no manifest, a bad checksum, a bad line. */
export class BackupInvalidError extends SeoFarmError {
  constructor(message: string, cause?: unknown) {
    super("BACKUP_INVALID", message, cause === undefined ? {} : { cause });
  }
}

/** A restore that would mix a backup into data already there (without --force). */
export class RestoreRefusedError extends SeoFarmError {
  constructor(message: string) {
    super("RESTORE_REFUSED", message);
  }
}

/** The LLM provider failed; `retryable` for 429, 5xx, timeouts and connection errors. */
export class LlmError extends SeoFarmError {
  readonly status: number | undefined;
  /** How long the provider asked us to wait (`Retry-After`), if it did. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    opts: { status?: number; retryable: boolean; cause?: unknown; retryAfterMs?: number },
  ) {
    super(opts.retryable ? "LLM_ERROR" : "LLM_BAD_REQUEST", message, opts);
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The LLM answered, but not in the shape the stage asked for. Worth another try. */
export class LlmOutputInvalidError extends SeoFarmError {
  constructor(message: string, cause?: unknown) {
    super("LLM_OUTPUT_INVALID", message, { cause, retryable: true });
  }
}

/** A workflow spent its token budget: the remaining stages do not run. */
export class BudgetExceededError extends SeoFarmError {
  constructor(budget: number, used: number) {
    super(
      "BUDGET_EXCEEDED",
      `token budget of ${budget} exceeded: the stages so far used ${used} tokens`,
    );
  }
}

/** An API key's monthly spend cap is reached: its work stops, its new work is refused. */
export class MonthlyBudgetExceededError extends SeoFarmError {
  constructor(key: string, budgetUsd: number, spentUsd: number) {
    super(
      "MONTHLY_BUDGET_EXCEEDED",
      `API key "${key}" has spent $${spentUsd.toFixed(4)} of its monthly budget of $${budgetUsd} this month`,
    );
  }
}

/** Whether an error (ours or anything thrown) may succeed on another attempt. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof SeoFarmError) return err.retryable;
  // Unknown errors (network resets, bugs in a dependency) get the benefit of the doubt:
  // max_deliver bounds how often that can happen.
  return true;
}

export function errorCode(err: unknown): string {
  return err instanceof SeoFarmError ? err.code : "INTERNAL";
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A request names a site the sites file (`SITES_FILE`) does not have. */
export class UnknownSiteError extends SeoFarmError {
  constructor(readonly site: string) {
    super("UNKNOWN_SITE", `unknown site "${site}": the sites file has no site with that id`);
  }
}

/**
 * A keyword whose article would overlap pages the site already has (cannibalisation), on a
 * site whose sites-file setting is `stop`: refused before any LLM call costs money.
 */
export class CannibalisationError extends SeoFarmError {
  constructor(
    readonly keyword: string,
    readonly overlaps: Array<{ url: string; title: string; similarity: number }>,
  ) {
    super(
      "CANNIBALISATION",
      `"${keyword}" overlaps ${overlaps.length} page(s) of the site: ${overlaps
        .slice(0, 3)
        .map((o) => `${o.url} (${o.similarity.toFixed(2)})`)
        .join(", ")}`,
    );
  }
}
