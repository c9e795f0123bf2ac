/**
 * `GET /v1/workflows/:id/events`: a workflow's progress as Server-Sent Events, from its
 * first event (or after `Last-Event-ID`, so a dropped connection resumes where it stopped)
 * until it ends. Each event's id is its SEO_EVENTS stream sequence; its type is the event
 * kind (`status`, `stage`, `delta`, `done`, `failed`); its data the event's JSON.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { InvalidRequestError, SeoFarmError } from "../../core/errors.ts";
import type { GatewayBackend } from "../backend.ts";
import type { GatewayEnv } from "../context.ts";
import { workflowIdParam } from "../route-params.ts";

export interface EventRoutesOptions {
  /** Comment lines that keep idle connections open through proxies. @default 15000 */
  keepAliveMs?: number;
  /** How long a just-accepted workflow may take to be recorded by intake. @default 3000 */
  recordWaitMs?: number;
}

/** Event kinds after which a workflow has nothing more to say. */
function isFinal(kind: string, data: Record<string, unknown>): boolean {
  return kind === "done" || kind === "failed" || (kind === "status" && data.status === "cancelled");
}

export function eventRoutes(backend: GatewayBackend, opts: EventRoutesOptions = {}) {
  const app = new Hono<GatewayEnv>();
  app.get("/v1/workflows/:id/events", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    const lastId = c.req.header("Last-Event-ID") ?? c.req.query("lastEventId");
    let afterSeq: number | undefined;
    if (lastId !== undefined && lastId !== "") {
      afterSeq = Number(lastId);
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
        throw new InvalidRequestError([
          { field: "Last-Event-ID", message: "must be an event id this stream sent" },
        ]);
      }
    }
    // A 202 comes a moment before intake records the workflow: give it that moment.
    let state = await backend.getWorkflow(id);
    for (let waited = 0; !state && waited < (opts.recordWaitMs ?? 3_000); waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      state = await backend.getWorkflow(id);
    }
    if (!state) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    const ended = ["completed", "failed", "cancelled"].includes(state.status);

    c.header("Cache-Control", "no-cache");
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      const keepAlive = setInterval(() => {
        void stream.write(": keep-alive\n\n");
      }, opts.keepAliveMs ?? 15_000);
      // An ended workflow sends what is stored and closes: a client resuming after its last
      // event (or after its events aged out of the stream) must not wait for ever.
      let idle: ReturnType<typeof setTimeout> | undefined;
      const armIdle = () => {
        clearTimeout(idle);
        if (ended) idle = setTimeout(() => abort.abort(), 1_000);
      };
      armIdle();
      try {
        for await (const e of backend.events(id, {
          ...(afterSeq !== undefined ? { afterSeq } : {}),
          signal: abort.signal,
        })) {
          await stream.writeSSE({ id: String(e.seq), event: e.kind, data: JSON.stringify(e.data) });
          if (isFinal(e.kind, e.data)) break;
          armIdle();
        }
      } finally {
        clearInterval(keepAlive);
        clearTimeout(idle);
        abort.abort();
      }
    });
  });
  return app;
}
