/**
 * The completion endpoints' shared flow, whatever the wire format: record the request,
 * validate it, decide its latency and fault, write the answer, and deliver it whole after
 * the latency or streamed across it. The answer depends on the request only; the latency
 * and the fault on the seed and the request's index.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { generateContent } from "./generate/mod.ts";
import { parseTaskInput, taskFromHeader } from "./input.ts";
import { delay } from "./latency.ts";
import { hashString, Rng } from "./rng.ts";
import { pacedStream, scheduleFrames } from "./sse.ts";
import { CLIENT_CLOSED_STATUS, type EmulatorState, type RequestMeta } from "./state.ts";
import {
  type ChatAnswer,
  type ChatRequest,
  estimateTokens,
  promptTokensOf,
  responseId,
  splitIntoDeltas,
  truncateToTokens,
  type Wire,
  WireRequestError,
} from "./wire.ts";

/** Injected failures answer after this share of the latency: errors tend to come early. */
export const FAULT_LATENCY_SHARE = 0.1;

export const TASK_HEADER = "x-seo-farm-task";
export const STAGE_HEADER = "x-seo-farm-stage";
export const WORKFLOW_HEADER = "x-seo-farm-workflow";

const FAULT_MESSAGES: Record<number, string> = {
  429: "Rate limit reached (injected by the seo-farm LLM emulator). Please retry after a short wait.",
  500: "The server had an error while processing your request (injected by the seo-farm LLM emulator).",
  503: "The service is temporarily unavailable (injected by the seo-farm LLM emulator).",
  529: "Overloaded (injected by the seo-farm LLM emulator).",
};

export function requestMeta(headers: Headers): RequestMeta {
  const meta: RequestMeta = { task: taskFromHeader(headers.get(TASK_HEADER)) };
  const stage = headers.get(STAGE_HEADER)?.trim();
  if (stage) meta.stage = stage;
  const workflowId = headers.get(WORKFLOW_HEADER)?.trim();
  if (workflowId) meta.workflowId = workflowId;
  return meta;
}

/** The seed of an answer: a hash of everything the answer may depend on. */
export function answerSeed(task: string, req: ChatRequest): number {
  return hashString(JSON.stringify([task, req.model, req.messages, req.responseFormat]));
}

/** Recent answers by seed: load tests repeat prompts, and an answer depends on its seed only. */
const ANSWER_CACHE_SIZE = 256;
const answerCache = new Map<string, string>();

function contentFor(task: RequestMeta["task"], req: ChatRequest, seed: number): string {
  const key = `${seed}:${req.json}`;
  const cached = answerCache.get(key);
  if (cached !== undefined) {
    // Re-inserting keeps the map in least-recently-used order.
    answerCache.delete(key);
    answerCache.set(key, cached);
    return cached;
  }
  const content = generateContent(
    parseTaskInput(task, req.messages, req.model),
    req.json,
    new Rng(seed).fork("content"),
  );
  answerCache.set(key, content);
  if (answerCache.size > ANSWER_CACHE_SIZE) answerCache.delete(answerCache.keys().next().value!);
  return content;
}

/**
 * Writes the answer to a request. The content is a pure function of the task and the
 * request; `id` and `created` only label it.
 */
export function answerFor(
  task: RequestMeta["task"],
  req: ChatRequest,
  label: { id: string; created: number },
): ChatAnswer {
  const full = contentFor(task, req, answerSeed(task, req));
  const content = truncateToTokens(full, req.maxTokens);
  return {
    id: label.id,
    model: req.model,
    created: label.created,
    content,
    truncated: content.length < full.length,
    promptTokens: promptTokensOf(req.messages),
    completionTokens: estimateTokens(content),
  };
}

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
};

/** A handler for one wire format's completion endpoint. */
export function completionHandler(wire: Wire, state: EmulatorState) {
  return async function completion(c: Context): Promise<Response> {
    const meta = requestMeta(c.req.raw.headers);
    const entry = state.begin(wire.api, meta);
    const signal = c.req.raw.signal;
    const fail = (
      status: number,
      message: string,
      param?: string,
      retryAfterS?: number,
    ): Response => {
      state.finish(entry, status);
      if (retryAfterS !== undefined) c.header("retry-after", String(retryAfterS));
      return c.json(wire.errorBody(status, message, param), status as ContentfulStatusCode);
    };
    try {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return fail(400, "the request body is not valid JSON");
      }
      let req: ChatRequest;
      try {
        req = wire.parse(body);
      } catch (err) {
        if (err instanceof WireRequestError) return fail(400, err.message, err.param);
        throw err;
      }
      entry.model = req.model;
      entry.stream = req.stream;

      const plan = state.plan(entry);
      if (plan.faultStatus !== undefined) {
        if (!(await delay(plan.latencyMs * FAULT_LATENCY_SHARE, signal))) {
          state.finish(entry, CLIENT_CLOSED_STATUS);
          return new Response(null, { status: CLIENT_CLOSED_STATUS });
        }
        // A 401 echoes the key it was sent, whole, as a careless proxy would (OpenAI shows
        // part of it): the worst case for a client that must not leak it.
        const sentKey =
          c.req.header("x-api-key") ?? c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
        const message =
          plan.faultStatus === 401
            ? `Incorrect API key provided: ${sentKey ?? "(none)"} (injected by the seo-farm LLM emulator).`
            : (FAULT_MESSAGES[plan.faultStatus] ??
              `Injected error ${plan.faultStatus} (seo-farm LLM emulator).`);
        return fail(plan.faultStatus, message, undefined, plan.retryAfterS);
      }

      const answer = answerFor(meta.task, req, {
        id: responseId(wire.idPrefix, Rng.from("id", entry.index, entry.receivedAt)),
        created: Math.floor(entry.receivedAt / 1000),
      });
      const usage = { prompt: answer.promptTokens, completion: answer.completionTokens };
      if (req.stream) {
        const deltas = splitIntoDeltas(
          answer.content,
          new Rng(answerSeed(meta.task, req)).fork("deltas"),
        );
        const frames = scheduleFrames(
          wire.streamFrames(answer, deltas, req.includeUsage),
          plan.latencyMs,
        );
        const body = pacedStream(frames, (completed) =>
          completed ? state.finish(entry, 200, usage) : state.finish(entry, CLIENT_CLOSED_STATUS),
        );
        return new Response(body, {
          status: 200,
          headers: { ...SSE_HEADERS, "x-request-id": answer.id },
        });
      }
      if (!(await delay(plan.latencyMs, signal))) {
        state.finish(entry, CLIENT_CLOSED_STATUS);
        return new Response(null, { status: CLIENT_CLOSED_STATUS });
      }
      state.finish(entry, 200, usage);
      c.header("x-request-id", answer.id);
      return c.json(wire.completion(answer));
    } catch (err) {
      return fail(
        500,
        `the emulator failed to answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
}
