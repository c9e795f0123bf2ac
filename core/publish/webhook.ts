/**
 * Publishes an article to any HTTP endpoint: a POST of the article as JSON, signed with
 * HMAC-SHA256 (`Seo-Farm-Signature`, see webhook-signature.ts) and keyed by its workflow
 * (`Idempotency-Key: <workflowId>`), so a receiver can both trust it and recognise a retry.
 * A 2xx answer is success; the receiver may answer `{id?, url?, status?, updated?}` JSON to
 * say what it made. Network errors, timeouts, 408, 429 and 5xx are retryable, other
 * statuses are not, and redirects are not followed (a redirected POST would become a GET).
 */
import {
  DEFAULT_PUBLISH_TIMEOUT_MS,
  errorOfAnswer,
  exchange,
  type FetchLike,
  isRecord,
  parseJson,
} from "./http.ts";
import type { PublishableArticle, Publisher, PublishResult } from "./types.ts";
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from "./webhook-signature.ts";

export const WEBHOOK_IDEMPOTENCY_HEADER = "Idempotency-Key";

export interface WebhookPublisherOptions {
  /** Where the article is POSTed. */
  url: string;
  /** The shared secret the receiver verifies the signature with. */
  secret: string;
  /** Deadline of the request and its answer, ms. @default 30000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
  /** The clock the signature's timestamp comes from, ms since the epoch. @default Date.now */
  now?: () => number;
}

export class WebhookPublisher implements Publisher {
  readonly kind = "webhook";
  readonly #url: string;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;
  readonly #now: () => number;

  constructor(opts: WebhookPublisherOptions) {
    const url = new URL(opts.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`webhook url must be http(s) (got "${opts.url}")`);
    }
    if (!opts.secret) throw new TypeError("webhook secret must not be empty");
    const timeoutMs = opts.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw new RangeError(`webhook timeoutMs must be a positive integer (got ${timeoutMs})`);
    }
    this.#url = url.toString();
    this.#secret = opts.secret;
    this.#timeoutMs = timeoutMs;
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.#now = opts.now ?? Date.now;
  }

  async publish(article: PublishableArticle, signal?: AbortSignal): Promise<PublishResult> {
    const body = JSON.stringify(article);
    const signature = await signWebhook(this.#secret, body, Math.floor(this.#now() / 1000));
    const answer = await exchange(this.#url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "seo-farm",
        [WEBHOOK_SIGNATURE_HEADER]: signature,
        [WEBHOOK_IDEMPOTENCY_HEADER]: article.workflowId,
      },
      body,
      redirect: "manual",
      timeoutMs: this.#timeoutMs,
      signal,
      fetch: this.#fetch,
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw errorOfAnswer(`webhook ${this.#url}`, answer);
    }
    const reply = parseJson(answer.text);
    const r = isRecord(reply) ? reply : {};
    return {
      target: this.kind,
      id: typeof r.id === "string" || typeof r.id === "number" ? String(r.id) : article.workflowId,
      ...(typeof r.url === "string" ? { url: r.url } : {}),
      status: typeof r.status === "string" ? r.status : "delivered",
      updated: r.updated === true,
    };
  }
}
