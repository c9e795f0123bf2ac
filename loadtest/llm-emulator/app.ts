/**
 * The emulator's Hono app, free of any runtime: Node (`node.ts`), Deno and the edge serve
 * the same app. OpenAI routes under `/v1/chat/completions`, Anthropic under `/v1/messages`,
 * the control API under `/_emulator`. No authentication: any key is accepted.
 */
import { Hono } from "hono";
import { anthropicWire } from "./anthropic-wire.ts";
import { completionHandler } from "./completions.ts";
import { controlRoutes } from "./control.ts";
import { openAiWire } from "./openai-wire.ts";
import { type EmulatorConfig, type EmulatorOptions, parseEmulatorOptions } from "./options.ts";
import { EmulatorState, type EmulatorStats, type RequestLogEntry } from "./state.ts";

/** The models `GET /v1/models` lists; any model name is accepted in a request. */
export const EMULATED_MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "claude-sonnet-4-5",
  "claude-haiku-4-5",
  "seo-farm-emulator",
];
/** A fixed creation time for the model list (2024-05-13), so it is stable. */
const MODELS_CREATED = 1_715_558_400;

/** The in-process control surface: what `/_emulator/*` offers over HTTP. */
export interface EmulatorHandle {
  stats(): EmulatorStats;
  /** Log entries with an index above `since` (default 0), oldest first. */
  requests(since?: number, limit?: number): RequestLogEntry[];
  config(): EmulatorConfig;
  /** Merges a partial options object; throws RangeError naming a bad field. */
  configure(patch: EmulatorOptions): EmulatorConfig;
  /** Clears the statistics and the log; the fault sequence starts over. */
  reset(): void;
}

export interface EmulatorApp {
  app: Hono;
  handle: EmulatorHandle;
}

function modelList(c: { req: { header(name: string): string | undefined } }) {
  // Anthropic clients send anthropic-version; they expect their own list shape.
  if (c.req.header("anthropic-version")) {
    const data = EMULATED_MODELS.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: new Date(MODELS_CREATED * 1000).toISOString(),
    }));
    return {
      data,
      has_more: false,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    };
  }
  return {
    object: "list",
    data: EMULATED_MODELS.map((id) => ({
      id,
      object: "model",
      created: MODELS_CREATED,
      owned_by: "seo-farm",
    })),
  };
}

function handleOf(state: EmulatorState): EmulatorHandle {
  return {
    stats: () => state.stats(),
    requests: (since, limit) => state.requests(since, limit),
    config: () => state.config,
    configure: (patch) => state.configure(patch),
    reset: () => state.reset(),
  };
}

/**
 * An OpenAI- and Anthropic-compatible LLM server with deterministic, task-aware answers.
 * Throws a RangeError when an option is invalid.
 */
export function createEmulatorApp(options: EmulatorOptions = {}): EmulatorApp {
  const state = new EmulatorState(parseEmulatorOptions(options));
  const app = new Hono();
  const openai = completionHandler(openAiWire, state);
  const anthropic = completionHandler(anthropicWire, state);

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // With and without /v1, for clients whose base URL leaves it out.
  app.post("/v1/chat/completions", openai);
  app.post("/chat/completions", openai);
  app.post("/v1/messages", anthropic);
  app.post("/messages", anthropic);
  app.get("/v1/models", (c) => c.json(modelList(c)));
  app.get("/v1/models/:id", (c) =>
    c.json({
      id: c.req.param("id"),
      object: "model",
      created: MODELS_CREATED,
      owned_by: "seo-farm",
    }),
  );
  app.route("/_emulator", controlRoutes(state));

  app.notFound((c) =>
    c.json(
      openAiWire.errorBody(
        404,
        `no route for ${c.req.method} ${c.req.path} (seo-farm LLM emulator)`,
      ),
      404,
    ),
  );
  app.onError((err, c) =>
    c.json(
      openAiWire.errorBody(
        500,
        `emulator error: ${err instanceof Error ? err.message : String(err)}`,
      ),
      500,
    ),
  );
  return { app, handle: handleOf(state) };
}
