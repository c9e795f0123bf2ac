/**
 * Per-site settings from the sites file (`SITES_FILE`, JSON): where each site's sitemap is,
 * where its articles are published, how many internal links an article gets.
 *
 *   { "sites": { "<siteId>": {
 *       "sitemap": "https://blog.example.com/sitemap.xml",
 *       "publish": { "wordpress": { "url": "https://blog.example.com", "username": "seo-farm",
 *                                   "applicationPassword": "env:BLOG_WP_APP_PASSWORD",
 *                                   "status": "draft", "seoPlugin": "yoast" } },
 *       "internalLinks": { "max": 5 } } } }
 *
 * Secrets (`applicationPassword`, a webhook's `secret`) are written inline or, better, as
 * `env:VAR_NAME`, read from the environment at load; either way they are registered for
 * redaction. Validated once, at load: every problem is reported at once, each naming its
 * field (`sites.blog.publish.wordpress.url`). Runtime-neutral: the entry reads the file and
 * passes its text and the environment in.
 */
import { ConfigError, type Env } from "../config.ts";
import type { FieldIssue } from "../errors.ts";
/** What a site id may be: it appears in requests, logs and metrics. */
import { SITE_ID_PATTERN } from "../request.ts";
import { registerSecrets } from "../secrets.ts";
import type { FetchLike } from "./http.ts";
import type { Publisher } from "./types.ts";
import { WebhookPublisher, type WebhookPublisherOptions } from "./webhook.ts";
import {
  type WordPressPostStatus,
  WordPressPublisher,
  type WordPressPublisherOptions,
} from "./wordpress.ts";
import type { SeoPlugin } from "./wordpress-content.ts";

export { SITE_ID_PATTERN };
/** Shortest webhook secret accepted: the HMAC is only as strong as its key. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
/** Largest per-request publish timeout accepted, ms. */
export const MAX_PUBLISH_TIMEOUT_MS = 600_000;
/** Largest `internalLinks.max` accepted. */
export const MAX_INTERNAL_LINKS = 100;

export interface SiteConfig {
  /** The site's key in the sites file. */
  id: string;
  /** URL of the site's sitemap.xml, for internal links. */
  sitemap?: string;
  /** Where articles go: at most one of the two. */
  publish?: {
    wordpress?: WordPressPublisherOptions;
    webhook?: WebhookPublisherOptions;
    /** Publishing waits for a person's approval (dashboard or `POST …/approve`). @default false */
    approval?: boolean;
  };
  /** `max`: most internal links per article (absent: the linker's default). */
  internalLinks?: { max?: number };
  /**
   * What a keyword that overlaps an existing page of the sitemap does, before any LLM call:
   * `flag` (default) records the overlaps in the result, `stop` fails the workflow.
   * `threshold`: the similarity that counts as an overlap (default the check's own, 0.6).
   */
  cannibalisation?: { mode?: "flag" | "stop"; threshold?: number };
}

export interface LoadSitesOptions {
  /** What the text is, for messages (the file's path). @default "sites file" */
  source?: string;
}

/**
 * Parses and validates a sites file's text; `env` resolves `env:VAR_NAME` secrets.
 * @throws ConfigError listing every problem, each with its field.
 */
export function loadSites(
  text: string,
  env: Env,
  opts: LoadSitesOptions = {},
): Map<string, SiteConfig> {
  const source = opts.source ?? "sites file";
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const v = new Validator(env);
  const sites = new Map<string, SiteConfig>();
  const root = v.object(doc, "", ["sites", "$schema"]);
  const entries = root ? v.object(root.sites, "sites") : undefined;
  if (root && root.sites === undefined) v.issue("sites", "is required");
  for (const [id, raw] of Object.entries(entries ?? {})) {
    const field = `sites.${id}`;
    if (!SITE_ID_PATTERN.test(id))
      v.issue(field, "a site id must be 1–64 characters of [A-Za-z0-9_.-]");
    const site = v.object(raw, field, ["sitemap", "publish", "internalLinks", "cannibalisation"]);
    if (site) sites.set(id, v.site(id, site, field));
  }
  if (v.issues.length > 0) {
    throw new ConfigError(
      `${source}: ${v.issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
    );
  }
  return sites;
}

/**
 * The publisher of a site, or undefined when it publishes nowhere. `fetch` is for tests and
 * runtimes that need their own.
 */
export function publisherFor(
  site: SiteConfig,
  opts: { fetch?: FetchLike } = {},
): Publisher | undefined {
  const fetchOpt = opts.fetch ? { fetch: opts.fetch } : {};
  if (site.publish?.wordpress)
    return new WordPressPublisher({ ...site.publish.wordpress, ...fetchOpt });
  if (site.publish?.webhook) return new WebhookPublisher({ ...site.publish.webhook, ...fetchOpt });
  return undefined;
}

const OVERLAP_MODES: readonly ("flag" | "stop")[] = ["flag", "stop"];
const WORDPRESS_STATUSES: readonly WordPressPostStatus[] = ["draft", "pending", "publish"];
const SEO_PLUGINS: readonly SeoPlugin[] = ["yoast", "rankmath", "none"];
const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Collects issues while reading the document; each reader returns undefined on a problem. */
class Validator {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly env: Env) {}

  issue(field: string, message: string): void {
    this.issues.push({ field: field || "(top level)", message });
  }

  /** An object; with `known`, other keys are issues. */
  object(v: unknown, field: string, known?: string[]): Record<string, unknown> | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      if (v !== undefined) this.issue(field, `must be an object (got ${describe(v)})`);
      return undefined;
    }
    const obj = v as Record<string, unknown>;
    if (known) {
      for (const k of Object.keys(obj)) {
        if (!known.includes(k)) {
          this.issue(field ? `${field}.${k}` : k, `unknown field (known: ${known.join(", ")})`);
        }
      }
    }
    return obj;
  }

  site(id: string, raw: Record<string, unknown>, field: string): SiteConfig {
    const site: SiteConfig = { id };
    const sitemap = this.url(raw.sitemap, `${field}.sitemap`, false);
    if (sitemap) site.sitemap = sitemap;
    const publish = this.object(raw.publish, `${field}.publish`, [
      "wordpress",
      "webhook",
      "approval",
    ]);
    if (publish) {
      site.publish = {};
      if (publish.approval !== undefined) {
        if (typeof publish.approval !== "boolean") {
          this.issue(`${field}.publish.approval`, "must be true or false");
        } else site.publish.approval = publish.approval;
      }
      if (publish.wordpress !== undefined && publish.webhook !== undefined) {
        this.issue(`${field}.publish`, "set one of wordpress or webhook, not both");
      }
      const wp = this.object(publish.wordpress, `${field}.publish.wordpress`, [
        "url",
        "username",
        "applicationPassword",
        "status",
        "seoPlugin",
        "timeoutMs",
      ]);
      if (wp) site.publish.wordpress = this.wordpress(wp, `${field}.publish.wordpress`);
      const hook = this.object(publish.webhook, `${field}.publish.webhook`, [
        "url",
        "secret",
        "timeoutMs",
      ]);
      if (hook) site.publish.webhook = this.webhook(hook, `${field}.publish.webhook`);
    }
    const links = this.object(raw.internalLinks, `${field}.internalLinks`, ["max"]);
    if (links) {
      site.internalLinks = {};
      const max = this.int(links.max, `${field}.internalLinks.max`, 0, MAX_INTERNAL_LINKS);
      if (max !== undefined) site.internalLinks.max = max;
    }
    const overlap = this.object(raw.cannibalisation, `${field}.cannibalisation`, [
      "mode",
      "threshold",
    ]);
    if (overlap) {
      site.cannibalisation = {};
      const mode = this.oneOf(overlap.mode, `${field}.cannibalisation.mode`, OVERLAP_MODES);
      if (mode) site.cannibalisation.mode = mode;
      if (overlap.threshold !== undefined) {
        const t = overlap.threshold;
        if (typeof t !== "number" || !(t > 0 && t <= 1)) {
          this.issue(`${field}.cannibalisation.threshold`, "must be a number in (0, 1]");
        } else site.cannibalisation.threshold = t;
      }
    }
    return site;
  }

  wordpress(raw: Record<string, unknown>, field: string): WordPressPublisherOptions {
    const opts: WordPressPublisherOptions = {
      url: this.url(raw.url, `${field}.url`, true) ?? "",
      username: this.string(raw.username, `${field}.username`, true) ?? "",
      applicationPassword:
        this.secret(raw.applicationPassword, `${field}.applicationPassword`, 1) ?? "",
    };
    const status = this.oneOf(raw.status, `${field}.status`, WORDPRESS_STATUSES);
    if (status) opts.status = status;
    const seoPlugin = this.oneOf(raw.seoPlugin, `${field}.seoPlugin`, SEO_PLUGINS);
    if (seoPlugin) opts.seoPlugin = seoPlugin;
    const timeoutMs = this.int(raw.timeoutMs, `${field}.timeoutMs`, 1, MAX_PUBLISH_TIMEOUT_MS);
    if (timeoutMs !== undefined) opts.timeoutMs = timeoutMs;
    return opts;
  }

  webhook(raw: Record<string, unknown>, field: string): WebhookPublisherOptions {
    const opts: WebhookPublisherOptions = {
      url: this.url(raw.url, `${field}.url`, true) ?? "",
      secret: this.secret(raw.secret, `${field}.secret`, MIN_WEBHOOK_SECRET_LENGTH) ?? "",
    };
    const timeoutMs = this.int(raw.timeoutMs, `${field}.timeoutMs`, 1, MAX_PUBLISH_TIMEOUT_MS);
    if (timeoutMs !== undefined) opts.timeoutMs = timeoutMs;
    return opts;
  }

  string(v: unknown, field: string, required: boolean): string | undefined {
    if (v === undefined) {
      if (required) this.issue(field, "is required");
      return undefined;
    }
    if (typeof v !== "string" || v.trim() === "") {
      this.issue(field, `must be a non-empty string (got ${describe(v)})`);
      return undefined;
    }
    return v.trim();
  }

  url(v: unknown, field: string, required: boolean): string | undefined {
    const s = this.string(v, field, required);
    if (s === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      this.issue(field, `must be an absolute http(s) URL (got "${s}")`);
      return undefined;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      this.issue(field, `must be an http(s) URL (got "${s}")`);
      return undefined;
    }
    if (url.username || url.password) {
      this.issue(field, "must not carry credentials (use the username and secret fields)");
      return undefined;
    }
    return s;
  }

  /** A secret, inline or `env:VAR_NAME`; registered for redaction. Messages never quote it. */
  secret(v: unknown, field: string, minLength: number): string | undefined {
    if (v === undefined) {
      this.issue(field, "is required (inline, or env:VAR_NAME to read it from the environment)");
      return undefined;
    }
    if (typeof v !== "string" || v.trim() === "") {
      this.issue(
        field,
        `must be a non-empty string (got ${typeof v === "string" ? "an empty one" : describe(v)})`,
      );
      return undefined;
    }
    let value = v.trim();
    const ref = ENV_REFERENCE.exec(value);
    if (ref) {
      const name = ref[1] ?? "";
      const fromEnv = this.env[name]?.trim();
      if (!fromEnv) {
        this.issue(field, `the environment variable ${name} it names is not set`);
        return undefined;
      }
      value = fromEnv;
    } else if (value.startsWith("env:")) {
      this.issue(field, "an env: reference must name a variable ([A-Za-z_][A-Za-z0-9_]*)");
      return undefined;
    }
    if (value.length < minLength) {
      this.issue(field, `must be at least ${minLength} characters (got ${value.length})`);
      return undefined;
    }
    registerSecrets(value);
    return value;
  }

  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
      this.issue(field, `must be one of ${allowed.join(", ")} (got ${describe(v)})`);
      return undefined;
    }
    return v as T;
  }

  int(v: unknown, field: string, min: number, max: number): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.issue(field, `must be an integer from ${min} to ${max} (got ${describe(v)})`);
      return undefined;
    }
    return v;
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === "object") return "an object";
  return String(v);
}
