/**
 * The workflow request: what a user asks for, by HTTP or by publishing to `seo.submit`.
 * One validator serves the gateway and the intake actor, so both reject the same things
 * with the same field names. The internal fields (`model`, `maxTokens`) steer spending;
 * the caller says whether its sender may set them.
 */
import { type FieldIssue, ForbiddenFieldError, InvalidRequestError } from "./errors.ts";
import { PROVIDERS } from "./llm/routes.ts";
import { parseRerun, type RerunRequest } from "./rerun.ts";
import { NAME_PATTERN, WORKFLOW_ID_PATTERN } from "./subjects.ts";

export const DEFAULT_LANGUAGE = "en";
export const DEFAULT_PIPELINE = "seo-article";
export const DEFAULT_WORD_COUNT = 1200;
export const MIN_WORD_COUNT = 150;
export const MAX_WORD_COUNT = 6000;
export const MAX_KEYWORD_LENGTH = 200;
export const MAX_METADATA_BYTES = 4096;
/** Deepest nesting of `metadata` (objects and arrays): consumers in other languages recurse. */
export const MAX_METADATA_DEPTH = 8;
export const MAX_MAX_TOKENS = 100_000;
export const MAX_MODEL_LENGTH = 200;

export interface WorkflowRequest {
  /** The search phrase the article targets. Required, 1–200 characters. */
  keyword: string;
  /** BCP 47 language tag. @default "en" */
  language: string;
  /** ISO 3166-1 alpha-2 country code, upper-case. */
  country?: string;
  /** Who the article is for, e.g. "beginners". */
  audience?: string;
  /** Voice of the article, e.g. "friendly". */
  tone?: string;
  /** Target length in words. @default 1200 */
  wordCount: number;
  /** Pipeline name. @default "seo-article" */
  pipeline: string;
  /** Workflow id chosen by the client ([A-Za-z0-9_-], up to 100). */
  id?: string;
  /** Small free-form object kept with the workflow (≤ 4 KiB as JSON). */
  metadata?: Record<string, unknown>;
  /**
   * LLM cache use: `use` (default) answers repeated work from the cache, `refresh` calls the
   * LLM again and stores the new answers, `bypass` calls the LLM and stores nothing.
   */
  cache?: "use" | "refresh" | "bypass";
  /** Run again from a stage of a completed workflow, reusing its earlier outputs. */
  rerun?: RerunRequest;
  /** Most prompt + completion tokens the workflow may spend; past it, it fails. */
  tokenBudget?: number;
  /**
   * Internal: the one model every LLM stage of the workflow calls, `provider:model`
   * (`anthropic:claude-haiku-5-5`), instead of the pipeline's routes and their fallbacks.
   */
  model?: string;
  /** Internal: most completion tokens of each LLM call (1–100000). */
  maxTokens?: number;
  /**
   * The site the article is for, by its id in the sites file (`SITES_FILE`): its sitemap
   * gives internal links and the cannibalisation check, its publish target gets the article.
   */
  site?: string;
  /**
   * An existing article to refresh (the `seo-refresh` pipeline): its URL, fetched and read,
   * or its Markdown. Exactly one of the two.
   */
  existing?: { url: string } | { markdown: string };
}

/** Largest Markdown of an existing article to refresh, in UTF-8 bytes. */
export const MAX_EXISTING_MARKDOWN_BYTES = 200_000;

/** A site id in the sites file. */
export const SITE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Fields only a trusted sender may set: they choose which model is paid for and how much it
 * may write. The gateway allows them per API key; `seo.submit` allows them, since
 * publishing there already takes NATS credentials the operator handed out.
 */
export const INTERNAL_FIELDS: readonly string[] = ["model", "maxTokens"];

export interface ParseRequestOptions {
  /** Accept the internal fields (`model`, `maxTokens`); else they are forbidden. @default false */
  allowInternalFields?: boolean;
}

const KNOWN_FIELDS = new Set([
  "keyword",
  "language",
  "country",
  "audience",
  "tone",
  "wordCount",
  "pipeline",
  "id",
  "metadata",
  "cache",
  "tokenBudget",
  "rerun",
  "site",
  "existing",
  ...INTERNAL_FIELDS,
]);

/** `provider:model`; the model part as providers spell names (`llama3.1:8b`, `org/model@v2`). */
const MODEL_PATTERN = new RegExp(`^(${PROVIDERS.join("|")}):[A-Za-z0-9][A-Za-z0-9._:/@+-]*$`);

/** BCP 47, the common subset: language, optional script, region and variants. */
const BCP47 =
  /^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/**
 * A UTF-16 surrogate without its pair: JSON can carry one (`"\ud800"`), UTF-8 and msgpack
 * cannot, so it would reach the workflow silently replaced by U+FFFD.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The same in JSON text, where a lone surrogate is an escape (ES2019 well-formed stringify). */
const ESCAPED_LONE_SURROGATE = /(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
/** A keyword names something: at least one letter or digit (not only marks or spaces). */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function optionalText(
  body: Record<string, unknown>,
  field: string,
  max: number,
  issues: FieldIssue[],
): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") {
    issues.push({ field, message: `must be a string (got ${typeOf(v)})` });
    return undefined;
  }
  const t = v.trim();
  if (t.length > max) issues.push({ field, message: `must be at most ${max} characters` });
  else if (CONTROL.test(t)) issues.push({ field, message: "must not contain control characters" });
  else if (LONE_SURROGATE.test(t)) {
    issues.push({ field, message: "must be valid Unicode (it has a lone surrogate)" });
  }
  return t || undefined;
}

/** Nesting depth of a JSON value (a scalar is 0); stops counting past the limit. */
function depthOf(v: unknown, limit = MAX_METADATA_DEPTH + 1): number {
  if (typeof v !== "object" || v === null || limit === 0) return 0;
  let deepest = 0;
  for (const child of Object.values(v)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return 1 + deepest;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Validates a decoded request body and fills in defaults.
 * @throws InvalidRequestError listing every field that is wrong (and any forbidden ones).
 * @throws ForbiddenFieldError when the request is valid but sets an internal field that
 *   `opts.allowInternalFields` does not allow.
 */
export function parseWorkflowRequest(
  body: unknown,
  opts: ParseRequestOptions = {},
): WorkflowRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError([
      { field: "(body)", message: `must be a JSON object (got ${typeOf(body)})` },
    ]);
  }
  const b = body as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(b)) {
    if (!KNOWN_FIELDS.has(key)) issues.push({ field: key, message: "unknown field" });
  }

  let keyword = "";
  if (b.keyword === undefined || b.keyword === null) {
    issues.push({ field: "keyword", message: "is required" });
  } else if (typeof b.keyword !== "string") {
    issues.push({ field: "keyword", message: `must be a string (got ${typeOf(b.keyword)})` });
  } else {
    keyword = b.keyword.normalize("NFC").trim().replace(/\s+/g, " ");
    if (!keyword) issues.push({ field: "keyword", message: "must not be empty" });
    else if (keyword.length > MAX_KEYWORD_LENGTH) {
      issues.push({
        field: "keyword",
        message: `must be at most ${MAX_KEYWORD_LENGTH} characters`,
      });
    } else if (CONTROL.test(keyword)) {
      issues.push({ field: "keyword", message: "must not contain control characters" });
    } else if (LONE_SURROGATE.test(keyword)) {
      issues.push({ field: "keyword", message: "must be valid Unicode (it has a lone surrogate)" });
    } else if (!LETTER_OR_DIGIT.test(keyword)) {
      issues.push({ field: "keyword", message: "must contain a letter or a digit" });
    }
  }

  let language = DEFAULT_LANGUAGE;
  if (b.language !== undefined && b.language !== null) {
    if (typeof b.language !== "string" || !BCP47.test(b.language)) {
      issues.push({
        field: "language",
        message: "must be a BCP 47 language tag such as en or cs-CZ",
      });
    } else {
      const [lang, ...rest] = b.language.split("-");
      language = [lang!.toLowerCase(), ...rest].join("-");
    }
  }

  let country: string | undefined;
  if (b.country !== undefined && b.country !== null) {
    if (typeof b.country !== "string" || !/^[a-zA-Z]{2}$/.test(b.country)) {
      issues.push({ field: "country", message: "must be an ISO 3166-1 alpha-2 code such as CZ" });
    } else country = b.country.toUpperCase();
  }

  let site: string | undefined;
  if (b.site !== undefined && b.site !== null) {
    if (typeof b.site !== "string" || !SITE_ID_PATTERN.test(b.site)) {
      issues.push({
        field: "site",
        message: "must be a site id: 1–64 characters of [A-Za-z0-9_.-]",
      });
    } else site = b.site;
  }

  let existing: WorkflowRequest["existing"];
  if (b.existing !== undefined && b.existing !== null) {
    const e = b.existing as Record<string, unknown>;
    const keys = typeof e === "object" && !Array.isArray(e) ? Object.keys(e) : [];
    if (keys.length !== 1 || !["url", "markdown"].includes(keys[0]!)) {
      issues.push({ field: "existing", message: 'must be {"url": …} or {"markdown": …}' });
    } else if (keys[0] === "url") {
      let ok = false;
      if (typeof e.url === "string" && e.url.length <= 2000) {
        try {
          ok = ["http:", "https:"].includes(new URL(e.url).protocol);
        } catch {
          ok = false;
        }
      }
      if (ok) existing = { url: e.url as string };
      else
        issues.push({
          field: "existing.url",
          message: "must be an http(s) URL of at most 2000 characters",
        });
    } else if (
      typeof e.markdown !== "string" ||
      !e.markdown.trim() ||
      new TextEncoder().encode(e.markdown).length > MAX_EXISTING_MARKDOWN_BYTES ||
      LONE_SURROGATE.test(e.markdown)
    ) {
      issues.push({
        field: "existing.markdown",
        message: `must be non-empty Markdown of at most ${MAX_EXISTING_MARKDOWN_BYTES} bytes`,
      });
    } else existing = { markdown: e.markdown };
  }

  const audience = optionalText(b, "audience", 200, issues);
  const tone = optionalText(b, "tone", 100, issues);

  let wordCount = DEFAULT_WORD_COUNT;
  if (b.wordCount !== undefined && b.wordCount !== null) {
    if (
      typeof b.wordCount !== "number" ||
      !Number.isInteger(b.wordCount) ||
      b.wordCount < MIN_WORD_COUNT ||
      b.wordCount > MAX_WORD_COUNT
    ) {
      issues.push({
        field: "wordCount",
        message: `must be an integer from ${MIN_WORD_COUNT} to ${MAX_WORD_COUNT}`,
      });
    } else wordCount = b.wordCount;
  }

  let pipeline = DEFAULT_PIPELINE;
  if (b.pipeline !== undefined && b.pipeline !== null) {
    if (typeof b.pipeline !== "string" || !NAME_PATTERN.test(b.pipeline)) {
      issues.push({ field: "pipeline", message: "must be a pipeline name ([a-z0-9-])" });
    } else pipeline = b.pipeline;
  }

  let id: string | undefined;
  if (b.id !== undefined && b.id !== null) {
    if (typeof b.id !== "string" || !WORKFLOW_ID_PATTERN.test(b.id)) {
      issues.push({ field: "id", message: "must be 1–100 characters of [A-Za-z0-9_-]" });
    } else id = b.id;
  }

  let metadata: Record<string, unknown> | undefined;
  if (b.metadata !== undefined && b.metadata !== null) {
    if (typeof b.metadata !== "object" || Array.isArray(b.metadata)) {
      issues.push({ field: "metadata", message: `must be an object (got ${typeOf(b.metadata)})` });
    } else {
      let size = Number.POSITIVE_INFINITY;
      let json = "";
      try {
        json = JSON.stringify(b.metadata);
        size = new TextEncoder().encode(json).length;
      } catch {
        // not serialisable (cycles, BigInt, too deep): reported as too large below
      }
      if (size <= MAX_METADATA_BYTES && depthOf(b.metadata) > MAX_METADATA_DEPTH) {
        issues.push({
          field: "metadata",
          message: `must be nested at most ${MAX_METADATA_DEPTH} levels deep`,
        });
      } else if (size <= MAX_METADATA_BYTES && ESCAPED_LONE_SURROGATE.test(json)) {
        issues.push({
          field: "metadata",
          message: "must be valid Unicode (a string in it has a lone surrogate)",
        });
      } else if (size > MAX_METADATA_BYTES) {
        issues.push({
          field: "metadata",
          message: `must be at most ${MAX_METADATA_BYTES} bytes as JSON`,
        });
      } else metadata = b.metadata as Record<string, unknown>;
    }
  }

  const rerun = parseRerun(b.rerun, issues);

  let cache: WorkflowRequest["cache"];
  if (b.cache !== undefined && b.cache !== null) {
    if (b.cache !== "use" && b.cache !== "refresh" && b.cache !== "bypass") {
      issues.push({ field: "cache", message: 'must be "use", "refresh" or "bypass"' });
    } else cache = b.cache;
  }

  let tokenBudget: number | undefined;
  if (b.tokenBudget !== undefined && b.tokenBudget !== null) {
    if (
      typeof b.tokenBudget !== "number" ||
      !Number.isInteger(b.tokenBudget) ||
      b.tokenBudget < 1
    ) {
      issues.push({ field: "tokenBudget", message: "must be a positive integer" });
    } else tokenBudget = b.tokenBudget;
  }

  let model: string | undefined;
  if (b.model !== undefined && b.model !== null) {
    if (
      typeof b.model !== "string" ||
      b.model.length > MAX_MODEL_LENGTH ||
      !MODEL_PATTERN.test(b.model)
    ) {
      issues.push({
        field: "model",
        message: `must be provider:model with a provider of ${PROVIDERS.join(", ")}, e.g. openai:gpt-4o-mini`,
      });
    } else model = b.model;
  }

  let maxTokens: number | undefined;
  if (b.maxTokens !== undefined && b.maxTokens !== null) {
    if (
      typeof b.maxTokens !== "number" ||
      !Number.isInteger(b.maxTokens) ||
      b.maxTokens < 1 ||
      b.maxTokens > MAX_MAX_TOKENS
    ) {
      issues.push({
        field: "maxTokens",
        message: `must be an integer from 1 to ${MAX_MAX_TOKENS}`,
      });
    } else maxTokens = b.maxTokens;
  }

  const forbidden: FieldIssue[] = opts.allowInternalFields
    ? []
    : INTERNAL_FIELDS.filter((f) => b[f] !== undefined && b[f] !== null).map((field) => ({
        field,
        message: "is an internal field: only an API key with allowInternalFields may set it",
      }));
  if (issues.length > 0) {
    const named = new Set(issues.map((i) => i.field));
    throw new InvalidRequestError([...issues, ...forbidden.filter((i) => !named.has(i.field))]);
  }
  if (forbidden.length > 0) throw new ForbiddenFieldError(forbidden);
  const req: WorkflowRequest = { keyword, language, wordCount, pipeline };
  if (country !== undefined) req.country = country;
  if (audience !== undefined) req.audience = audience;
  if (tone !== undefined) req.tone = tone;
  if (id !== undefined) req.id = id;
  if (metadata !== undefined) req.metadata = metadata;
  if (cache !== undefined) req.cache = cache;
  if (tokenBudget !== undefined) req.tokenBudget = tokenBudget;
  if (model !== undefined) req.model = model;
  if (maxTokens !== undefined) req.maxTokens = maxTokens;
  if (rerun !== undefined) req.rerun = rerun;
  if (site !== undefined) req.site = site;
  if (existing !== undefined) req.existing = existing;
  return req;
}

/** The primary language subtag: "cs-CZ" → "cs". */
export function primaryLanguage(tag: string): string {
  return (tag.split("-")[0] ?? tag).toLowerCase();
}
