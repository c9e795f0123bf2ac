/**
 * Publishes an article to WordPress through its REST API, as a draft by default, with an
 * application password (Basic auth). Runtime-neutral: fetch only.
 *
 * Idempotent per workflow: before writing, it looks for a post this workflow wrote (same
 * slug, any status, recognised by the `seo_farm_workflow_id` meta or the workflow marker in
 * the content; then by that meta alone, for a post whose slug changed) and updates it, so a
 * retried publish never makes a second post. A post with the same slug that another
 * workflow or a person wrote is left alone.
 *
 * What the site can take is read once per publisher (and again after a failure): the REST
 * root, which meta keys it registers for the REST API, and whether the user may post
 * `<script>` (WordPress's `unfiltered_html`). The JSON-LD goes into the content when the
 * user may, else into the `seo_farm_json_ld` meta; a site that can take neither, or lacks
 * the SEO plugin's meta keys, fails with `PUBLISH_MISCONFIGURED` before anything is written.
 */
import { PublishError } from "./errors.ts";
import {
  basicAuth,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  errorOfAnswer,
  exchange,
  type FetchLike,
  isRecord,
  parseJson,
} from "./http.ts";
import type { PublishableArticle, Publisher, PublishResult } from "./types.ts";
import {
  JSON_LD_META_KEY,
  postContent,
  type SeoPlugin,
  scriptSafeJson,
  seoMeta,
  seoMetaKeys,
  WORKFLOW_META_KEY,
  writtenBy,
} from "./wordpress-content.ts";
import { discoverRestRoot, restRouteUrl } from "./wordpress-rest.ts";

export type WordPressPostStatus = "draft" | "pending" | "publish";

export const DEFAULT_WORDPRESS_STATUS: WordPressPostStatus = "draft";
export const DEFAULT_SEO_PLUGIN: SeoPlugin = "none";

export interface WordPressPublisherOptions {
  /** The site's address (its home URL), e.g. `https://blog.example.com`. */
  url: string;
  /** The WordPress user the posts are written as. */
  username: string;
  /** An application password of that user (Users → Profile → Application Passwords). */
  applicationPassword: string;
  /** The status new posts get; an update never takes a published post back to a draft. @default "draft" */
  status?: WordPressPostStatus;
  /** Whose meta fields get the title, description and focus keyword. @default "none" */
  seoPlugin?: SeoPlugin;
  /** Deadline of each HTTP request, ms. @default 30000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
}

/** What the publisher learned about the site. */
interface SiteFacts {
  restRoot: string;
  /** Post meta keys the site registers for the REST API. */
  metaKeys: ReadonlySet<string>;
  /** Whether the user may post `<script>` (and so the JSON-LD in the content). */
  unfilteredHtml: boolean;
}

/** A post as the REST API returns it (the fields asked for). */
interface WpPost {
  id: number;
  status: string;
  link?: string;
  content?: { raw?: unknown };
  meta?: Record<string, unknown>;
}

/** Statuses a publish must not take a post back from. */
const LIVE_STATUSES = new Set(["publish", "future", "private"]);
const POST_FIELDS = "id,status,link,content,meta";

export class WordPressPublisher implements Publisher {
  readonly kind = "wordpress";
  readonly #url: string;
  readonly #username: string;
  readonly #authorization: string;
  readonly #status: WordPressPostStatus;
  readonly #seoPlugin: SeoPlugin;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;
  #facts: Promise<SiteFacts> | undefined;

  constructor(opts: WordPressPublisherOptions) {
    const url = new URL(opts.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`WordPress url must be http(s) (got "${opts.url}")`);
    }
    if (!opts.username) throw new TypeError("WordPress username must not be empty");
    if (!opts.applicationPassword) {
      throw new TypeError("WordPress applicationPassword must not be empty");
    }
    const timeoutMs = opts.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw new RangeError(`WordPress timeoutMs must be a positive integer (got ${timeoutMs})`);
    }
    this.#url = url.toString();
    this.#username = opts.username;
    this.#authorization = basicAuth(opts.username, opts.applicationPassword);
    this.#status = opts.status ?? DEFAULT_WORDPRESS_STATUS;
    this.#seoPlugin = opts.seoPlugin ?? DEFAULT_SEO_PLUGIN;
    this.#timeoutMs = timeoutMs;
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  async publish(article: PublishableArticle, signal?: AbortSignal): Promise<PublishResult> {
    try {
      const facts = await this.#siteFacts(signal);
      const jsonLdInContent = this.#jsonLdPlacement(facts, article) === "content";
      const existing = await this.#findOwnPost(facts, article.workflowId, article.slug, signal);

      const meta: Record<string, string> = seoMeta(article, this.#seoPlugin);
      if (facts.metaKeys.has(WORKFLOW_META_KEY)) meta[WORKFLOW_META_KEY] = article.workflowId;
      if (facts.metaKeys.has(JSON_LD_META_KEY)) {
        // Emptied when the JSON-LD is in the content, so the page does not carry it twice.
        meta[JSON_LD_META_KEY] = jsonLdInContent ? "" : scriptSafeJson(article.jsonLd);
      }
      const body: Record<string, unknown> = {
        title: article.title,
        slug: article.slug,
        content: postContent(article, { jsonLd: jsonLdInContent }),
        excerpt: article.metaDescription,
        meta,
      };
      if (!(existing && LIVE_STATUSES.has(existing.status) && this.#status !== "publish")) {
        body.status = this.#status;
      }
      const route = existing ? `wp/v2/posts/${existing.id}` : "wp/v2/posts";
      const post = await this.#request<WpPost>(
        facts,
        route,
        { _fields: POST_FIELDS },
        signal,
        body,
      );
      if (!isPost(post)) throw this.#invalid(`POST ${route}`, post);
      return {
        target: this.kind,
        id: String(post.id),
        ...(typeof post.link === "string" ? { url: post.link } : {}),
        status: post.status,
        updated: existing !== undefined,
      };
    } catch (err) {
      // The site may have changed (a plugin switched off, the user's role): learn it again.
      this.#facts = undefined;
      throw err;
    }
  }

  /** Where the JSON-LD goes, or why it cannot go anywhere. */
  #jsonLdPlacement(facts: SiteFacts, article: PublishableArticle): "content" | "meta" {
    const missing = seoMetaKeys(this.#seoPlugin).filter((k) => !facts.metaKeys.has(k));
    if (missing.length > 0) {
      throw new PublishError(
        "PUBLISH_MISCONFIGURED",
        `WordPress at ${this.#url} does not register ${missing.join(", ")} for its REST API, ` +
          `so the ${this.#seoPlugin} fields cannot be set: register them with show_in_rest ` +
          `(docs/publishing.md shows a plugin), or set seoPlugin to "none"`,
      );
    }
    if (facts.unfilteredHtml || Object.keys(article.jsonLd).length === 0) return "content";
    if (facts.metaKeys.has(JSON_LD_META_KEY)) return "meta";
    throw new PublishError(
      "PUBLISH_MISCONFIGURED",
      `WordPress at ${this.#url}: user "${this.#username}" may not post <script> (no ` +
        `unfiltered_html capability), so the JSON-LD cannot go into the content, and the site ` +
        `does not register ${JSON_LD_META_KEY} for its REST API: publish as an administrator, ` +
        "or install the plugin from docs/publishing.md",
    );
  }

  /**
   * What the site can take, learned once and shared by concurrent publishes. The learning
   * runs without any one caller's signal (its requests have their deadlines), so a cancelled
   * workflow cannot fail another's publish with its reason; each caller stops waiting when
   * its own signal aborts.
   */
  #siteFacts(signal: AbortSignal | undefined): Promise<SiteFacts> {
    if (!this.#facts) {
      const facts = this.#learnSite();
      this.#facts = facts;
      facts.catch(() => {
        if (this.#facts === facts) this.#facts = undefined;
      });
    }
    return untilAborted(this.#facts, signal);
  }

  async #learnSite(): Promise<SiteFacts> {
    const restRoot = await discoverRestRoot(this.#url, {
      fetch: this.#fetch,
      timeoutMs: this.#timeoutMs,
      authorization: this.#authorization,
    });
    const partial = { restRoot, metaKeys: new Set<string>(), unfilteredHtml: false };
    // Who we are first: a wrong password fails here, as PUBLISH_UNAUTHORIZED.
    const me = await this.#request<unknown>(
      partial,
      "wp/v2/users/me",
      { context: "edit", _fields: "id,capabilities" },
      undefined,
    );
    const caps = isRecord(me) && isRecord(me.capabilities) ? me.capabilities : {};
    const schema = await this.#request<unknown>(
      partial,
      "wp/v2/posts",
      { _fields: "schema.properties.meta" },
      undefined,
      undefined,
      "OPTIONS",
    );
    const metaProps = pick(schema, ["schema", "properties", "meta", "properties"]);
    return {
      restRoot,
      metaKeys: new Set(isRecord(metaProps) ? Object.keys(metaProps) : []),
      unfilteredHtml: caps.unfiltered_html === true,
    };
  }

  /** The post `workflowId` wrote, if there is one (any status but trash). */
  async #findOwnPost(
    facts: SiteFacts,
    workflowId: string,
    slug: string,
    signal: AbortSignal | undefined,
  ): Promise<WpPost | undefined> {
    const query = { status: "any", context: "edit", _fields: POST_FIELDS };
    const bySlug = await this.#request<unknown>(
      facts,
      "wp/v2/posts",
      { ...query, slug, per_page: 100 },
      signal,
    );
    const own = posts(bySlug).find((p) => writtenBy(p, workflowId));
    if (own || !facts.metaKeys.has(WORKFLOW_META_KEY)) return own;
    // A post whose slug was changed on the site. The plugin in docs/publishing.md filters on
    // this parameter; a site that ignores it answers its latest posts, which writtenBy sifts.
    const byMeta = await this.#request<unknown>(
      facts,
      "wp/v2/posts",
      { ...query, [WORKFLOW_META_KEY]: workflowId, per_page: 20 },
      signal,
    );
    return posts(byMeta).find((p) => writtenBy(p, workflowId));
  }

  /** One REST call: JSON in and out, errors as PublishError. POST when there is a body. */
  async #request<T>(
    facts: Pick<SiteFacts, "restRoot">,
    route: string,
    query: Record<string, string | number>,
    signal: AbortSignal | undefined,
    body?: unknown,
    method = body === undefined ? "GET" : "POST",
  ): Promise<T> {
    const url = restRouteUrl(facts.restRoot, route, query);
    const answer = await exchange(url, {
      method,
      headers: {
        accept: "application/json",
        authorization: this.#authorization,
        "user-agent": "seo-farm",
        ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A redirected POST would come back as a GET: a write must not follow one.
      redirect: method === "GET" ? "follow" : "manual",
      timeoutMs: this.#timeoutMs,
      signal,
      fetch: this.#fetch,
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw errorOfAnswer(`WordPress at ${this.#url} (${method} ${route})`, answer);
    }
    const json = parseJson(answer.text);
    if (json === undefined) throw this.#invalid(`${method} ${route}`, answer.text);
    return json as T;
  }

  #invalid(what: string, got: unknown): PublishError {
    const text = typeof got === "string" ? got : JSON.stringify(got);
    return new PublishError(
      "PUBLISH_INVALID_RESPONSE",
      `WordPress at ${this.#url} (${what}) answered something that is not the REST API's JSON: ` +
        `${(text ?? "").slice(0, 200)}`,
    );
  }
}

/** `promise`, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function isPost(v: unknown): v is WpPost {
  return isRecord(v) && typeof v.id === "number" && typeof v.status === "string";
}

function posts(v: unknown): WpPost[] {
  return Array.isArray(v) ? v.filter(isPost) : [];
}

function pick(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const key of path) cur = isRecord(cur) ? cur[key] : undefined;
  return cur;
}
