/**
 * Approval before publishing (#11): a site with `publish.approval` parks a finished workflow
 * as `awaiting_approval` — its article readable, nothing published — until someone approves
 * it over HTTP; then the publish stage runs once (a signed webhook here) and the workflow
 * completes with who approved it. Rejecting is a cancel. Approving anything else is a 409.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from "../core/publish/webhook-signature.ts";
import {
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

const SECRET = "approval-test-secret-0123456789";

interface View {
  status: string;
  result?: { title?: string; published?: { kind: string; approvedBy?: string } };
  approval?: { requestedAt: number; approvedAt?: number; by?: string };
}

describe("publishing that waits for approval", () => {
  let stack: TestStack;
  let receiver: Server;
  const received: Array<{ workflowId: string; verified: boolean }> = [];
  const dir = mkdtempSync(join(tmpdir(), "seo-farm-approval-"));

  before(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", async () => {
        const verified = await verifyWebhookSignature(
          SECRET,
          req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
          body,
        );
        received.push({
          workflowId: (JSON.parse(body) as { workflowId: string }).workflowId,
          verified,
        });
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const sitesFile = join(dir, "sites.json");
    writeFileSync(
      sitesFile,
      JSON.stringify({
        sites: { gated: { publish: { webhook: { url, secret: SECRET }, approval: true } } },
      }),
    );
    stack = await startStack({
      env: { SITES_FILE: sitesFile, LOG_LEVEL: process.env.DEBUG_LOG ?? "warn" },
    });
    await stack.startActor("all");
  });
  after(async () => {
    await stack?.stop();
    await new Promise((r) => receiver?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function view(id: string): Promise<View> {
    return (await (await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)).json()) as View;
  }
  const post = (id: string, action: string) =>
    fetch(`${stack.gateway!.url}/v1/workflows/${id}/${action}`, { method: "POST" });

  test("parked with its article, published once after the approval", async () => {
    const id = await submitWorkflow(stack, {
      keyword: "trail running shoes",
      pipeline: "seo-article-publish",
      site: "gated",
      wordCount: 300,
    });
    const parked = await waitFor("awaiting approval", async () => {
      const v = await view(id);
      return v.status === "awaiting_approval" ? v : undefined;
    });
    assert.ok(parked.result?.title, "the article is there to review");
    assert.ok(parked.approval?.requestedAt);
    const md = await fetch(`${stack.gateway!.url}/v1/workflows/${id}/article.md`);
    assert.equal(md.status, 200, "and readable as Markdown");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(received.filter((r) => r.workflowId === id).length, 0, "nothing published yet");

    const res = await post(id, "approve");
    assert.equal(res.status, 202, await res.clone().text());
    const [done] = await waitForWorkflows(stack, [id]);
    assert.equal(done!.status, "completed", JSON.stringify(done!.error));
    const v = await view(id);
    assert.equal(v.result?.published?.kind, "webhook");
    assert.equal(v.result?.published?.approvedBy, "dashboard");
    assert.equal(v.approval?.by, "dashboard");
    const hooks = received.filter((r) => r.workflowId === id);
    assert.equal(hooks.length, 1, "published once");
    assert.ok(hooks[0]!.verified, "with a valid signature");

    const again = await post(id, "approve");
    assert.equal(again.status, 409, "a completed workflow cannot be approved again");
  });

  test("rejecting is a cancel: nothing is published", async () => {
    const id = await submitWorkflow(stack, {
      keyword: "hiking boots",
      pipeline: "seo-article-publish",
      site: "gated",
      wordCount: 300,
    });
    await waitFor("awaiting approval", async () =>
      (await view(id)).status === "awaiting_approval" ? true : undefined,
    );
    assert.equal((await post(id, "cancel")).status, 200);
    assert.equal((await view(id)).status, "cancelled");
    assert.equal((await post(id, "approve")).status, 409);
    assert.equal(received.filter((r) => r.workflowId === id).length, 0);
  });
});
