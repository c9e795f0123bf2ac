/**
 * The webhook publisher against a real HTTP receiver (node:http on a random port): the
 * receiver verifies what it gets with `verifyWebhookSignature`, as a user's would; errors
 * are retryable or not by status; the timeout and the caller's signal are honoured.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { PublishError } from "../core/publish/errors.ts";
import type { PublishableArticle } from "../core/publish/types.ts";
import { WebhookPublisher } from "../core/publish/webhook.ts";
import { signWebhook, verifyWebhookSignature } from "../core/publish/webhook-signature.ts";

const SECRET = "whsec-test-0123456789abcdef";

function article(workflowId: string): PublishableArticle {
  return {
    title: "Trail running shoes: how to choose",
    slug: "trail-running-shoes",
    metaDescription: "How to choose trail running shoes: grip, drop, fit.",
    markdown: "## Grip\n\nDeep lugs hold in mud.",
    html: "<h2>Grip</h2>\n<p>Deep lugs hold in mud.</p>",
    jsonLd: { "@context": "https://schema.org", "@type": "Article", headline: "Trail shoes" },
    keyword: "trail running shoes",
    language: "en",
    faq: [{ question: "What drop?", answer: "A low one." }],
    workflowId,
  };
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("webhook publisher against a real receiver", () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const path = req.url ?? "/";
        received.push({ path, headers: req.headers, body });
        const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(json));
        };
        if (path === "/ok")
          return reply(201, { id: "r-1", url: "https://example.com/a", status: "received" });
        if (path === "/plain") return res.writeHead(204).end();
        if (path === "/fail500") return reply(500, { message: "database is down" });
        if (path === "/fail400") return reply(400, { code: "bad_article", message: "no title" });
        if (path === "/fail429")
          return reply(429, { message: "slow down" }, { "retry-after": "7" });
        if (path === "/redirect") {
          res.writeHead(307, { location: "/ok" });
          return res.end();
        }
        if (path === "/slow") {
          const timer = setTimeout(() => reply(200, {}), 5_000);
          res.on("close", () => clearTimeout(timer));
          return;
        }
        reply(404, { message: "no such hook" });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const hook = (path: string, timeoutMs = 5_000) =>
    new WebhookPublisher({ url: `${base}${path}`, secret: SECRET, timeoutMs });

  async function rejection(p: Promise<unknown>): Promise<PublishError> {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof PublishError, String(err));
      return err;
    }
    assert.fail("expected the publish to fail");
  }

  test("the receiver verifies the signed article and sees its idempotency key", async () => {
    const a = article("wf-hook-1");
    const result = await hook("/ok").publish(a);
    assert.deepEqual(result, {
      target: "webhook",
      id: "r-1",
      url: "https://example.com/a",
      status: "received",
      updated: false,
    });
    const got = received.findLast((r) => r.path === "/ok");
    assert.ok(got);
    assert.equal(got.headers["idempotency-key"], "wf-hook-1");
    assert.match(String(got.headers["content-type"]), /^application\/json/);
    const signature = String(got.headers["seo-farm-signature"]);
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(await verifyWebhookSignature(SECRET, signature, got.body), true);
    assert.deepEqual(JSON.parse(got.body), a);
  });

  test("a tampered body, another secret or an old signature fails verification", async () => {
    await hook("/ok").publish(article("wf-hook-2"));
    const got = received.findLast((r) => r.path === "/ok");
    assert.ok(got);
    const signature = String(got.headers["seo-farm-signature"]);
    const tampered = got.body.replace("Deep lugs", "Deep lugz");
    assert.notEqual(tampered, got.body);
    assert.equal(await verifyWebhookSignature(SECRET, signature, tampered), false);
    assert.equal(await verifyWebhookSignature(`${SECRET}x`, signature, got.body), false);
    const tenMinutesOn = Date.now() + 600_000;
    assert.equal(
      await verifyWebhookSignature(SECRET, signature, got.body, { now: tenMinutesOn }),
      false,
    );
    assert.equal(
      await verifyWebhookSignature(SECRET, signature, got.body, {
        now: tenMinutesOn,
        toleranceS: 900,
      }),
      true,
    );
    // A forger without the secret cannot sign the tampered body.
    const forged = await signWebhook("not-the-secret-0123456789", tampered);
    assert.equal(await verifyWebhookSignature(SECRET, forged, tampered), false);
  });

  test("a 2xx without a body is success, with the workflow id as the id", async () => {
    const result = await hook("/plain").publish(article("wf-hook-3"));
    assert.deepEqual(result, {
      target: "webhook",
      id: "wf-hook-3",
      status: "delivered",
      updated: false,
    });
  });

  test("a 500 is retryable, a 400 is not, a 429 carries its Retry-After", async () => {
    const e500 = await rejection(hook("/fail500").publish(article("wf-hook-4")));
    assert.equal(e500.code, "PUBLISH_UNAVAILABLE");
    assert.equal(e500.retryable, true);
    assert.equal(e500.status, 500);
    assert.match(e500.message, /database is down/);

    const e400 = await rejection(hook("/fail400").publish(article("wf-hook-4")));
    assert.equal(e400.code, "PUBLISH_REJECTED");
    assert.equal(e400.retryable, false);
    assert.equal(e400.remoteCode, "bad_article");
    assert.match(e400.message, /400 bad_article: no title/);

    const e429 = await rejection(hook("/fail429").publish(article("wf-hook-4")));
    assert.equal(e429.code, "PUBLISH_RATE_LIMITED");
    assert.equal(e429.retryable, true);
    assert.equal(e429.retryAfterMs, 7_000);
  });

  test("a redirect is not followed: a POST must not turn into a GET elsewhere", async () => {
    const before = received.filter((r) => r.path === "/ok").length;
    const err = await rejection(hook("/redirect").publish(article("wf-hook-5")));
    assert.equal(err.code, "PUBLISH_REJECTED");
    assert.equal(err.retryable, false);
    assert.match(err.message, /redirected to \/ok/);
    assert.equal(received.filter((r) => r.path === "/ok").length, before);
  });

  test("a receiver slower than timeoutMs is PUBLISH_TIMEOUT, retryable", async () => {
    const err = await rejection(hook("/slow", 200).publish(article("wf-hook-6")));
    assert.equal(err.code, "PUBLISH_TIMEOUT");
    assert.equal(err.retryable, true);
    assert.match(err.message, /200 ms/);
  });

  test("the caller's signal aborts a publish with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("workflow cancelled");
    setTimeout(() => controller.abort(reason), 100);
    await assert.rejects(hook("/slow").publish(article("wf-hook-7"), controller.signal), (err) => {
      assert.equal(err, reason);
      return true;
    });
  });

  test("an unreachable receiver is PUBLISH_UNAVAILABLE, retryable", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const p = new WebhookPublisher({ url: `http://127.0.0.1:${port}/`, secret: SECRET });
    const err = await rejection(p.publish(article("wf-hook-8")));
    assert.equal(err.code, "PUBLISH_UNAVAILABLE");
    assert.equal(err.retryable, true);
  });
});
