/**
 * The gateway's workflow API beyond create and get, over real HTTP against real actors:
 * progress as Server-Sent Events (resumable with Last-Event-ID), cancel (in-flight LLM work
 * stops, later stages never run), the pipeline list and the readiness check.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Objm } from "@nats-io/obj";
import { startStack, submitWorkflow, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack;
let base: string;
before(async () => {
  stack = await startStack({ env: { LLM_CACHE: "off" } });
  base = stack.gateway!.url;
  await stack.startActor("all");
});
after(async () => await stack?.stop());

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** Reads an SSE response to its end (the server closes it when the workflow ends). */
async function readSse(res: Response, timeoutMs = 30_000): Promise<SseEvent[]> {
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const timer = setTimeout(() => void res.body?.cancel(), timeoutMs);
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) continue;
          const i = line.indexOf(":");
          fields[line.slice(0, i)] = line.slice(i + 1).trimStart();
        }
        if (fields.data !== undefined) {
          events.push({
            id: fields.id ?? "",
            event: fields.event ?? "message",
            data: JSON.parse(fields.data),
          });
        }
        end = buffer.indexOf("\n\n");
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
}

async function emulator(config: unknown): Promise<void> {
  const r = await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(config),
  });
  assert.equal(r.status, 200);
}

describe("workflow API", () => {
  test("progress streams as SSE from queued to done; Last-Event-ID resumes after an event", async () => {
    const id = await submitWorkflow(stack, { keyword: "sse running shoes", wordCount: 300 });
    const events = await readSse(await fetch(`${base}/v1/workflows/${id}/events`));
    const kinds = events.map((e) => e.event);
    assert.equal(events[0]?.event, "status");
    assert.equal(events[0]?.data.status, "queued");
    assert.equal(kinds.at(-1), "done", kinds.join(","));
    const finished = events
      .filter((e) => e.event === "stage" && e.data.status === "done")
      .map((e) => e.data.stage);
    assert.deepEqual(finished, ["research", "outline", "draft", "optimise", "review", "assemble"]);
    const ids = events.map((e) => Number(e.id));
    assert.deepEqual(
      [...ids].sort((a, b) => a - b),
      ids,
      "ids rise with the stream sequence",
    );
    assert.ok(events.every((e) => e.data.workflowId === id));

    // A client that saw the first three events resumes with the rest, and the stream ends.
    const third = events[2]!;
    const rest = await readSse(
      await fetch(`${base}/v1/workflows/${id}/events`, { headers: { "Last-Event-ID": third.id } }),
    );
    assert.deepEqual(
      rest.map((e) => e.id),
      events.slice(3).map((e) => e.id),
    );
    // Resuming after the last event of an ended workflow closes at once, empty.
    const none = await readSse(
      await fetch(`${base}/v1/workflows/${id}/events`, {
        headers: { "Last-Event-ID": events.at(-1)!.id },
      }),
      10_000,
    );
    assert.deepEqual(none, []);
  });

  test("SSE errors: a bad Last-Event-ID is 400, an unknown workflow 404", async () => {
    const id = await submitWorkflow(stack, { keyword: "sse errors", wordCount: 300 });
    const bad = await fetch(`${base}/v1/workflows/${id}/events`, {
      headers: { "Last-Event-ID": "yesterday" },
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /Last-Event-ID/);
    const unknown = await fetch(`${base}/v1/workflows/no-such-workflow/events`);
    assert.equal(unknown.status, 404);
  });

  test("cancel stops the running stage's LLM call; later stages never run; the actor goes on", async () => {
    await fetch(`${stack.emulatorBase}/_emulator/reset`, { method: "POST" });
    await emulator({ tasks: { draft: { latencyMs: 20_000 } } });
    try {
      const keyword = "cancelled running shoes";
      const id = await submitWorkflow(stack, { keyword, wordCount: 300 });
      const sse = fetch(`${base}/v1/workflows/${id}/events`).then((r) => readSse(r));
      await waitFor(
        "the draft's LLM call to be in flight",
        async () => {
          const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
            inFlight: number;
          };
          return s.inFlight > 0 ? true : undefined;
        },
        20_000,
      );
      const cancelledAt = Date.now();
      const res = await fetch(`${base}/v1/workflows/${id}/cancel`, { method: "POST" });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { status: string };
      assert.equal(body.status, "cancelled");

      // The in-flight call was abandoned long before its 20 s were up.
      await waitFor(
        "the draft call to be aborted",
        async () => {
          const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
            inFlight: number;
            aborted: number;
          };
          return s.inFlight === 0 && s.aborted >= 1 ? true : undefined;
        },
        10_000,
      );
      assert.ok(Date.now() - cancelledAt < 10_000);
      const events = await sse;
      assert.equal(events.at(-1)?.event, "status");
      assert.equal(events.at(-1)?.data.status, "cancelled");

      // Nothing after the draft ran, and the workflow stays cancelled.
      await new Promise((r) => setTimeout(r, 1_000));
      const stats = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
        byTask: Record<string, number>;
      };
      assert.equal(stats.byTask.optimise ?? 0, 0, JSON.stringify(stats.byTask));
      assert.equal(stats.byTask.review ?? 0, 0);
      const w = (await (await fetch(`${base}/v1/workflows/${id}`)).json()) as {
        status: string;
        error?: { code: string };
      };
      assert.equal(w.status, "cancelled");
      assert.equal(w.error?.code, "CANCELLED");

      // Cancelling again is a conflict; an unknown id is 404.
      assert.equal(
        (await fetch(`${base}/v1/workflows/${id}/cancel`, { method: "POST" })).status,
        409,
      );
      assert.equal(
        (await fetch(`${base}/v1/workflows/nope/cancel`, { method: "POST" })).status,
        404,
      );
    } finally {
      await emulator({ tasks: { draft: null } });
    }
    // The actor was not harmed: the next workflow completes.
    const next = await submitWorkflow(stack, { keyword: "after the cancel", wordCount: 300 });
    const events = await readSse(await fetch(`${base}/v1/workflows/${next}/events`));
    assert.equal(events.at(-1)?.event, "done");
  });

  test("GET /v1/pipelines lists the pipelines with their stages; /readyz says ready", async () => {
    const res = await fetch(`${base}/v1/pipelines`);
    assert.equal(res.status, 200);
    const { pipelines } = (await res.json()) as {
      pipelines: Array<{
        name: string;
        version: string;
        stages: Array<{ name: string; taskClass: string }>;
      }>;
    };
    const seo = pipelines.find((p) => p.name === "seo-article");
    assert.ok(seo, JSON.stringify(pipelines));
    assert.match(seo.version, /^[0-9a-f]{12}$/);
    assert.deepEqual(
      seo.stages.map((s) => s.name),
      ["research", "outline", "draft", "optimise", "review", "assemble"],
    );
    assert.equal(seo.stages.find((s) => s.name === "draft")?.taskClass, "creative");
    const doc = (await (await fetch(`${base}/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, "3.1.0");
    assert.ok(doc.paths["/v1/workflows/{id}/events"]);
    const page = await fetch(`${base}/v1/docs`);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    const html = await page.text();
    assert.match(html, /\/v1\/batches\/\{id\}\/export/);
    assert.doesNotMatch(html, /<script/i, "the page needs no script (strict CSP)");
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: "ready",
      nats: true,
      jetstream: true,
      topology: true,
    });
  });
});

describe("the article and deleting", () => {
  test("the article as .md, .html and .json; DELETE removes the workflow and its article", async () => {
    const id = await submitWorkflow(stack, { keyword: "article formats", wordCount: 300 });
    await readSse(await fetch(`${base}/v1/workflows/${id}/events`));
    const md = await fetch(`${base}/v1/workflows/${id}/article.md`);
    assert.equal(md.status, 200);
    assert.match(md.headers.get("content-type") ?? "", /^text\/markdown/);
    const markdown = await md.text();
    assert.match(markdown, /^# .*article formats/im);
    const html = await fetch(`${base}/v1/workflows/${id}/article.html`);
    assert.match(html.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.match(await html.text(), /<h1[^>]*>/);
    const json = (await (await fetch(`${base}/v1/workflows/${id}/article.json`)).json()) as {
      markdown: string;
      slug: string;
    };
    assert.equal(json.markdown, markdown);
    assert.match(
      (await fetch(`${base}/v1/workflows/${id}/article.md`)).headers.get("content-disposition") ??
        "",
      new RegExp(`${json.slug}\\.md`),
    );
    assert.equal((await fetch(`${base}/v1/workflows/${id}/article.pdf`)).status, 404);

    const del = await fetch(`${base}/v1/workflows/${id}`, { method: "DELETE" });
    assert.equal(del.status, 204);
    assert.equal((await fetch(`${base}/v1/workflows/${id}`)).status, 404);
    assert.equal((await fetch(`${base}/v1/workflows/${id}/article.md`)).status, 404);
    assert.equal((await fetch(`${base}/v1/workflows/${id}`, { method: "DELETE" })).status, 404);
    // Nothing of it stays in the results store: not the article, not the stage outputs.
    const results = await new Objm(stack.nc).open("seo-results");
    assert.equal(await results.getBlob(`${id}.json`), null);
    assert.equal(await results.getBlob(`${id}.outputs.json`), null);
  });

  test("a running workflow has no article yet; deleting it cancels it first", async () => {
    await emulator({ tasks: { research: { latencyMs: 5_000 } } });
    try {
      const id = await submitWorkflow(stack, { keyword: "deleted while running", wordCount: 300 });
      await waitFor("it to be recorded", async () =>
        (await fetch(`${base}/v1/workflows/${id}`)).status === 200 ? true : undefined,
      );
      const article = await fetch(`${base}/v1/workflows/${id}/article.md`);
      assert.equal(article.status, 404);
      assert.match(JSON.stringify(await article.json()), /has no article/);
      assert.equal((await fetch(`${base}/v1/workflows/${id}`, { method: "DELETE" })).status, 204);
      assert.equal((await fetch(`${base}/v1/workflows/${id}`)).status, 404);
    } finally {
      await emulator({ tasks: { research: null } });
    }
  });
});

describe("creating and listing", () => {
  test("Idempotency-Key: a retried create returns the same workflow; another request with the key is 409", async () => {
    const body = JSON.stringify({ keyword: "idempotent running shoes", wordCount: 300 });
    const post = (key: string, b = body) =>
      fetch(`${base}/v1/workflows`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        body: b,
      });
    const key = `order-${Date.now()}`;
    const [a, b] = await Promise.all([post(key), post(key)]);
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    const idA = ((await a.json()) as { id: string }).id;
    const idB = ((await b.json()) as { id: string }).id;
    assert.equal(idA, idB, "both answers name one workflow");
    await waitFor("the workflow to be recorded", async () =>
      (await fetch(`${base}/v1/workflows/${idA}`)).status === 200 ? true : undefined,
    );
    const again = await post(key);
    assert.equal(again.status, 202);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.equal(((await again.json()) as { id: string }).id, idA);
    const other = await post(key, JSON.stringify({ keyword: "something else", wordCount: 300 }));
    assert.equal(other.status, 409);
    assert.match(JSON.stringify(await other.json()), /Idempotency-Key/);
    const bad = await post("has space");
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /Idempotency-Key/);
    // One workflow, not three.
    const list = (await (await fetch(`${base}/v1/workflows?limit=200`)).json()) as {
      items: Array<{ keyword: string }>;
    };
    assert.equal(list.items.filter((w) => w.keyword === "idempotent running shoes").length, 1);
  });

  test("the listing pages newest first with a cursor and filters by status", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await submitWorkflow(stack, { keyword: `listed keyword ${i}`, wordCount: 300 }));
    }
    await waitFor(
      "the five to complete",
      async () => {
        const all = await Promise.all(
          ids.map(
            async (id) =>
              ((await (await fetch(`${base}/v1/workflows/${id}`)).json()) as { status: string })
                .status,
          ),
        );
        return all.every((s) => s === "completed") ? true : undefined;
      },
      30_000,
      200,
    );
    const seen: string[] = [];
    let url: string | undefined = "/v1/workflows?limit=2";
    let pages = 0;
    while (url && pages < 100) {
      const page = (await (await fetch(`${base}${url}`)).json()) as {
        items: Array<{ id: string; status: string }>;
        next: string | null;
        links: { next?: string };
      };
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((w) => w.id));
      url = page.links.next;
      pages++;
    }
    // Every workflow once, newest first; ours among them in the reverse order of creation.
    assert.equal(new Set(seen).size, seen.length, "no workflow twice");
    const ours = seen.filter((id) => ids.includes(id));
    assert.deepEqual(ours, [...ids].reverse());
    const completed = (await (
      await fetch(`${base}/v1/workflows?status=completed&limit=200`)
    ).json()) as {
      items: Array<{ id: string; status: string; stagesDone: number; title?: string }>;
    };
    assert.ok(completed.items.every((w) => w.status === "completed"));
    for (const id of ids) {
      const w = completed.items.find((x) => x.id === id);
      assert.ok(w && w.stagesDone === 6 && w.title, `${id} listed as completed with its title`);
    }
    const cancelled = (await (await fetch(`${base}/v1/workflows?status=cancelled`)).json()) as {
      items: Array<{ status: string }>;
    };
    assert.ok(cancelled.items.every((w) => w.status === "cancelled"));
    for (const [q, field] of [
      ["status=done", "status"],
      ["limit=0", "limit"],
      ["cursor=a%20b", "cursor"],
    ] as const) {
      const r = await fetch(`${base}/v1/workflows?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(JSON.stringify(await r.json()), new RegExp(`"field":"${field}"`));
    }
  });
});

describe("backpressure", () => {
  test("past GATEWAY_MAX_BACKLOG creates get 503 with Retry-After; what was accepted is kept", async () => {
    const slow = await startStack({
      env: { GATEWAY_MAX_BACKLOG: "5", GATEWAY_BACKPRESSURE_RETRY_AFTER_S: "7" },
    });
    try {
      // No actor yet: everything accepted waits in intake.
      const accepted: string[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 30 && !refused; i++) {
        const r = await fetch(`${slow.gateway!.url}/v1/workflows`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ keyword: `backlog keyword ${i}`, wordCount: 300 }),
        });
        if (r.status === 202) accepted.push(((await r.json()) as { id: string }).id);
        else refused = r;
        // The gateway reads the backlog at most once a second.
        await new Promise((res) => setTimeout(res, 150));
      }
      assert.ok(refused, "a create was refused");
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get("retry-after"), "7");
      const problem = (await refused.json()) as { stage: string; backlog: number; limit: number };
      assert.equal(problem.stage, "intake");
      assert.ok(problem.backlog > 5);
      assert.ok(accepted.length > 5 && accepted.length < 30);

      // Nothing accepted is lost: an actor works the backlog off, and creates are taken again.
      await slow.startActor("all");
      for (const id of accepted) {
        await waitFor(
          `accepted workflow ${id}`,
          async () => {
            const w = (await (await fetch(`${slow.gateway!.url}/v1/workflows/${id}`)).json()) as {
              status: string;
            };
            return w.status === "completed" ? true : undefined;
          },
          60_000,
          250,
        );
      }
      await waitFor(
        "creates to be accepted again",
        async () => {
          const r = await fetch(`${slow.gateway!.url}/v1/workflows`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ keyword: "after the backlog", wordCount: 300 }),
          });
          return r.status === 202 ? true : undefined;
        },
        10_000,
        500,
      );
    } finally {
      await slow.stop();
    }
  });
});

describe("rerun", () => {
  test("rerun from the draft with a corrected outline: earlier stages are reused, the article follows the new outline", async () => {
    const id = await submitWorkflow(stack, { keyword: "rerun running shoes", wordCount: 300 });
    const first = await readSse(await fetch(`${base}/v1/workflows/${id}/events`));
    assert.equal(first.at(-1)?.event, "done");
    const stats = async () =>
      (
        (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
          byTask: Record<string, number>;
        }
      ).byTask;
    const before = await stats();
    const outline = {
      h1: "Rerun running shoes, corrected",
      sections: [
        { heading: "Alpha corrected section", points: ["one"] },
        { heading: "Beta corrected section", points: ["two"] },
      ],
    };
    const res = await fetch(`${base}/v1/workflows/${id}/rerun`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ fromStage: "draft", outputs: { outline } }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    const { id: rerunId, rerunOf } = (await res.json()) as { id: string; rerunOf: string };
    assert.equal(rerunOf, id);
    assert.notEqual(rerunId, id);
    const events = await readSse(await fetch(`${base}/v1/workflows/${rerunId}/events`));
    assert.equal(events.at(-1)?.event, "done", JSON.stringify(events.at(-1)));
    const w = (await (await fetch(`${base}/v1/workflows/${rerunId}`)).json()) as {
      stages: Array<{ name: string; status: string; memo?: boolean; llmCalls?: number }>;
      result: { outline: string[]; markdown: string };
      request: { rerun?: { of: string; fromStage: string } };
    };
    assert.deepEqual(w.result.outline, ["Alpha corrected section", "Beta corrected section"]);
    assert.match(w.result.markdown, /^## Alpha corrected section$/m);
    for (const s of w.stages) assert.equal(s.status, "done", s.name);
    for (const name of ["research", "outline"]) {
      const s = w.stages.find((x) => x.name === name)!;
      assert.equal(s.memo, true, `${name} reused`);
      assert.equal(s.llmCalls, 0);
    }
    assert.deepEqual(w.request.rerun, { of: id, fromStage: "draft", outputs: { outline } });
    const after = await stats();
    assert.equal(after.research, before.research, "research did not run again");
    assert.equal(after.outline, before.outline, "outline did not run again");
    assert.ok((after.draft ?? 0) > (before.draft ?? 0), "the draft ran again");
  });

  test("rerun errors: unknown stage 400, outputs of a later stage 400, a running workflow 409, unknown 404", async () => {
    const id = await submitWorkflow(stack, { keyword: "rerun errors", wordCount: 300 });
    await readSse(await fetch(`${base}/v1/workflows/${id}/events`));
    const rerun = (wid: string, body: unknown) =>
      fetch(`${base}/v1/workflows/${wid}/rerun`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const stage = await rerun(id, { fromStage: "nope" });
    assert.equal(stage.status, 400);
    assert.match(JSON.stringify(await stage.json()), /"field":"fromStage"/);
    const later = await rerun(id, { fromStage: "outline", outputs: { draft: "x" } });
    assert.equal(later.status, 400);
    assert.match(JSON.stringify(await later.json()), /outputs\.draft/);
    const extra = await rerun(id, { fromStage: "draft", keyword: "x" });
    assert.equal(extra.status, 400);
    assert.equal((await rerun("no-such-workflow", { fromStage: "draft" })).status, 404);
    await emulator({ tasks: { research: { latencyMs: 5_000 } } });
    try {
      const running = await submitWorkflow(stack, { keyword: "still running", wordCount: 300 });
      await waitFor("it to be recorded", async () =>
        (await fetch(`${base}/v1/workflows/${running}`)).status === 200 ? true : undefined,
      );
      assert.equal((await rerun(running, { fromStage: "draft" })).status, 409);
      await fetch(`${base}/v1/workflows/${running}/cancel`, { method: "POST" });
    } finally {
      await emulator({ tasks: { research: null } });
    }
  });
});
