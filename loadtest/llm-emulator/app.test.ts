/**
 * The emulator over real HTTP, called the way seo-farm calls an LLM: the official OpenAI
 * SDK with the task headers and the input as a fenced JSON block (and plain fetch for the
 * Anthropic route). Runs on the `zero` profile except where a test sets a latency.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import OpenAI from "openai";
import { type RunningEmulator, startEmulator } from "./node.ts";
import { countWords, occurrences } from "./text.ts";

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ port: 0, profile: "zero" });
});
after(async () => await emulator?.close());
beforeEach(() => {
  emulator.handle.configure({ profile: "zero", tasks: null });
  emulator.handle.reset();
});

const SYSTEM = "You are a careful SEO assistant. Answer only with what is asked.";

function prompt(data: Record<string, unknown>): string {
  return `Do the task for the keyword below.\n\n\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\``;
}

function client(headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({
    apiKey: "test-key",
    baseURL: emulator.url,
    maxRetries: 0,
    defaultHeaders: headers,
  });
}

async function ask(
  task: string,
  data: Record<string, unknown>,
  opts: { json?: boolean; stage?: string; workflow?: string; model?: string } = {},
): Promise<string> {
  const headers: Record<string, string> = { "X-Seo-Farm-Task": task };
  if (opts.stage) headers["X-Seo-Farm-Stage"] = opts.stage;
  if (opts.workflow) headers["X-Seo-Farm-Workflow"] = opts.workflow;
  const res = await client(headers).chat.completions.create({
    model: opts.model ?? "gpt-4o",
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: prompt(data) },
    ],
    ...(opts.json === false ? {} : { response_format: { type: "json_object" as const } }),
  });
  const content = res.choices[0]?.message.content;
  assert.ok(content, "the answer has content");
  return content;
}

async function askJson<T>(task: string, data: Record<string, unknown>): Promise<T> {
  return JSON.parse(await ask(task, data)) as T;
}

interface Outline {
  h1: string;
  sections: Array<{ heading: string; points: string[] }>;
}

const h2s = (markdown: string) => [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());

const lower = (s: string) => s.toLocaleLowerCase();

describe("task outputs", () => {
  test("research lists the keyword first, related terms, an intent, questions and a summary", async () => {
    const keyword = "trail running shoes";
    const r = await askJson<{
      keywords: string[];
      intent: string;
      questions: string[];
      entities: string[];
      summary: string;
    }>("research", { keyword, language: "en" });
    assert.equal(r.keywords[0], keyword);
    assert.ok(r.keywords.length >= 7 && r.keywords.length <= 11, `${r.keywords.length} keywords`);
    assert.equal(new Set(r.keywords.map(lower)).size, r.keywords.length, "no duplicate keywords");
    assert.ok(["informational", "commercial", "transactional", "navigational"].includes(r.intent));
    assert.ok(
      r.questions.length >= 4 && r.questions.length <= 6,
      `${r.questions.length} questions`,
    );
    for (const q of r.questions) assert.ok(q.endsWith("?"), `a question: ${q}`);
    assert.ok(r.entities.length >= 3 && r.entities.length <= 6);
    const sentences = r.summary.split(/(?<=[.!?])\s+/);
    assert.ok(sentences.length >= 2 && sentences.length <= 3, r.summary);
  });

  test("outline: an H1 with the keyword, 5–7 unique sections, research questions used, a conclusion last", async () => {
    const keyword = "indoor herb garden";
    const questions = [
      "How much light does an indoor herb garden need?",
      "Which herbs grow best indoors?",
      "How often should I water indoor herbs?",
    ];
    const o = await askJson<Outline>("outline", {
      keyword,
      language: "en",
      wordCount: 1200,
      research: { keywords: [keyword, "herb garden kit"], questions },
    });
    assert.ok(lower(o.h1).includes(keyword), `keyword in H1: ${o.h1}`);
    assert.ok(o.h1.length <= 70, `H1 length ${o.h1.length}`);
    assert.ok(o.sections.length >= 5 && o.sections.length <= 7, `${o.sections.length} sections`);
    const headings = o.sections.map((s) => lower(s.heading));
    assert.equal(
      new Set(headings).size,
      headings.length,
      `unique headings: ${headings.join(" | ")}`,
    );
    assert.equal(o.sections.at(-1)!.heading, "Conclusion");
    assert.ok(
      o.sections.some((s) => questions.includes(s.heading)),
      `a research question is a heading: ${headings.join(" | ")}`,
    );
    for (const s of o.sections) assert.ok(s.points.length >= 2, `points under ${s.heading}`);
  });

  test("draft follows the outline's headings in order and has about wordCount words", async () => {
    const keyword = "home espresso machine";
    const outline = await askJson<Outline>("outline", { keyword, language: "en", wordCount: 800 });
    const markdown = await ask(
      "draft",
      { keyword, language: "en", wordCount: 800, outline },
      { json: false },
    );
    assert.ok(markdown.startsWith(`# ${outline.h1}\n`), "starts with the outline's H1");
    assert.deepEqual(
      h2s(markdown),
      outline.sections.map((s) => s.heading),
    );
    const words = countWords(markdown);
    assert.ok(words >= 600 && words <= 1000, `${words} words for a target of 800`);
    const intro = markdown.split(/\n\s*\n/)[1] ?? "";
    assert.ok(lower(intro).includes(keyword), `keyword in the first paragraph: ${intro}`);
    const mentions = occurrences(markdown, keyword);
    const density = (mentions * 3) / words;
    assert.ok(mentions >= 3, `${mentions} keyword mentions`);
    assert.ok(density >= 0.005 && density <= 0.03, `density ${(density * 100).toFixed(2)} %`);
    assert.doesNotMatch(markdown, /<[a-z/!]/i, "no raw HTML");
  });

  test("a draft without an outline makes one up, still in Markdown sections", async () => {
    const markdown = await ask(
      "draft",
      { keyword: "sourdough starter", wordCount: 400 },
      { json: false },
    );
    assert.match(markdown, /^# .*sourdough starter/im);
    assert.ok(h2s(markdown).length >= 5, "five or more sections");
    const words = countWords(markdown);
    assert.ok(words >= 300 && words <= 500, `${words} words for a target of 400`);
  });

  test("optimise: title ≤ 60 and meta description ≤ 155 hold the keyword; 3–5 FAQ items", async () => {
    const keyword = "trail running shoes";
    const questions = ["How long do trail running shoes last?", "Are trail shoes good for roads?"];
    const o = await askJson<{
      title: string;
      metaDescription: string;
      faq: Array<{ question: string; answer: string }>;
    }>("optimise", { keyword, language: "en", questions });
    assert.ok(o.title.length <= 60 && lower(o.title).includes(keyword), `title: ${o.title}`);
    assert.ok(
      o.metaDescription.length >= 120 && o.metaDescription.length <= 155,
      `meta length ${o.metaDescription.length}: ${o.metaDescription}`,
    );
    assert.ok(lower(o.metaDescription).includes(keyword));
    assert.ok(o.faq.length >= 3 && o.faq.length <= 5, `${o.faq.length} FAQ items`);
    assert.equal(o.faq[0]!.question, questions[0], "the searchers' questions come first");
    for (const f of o.faq) {
      assert.ok(f.question.endsWith("?") && f.answer.length > 20, JSON.stringify(f));
    }
  });

  test("optimise with a keyword longer than a title still answers, as close as it can", async () => {
    const keyword =
      "best lightweight waterproof trail running shoes for wide feet and long ultramarathon races";
    const o = await askJson<{ title: string; metaDescription: string }>("optimise", { keyword });
    assert.ok(o.title.length > 0 && o.title.length <= 60, `title: ${o.title}`);
    assert.ok(lower(keyword).startsWith(lower(o.title)), "the title is the keyword, cut");
    assert.ok(o.metaDescription.length <= 155 && lower(o.metaDescription).includes(lower(keyword)));
  });

  test("review gives a verdict, a score from 60 to 98, issues and suggestions", async () => {
    const r = await askJson<{
      verdict: string;
      score: number;
      issues: string[];
      suggestions: string[];
    }>("review", {
      keyword: "trail running shoes",
      draft: "# Trail running shoes\n\nText.",
      checks: ["word-count: 4 words for a target of 1200", "keyword-density: 25.00 %"],
    });
    assert.ok(["pass", "revise"].includes(r.verdict));
    assert.ok(r.score >= 60 && r.score <= 98, `score ${r.score}`);
    assert.ok(r.issues.length >= 1 && r.issues.length <= 3, "failed checks become issues");
    assert.ok(r.suggestions.length >= 1 && r.suggestions.length <= 3);
  });

  test("an unknown task gets prose about the keyword; in JSON mode as {text}", async () => {
    const text = await ask("social-posts", { keyword: "budget travel tips" }, { json: false });
    assert.ok(lower(text).includes("budget travel tips"));
    assert.throws(() => JSON.parse(text));
    const json = JSON.parse(await ask("", { keyword: "budget travel tips" })) as { text: string };
    assert.ok(json.text.length > 100);
  });

  test("Czech requests get Czech text with diacritics, Czech headings and a Závěr", async () => {
    const keyword = "běžecké boty";
    const research = await askJson<{ questions: string[]; keywords: string[] }>("research", {
      keyword,
      language: "cs-CZ",
    });
    assert.ok(research.questions.every((q) => q.endsWith("?")));
    const outline = await askJson<Outline>("outline", { keyword, language: "cs", research });
    assert.equal(outline.sections.at(-1)!.heading, "Závěr");
    assert.ok(lower(outline.h1).includes(keyword), outline.h1);
    const markdown = await ask(
      "draft",
      { keyword, language: "cs", outline, wordCount: 600 },
      { json: false },
    );
    assert.deepEqual(
      h2s(markdown),
      outline.sections.map((s) => s.heading),
    );
    assert.match(markdown, /[ěščřžýáíéůú]/);
    assert.match(markdown, /\b(je|se|na|a|v)\b/, "Czech function words");
    assert.doesNotMatch(markdown, /\b(the|and|with)\b/i, "no English words");
    const meta = await askJson<{ title: string; faq: Array<{ question: string }> }>("optimise", {
      keyword,
      language: "cs",
    });
    assert.ok(lower(meta.title).includes(keyword), meta.title);
    assert.ok(meta.faq.every((f) => f.question.endsWith("?")));
  });
});

describe("determinism", () => {
  test("the same request gets byte-identical content; another keyword gets other content", async () => {
    const a1 = await ask(
      "draft",
      { keyword: "indoor herb garden", wordCount: 500 },
      { json: false },
    );
    const a2 = await ask(
      "draft",
      { keyword: "indoor herb garden", wordCount: 500 },
      { json: false },
    );
    const b = await ask(
      "draft",
      { keyword: "balcony herb garden", wordCount: 500 },
      { json: false },
    );
    assert.equal(a1, a2);
    assert.notEqual(a1.replaceAll("indoor", "balcony"), b, "not just the keyword swapped");
  });

  test("JSON mode answers parse as JSON objects, a draft as {markdown}", async () => {
    for (const task of ["research", "outline", "optimise", "review", "generic"]) {
      const value: unknown = JSON.parse(await ask(task, { keyword: "sourdough starter" }));
      assert.equal(typeof value, "object", task);
    }
    const draft = JSON.parse(await ask("draft", { keyword: "sourdough starter" })) as {
      markdown: string;
    };
    assert.match(draft.markdown, /^# /);
  });
});

describe("wire", () => {
  test("a streamed answer concatenates to the non-streamed content and reports usage", async () => {
    const keyword = "sourdough starter";
    const body = {
      model: "gpt-4o-mini",
      messages: [
        { role: "system" as const, content: SYSTEM },
        { role: "user" as const, content: prompt({ keyword, wordCount: 300 }) },
      ],
    };
    const c = client({ "X-Seo-Farm-Task": "draft" });
    const whole = await c.chat.completions.create(body);
    const stream = await c.chat.completions.create({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, whole.choices[0]!.message.content);
    assert.ok(chunks > 20, `${chunks} chunks`);
    assert.equal(finish, "stop");
    assert.deepEqual(usage, whole.usage);
    const promptChars = SYSTEM.length + body.messages[1]!.content.length;
    assert.equal(whole.usage!.prompt_tokens, Math.ceil(promptChars / 4));
    assert.equal(whole.usage!.completion_tokens, Math.ceil(text.length / 4));
    assert.equal(
      whole.usage!.total_tokens,
      whole.usage!.prompt_tokens + whole.usage!.completion_tokens,
    );
    assert.match(whole.id, /^chatcmpl-/);
    assert.equal(whole.model, "gpt-4o-mini");
  });

  test("the Anthropic route answers in the Messages shape, whole and streamed", async () => {
    const request = {
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      system: [{ type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: prompt({ keyword: "trail running shoes" }) }],
    };
    const headers = {
      "content-type": "application/json",
      "x-api-key": "anything",
      "anthropic-version": "2023-06-01",
      "X-Seo-Farm-Task": "optimise",
    };
    const url = emulator.url.replace(/\/v1$/, "/v1/messages");
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(request) });
    assert.equal(res.status, 200);
    const msg = (await res.json()) as {
      id: string;
      type: string;
      role: string;
      model: string;
      content: Array<{ type: string; text: string }>;
      stop_reason: string;
      usage: Record<string, number>;
    };
    assert.equal(msg.type, "message");
    assert.equal(msg.role, "assistant");
    assert.equal(msg.model, request.model);
    assert.equal(msg.stop_reason, "end_turn");
    assert.equal(msg.content[0]!.type, "text");
    const title = (JSON.parse(msg.content[0]!.text) as { title: string }).title;
    assert.ok(title.toLowerCase().includes("trail running shoes"));
    assert.deepEqual(Object.keys(msg.usage).sort(), [
      "cache_creation_input_tokens",
      "cache_read_input_tokens",
      "input_tokens",
      "output_tokens",
    ]);
    assert.equal(msg.usage.output_tokens, Math.ceil(msg.content[0]!.text.length / 4));

    const streamed = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...request, stream: true }),
    });
    assert.match(streamed.headers.get("content-type") ?? "", /^text\/event-stream/);
    const events = (await streamed.text())
      .trim()
      .split("\n\n")
      .map((frame) => {
        const [eventLine, dataLine] = frame.split("\n");
        return {
          event: eventLine!.replace(/^event: /, ""),
          data: JSON.parse(dataLine!.replace(/^data: /, "")) as Record<string, unknown>,
        };
      });
    const kinds = [...new Set(events.map((e) => e.event))];
    assert.deepEqual(kinds, [
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const text = events
      .filter((e) => e.event === "content_block_delta")
      .map((e) => (e.data.delta as { text: string }).text)
      .join("");
    assert.equal(text, msg.content[0]!.text);
    const delta = events.find((e) => e.event === "message_delta")!.data;
    assert.deepEqual(delta.usage, { output_tokens: msg.usage.output_tokens });
  });

  test("a body without messages gets a 400 in each provider's error shape", async () => {
    const base = emulator.url.replace(/\/v1$/, "");
    const post = (path: string, body: string) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const openai = await post("/v1/chat/completions", JSON.stringify({ model: "gpt-4o" }));
    assert.equal(openai.status, 400);
    const oe = (await openai.json()) as { error: { message: string; type: string } };
    assert.equal(oe.error.type, "invalid_request_error");
    assert.match(oe.error.message, /messages/);
    const anthropic = await post(
      "/v1/messages",
      JSON.stringify({ model: "claude", max_tokens: 10 }),
    );
    assert.equal(anthropic.status, 400);
    const ae = (await anthropic.json()) as {
      type: string;
      error: { type: string; message: string };
    };
    assert.equal(ae.type, "error");
    assert.equal(ae.error.type, "invalid_request_error");
    assert.match(ae.error.message, /messages/);
    const broken = await post("/v1/chat/completions", "{not json");
    assert.equal(broken.status, 400);
    await assert.rejects(
      client().chat.completions.create({ model: "", messages: [{ role: "user", content: "x" }] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && /model/.test(err.message),
    );
  });

  test("GET /v1/models lists models for the SDK", async () => {
    const ids: string[] = [];
    for await (const m of client().models.list()) ids.push(m.id);
    assert.ok(ids.includes("gpt-4o"));
  });
});

describe("latency and faults", () => {
  test("a configured latency of 300 ms is honoured", async () => {
    emulator.handle.configure({ latencyMs: 300 });
    const started = performance.now();
    await ask("research", { keyword: "trail running shoes" });
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 280, `answered after ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < 5_000, `answered after ${elapsed.toFixed(0)} ms`);
  });

  test("errorRate 1 makes every call fail with HTTP 500", async () => {
    emulator.handle.configure({ errorRate: 1 });
    await assert.rejects(
      ask("research", { keyword: "trail running shoes" }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 500,
    );
    assert.equal(emulator.handle.stats().errors, 1);
  });

  test("a task's fault override fails that task only", async () => {
    const res = await fetch(`${emulator.url.replace(/\/v1$/, "")}/_emulator/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tasks: { outline: { errorRate: 1, errorStatus: 503 } } }),
    });
    assert.equal(res.status, 200);
    await assert.rejects(
      ask("outline", { keyword: "trail running shoes" }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 503,
    );
    await ask("research", { keyword: "trail running shoes" });
  });

  test("a client that hangs up ends its pending answer at once", async () => {
    emulator.handle.configure({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = fetch(`${emulator.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hello" }] }),
      signal: controller.signal,
    });
    while (emulator.handle.stats().inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(pending);
    const started = Date.now();
    while (emulator.handle.stats().inFlight > 0 && Date.now() - started < 2_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const stats = emulator.handle.stats();
    assert.equal(stats.inFlight, 0, "the request is no longer in flight");
    assert.equal(stats.aborted, 1);
  });
});

describe("control API", () => {
  const base = () => emulator.url.replace(/\/v1$/, "");

  test("stats and the request log count requests by task and stage", async () => {
    await ask("research", { keyword: "a" }, { stage: "research", workflow: "wf-1" });
    await ask("outline", { keyword: "a" }, { stage: "outline", workflow: "wf-1" });
    await ask("outline", { keyword: "b" }, { stage: "outline", workflow: "wf-2" });
    await ask("prompt", { keyword: "b" }, { stage: "social", workflow: "wf-2" });
    const stats = (await (await fetch(`${base()}/_emulator/stats`)).json()) as {
      requests: number;
      inFlight: number;
      byTask: Record<string, number>;
      byStage: Record<string, number>;
      errors: number;
      promptTokens: number;
      completionTokens: number;
    };
    assert.equal(stats.requests, 4);
    assert.equal(stats.inFlight, 0);
    assert.deepEqual(stats.byTask, { research: 1, outline: 2, generic: 1 });
    assert.deepEqual(stats.byStage, { research: 1, outline: 2, social: 1 });
    assert.equal(stats.errors, 0);
    assert.ok(stats.promptTokens > 0 && stats.completionTokens > 0);

    const log = (await (await fetch(`${base()}/_emulator/requests?since=2`)).json()) as {
      requests: Array<Record<string, unknown>>;
      next: number;
    };
    assert.deepEqual(
      log.requests.map((e) => [e.index, e.task, e.stage, e.workflowId, e.api, e.status]),
      [
        [3, "outline", "outline", "wf-2", "openai", 200],
        [4, "generic", "social", "wf-2", "openai", 200],
      ],
    );
    assert.equal(log.next, 4);
    assert.equal(typeof log.requests[0]!.receivedAt, "number");
    assert.equal(typeof log.requests[0]!.finishedAt, "number");
  });

  test("config merges partial changes and rejects an unknown option; reset clears the counts", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${base()}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const set = await post("/_emulator/config", { latencyMs: { min: 100, max: 200 } });
    assert.equal(set.status, 200);
    const config = (await set.json()) as Record<string, unknown>;
    assert.deepEqual(config.latencyMs, { min: 100, max: 200 });
    assert.equal(config.profile, "zero");
    const bad = await post("/_emulator/config", { latency: 5 });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /latency/);
    const profile = (await (await post("/_emulator/config", { profile: "fast" })).json()) as {
      latencyMs: unknown;
    };
    assert.deepEqual(profile.latencyMs, { min: 20, max: 60 }, "a profile brings its latency");

    await ask("research", { keyword: "a" });
    assert.equal(emulator.handle.stats().requests, 1);
    assert.equal((await post("/_emulator/reset", {})).status, 200);
    assert.equal(emulator.handle.stats().requests, 0);
    assert.deepEqual(emulator.handle.requests(), []);
    assert.equal((await fetch(`${base()}/healthz`)).status, 200);
  });
});
