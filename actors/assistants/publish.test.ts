import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { WebhookPublisher } from "../../core/publish/webhook.ts";
import type { ArticleOutput } from "./assemble.ts";
import { publish } from "./publish.ts";
import type { AssistantContext } from "./types.ts";

test("the HTML sent to a site is rendered from the Markdown, never the assembled output's own", async () => {
  const received: Array<{ html: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push(JSON.parse(body).article ?? JSON.parse(body));
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: "post-1", url: "https://example.com/p/1" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    // An edited assemble output (a rerun from publish) whose HTML carries a script.
    const article = {
      title: "Tents",
      slug: "tents",
      metaDescription: "Tents for two.",
      markdown: "## Poles\n\nAluminium bends; <script>alert(1)</script> carbon snaps.",
      html: '<h2>Poles</h2><script>alert(1)</script><img src=x onerror="alert(2)">',
      jsonLd: {},
      keyword: "tents",
      language: "en",
      faq: [],
    } as unknown as ArticleOutput;
    const ctx = {
      envelope: { workflowId: "wf-publish-html" },
      signal: new AbortController().signal,
      site: {
        config: { id: "blog" },
        pages: async () => [],
        publisher: new WebhookPublisher({ url, secret: "s".repeat(32) }),
      },
      outputOf: <T>(name: string) => (name === "assemble" ? (article as T) : undefined),
    } as unknown as AssistantContext;
    await publish.run(ctx);
    assert.equal(received.length, 1);
    const html = received[0]!.html;
    assert.match(html, /<h2[^>]*>Poles<\/h2>/);
    assert.ok(!html.includes("<script>"), html);
    assert.ok(!html.includes("onerror"), html);
    assert.ok(html.includes("&lt;script&gt;"), "the Markdown's raw tag is escaped, not dropped");
  } finally {
    await new Promise((r) => server.close(r));
  }
});
