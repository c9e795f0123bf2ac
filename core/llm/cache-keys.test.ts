import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decodeKeyToken,
  encodeKeyToken,
  keywordHash,
  llmCacheFilter,
  llmCacheKey,
  stageMemoFilter,
  stageMemoKey,
} from "./cache-keys.ts";

/** What `@nats-io/kv` accepts as a key: its alphabet, no leading/trailing dot, no empty token. */
const KV_KEY = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;

const AWKWARD_NAMES = [
  "gpt-4o",
  "llama3.1:8b",
  "claude-3-5-sonnet@2024",
  "anthropic/claude-3.5",
  "models/gemini 1.5 pro",
  "a=b",
  "=3D",
  "*",
  ">",
  "",
  " ",
  "..",
  "ünïcödé",
  "模型",
  "emoji-🚀",
];

const request = {
  messages: [
    { role: "system", content: "You are an SEO researcher." },
    { role: "user", content: "trail running shoes" },
  ],
  temperature: 0.7,
  json: true,
};

test("encodeKeyToken keeps [A-Za-z0-9_-] and escapes everything else reversibly", () => {
  const cases: Array<[string, string]> = [
    ["gpt-4o", "gpt-4o"],
    ["snake_case-1", "snake_case-1"],
    ["llama3.1:8b", "llama3=2E1=3A8b"],
    ["claude-3-5-sonnet@2024", "claude-3-5-sonnet=402024"],
    ["a=b", "a=3Db"],
    ["", "="],
    ["é", "=C3=A9"],
  ];
  for (const [input, expected] of cases) {
    assert.equal(encodeKeyToken(input), expected, input);
    assert.equal(decodeKeyToken(expected), input, expected);
  }
});

test("encoded tokens are valid single KV tokens and never collide", () => {
  const seen = new Map<string, string>();
  for (const name of AWKWARD_NAMES) {
    const token = encodeKeyToken(name);
    assert.match(token, /^[-_=A-Za-z0-9]+$/, `"${name}" → "${token}"`);
    assert.equal(decodeKeyToken(token), name);
    assert.equal(seen.get(token), undefined, `"${name}" collides with "${seen.get(token)}"`);
    seen.set(token, name);
  }
});

test("decodeKeyToken rejects what encodeKeyToken cannot produce", () => {
  for (const bad of ["a.b", "=4", "=zz", "a b", "=3d", "*", ""]) {
    assert.throws(() => decodeKeyToken(bad), TypeError, bad);
  }
});

test("llm cache keys are stable whatever the order of object keys", async () => {
  const parts = { provider: "openai", model: "gpt-4o", promptVersion: "v3", request };
  const reordered = {
    promptVersion: "v3",
    request: { json: true, temperature: 0.7, messages: request.messages },
    model: "gpt-4o",
    provider: "openai",
  };
  const a = await llmCacheKey(parts);
  assert.equal(await llmCacheKey(parts), a);
  assert.equal(await llmCacheKey(reordered), a);
  assert.match(a, /^llm\.openai\.gpt-4o\.v3\.[0-9a-f]{32}$/);
});

test("llm cache keys differ when anything that shapes the answer differs", async () => {
  const base = { provider: "openai", model: "gpt-4o", promptVersion: "v3", request };
  const variants = [
    base,
    { ...base, provider: "anthropic" },
    { ...base, model: "gpt-4o-mini" },
    { ...base, promptVersion: "v4" },
    { ...base, request: { ...request, temperature: 0.2 } },
    { ...base, request: { ...request, json: false } },
    { ...base, request: { ...request, messages: request.messages.slice(1) } },
    { ...base, request: undefined },
    { ...base, request: null },
    { ...base, request: "null" },
  ];
  const keys = await Promise.all(variants.map((v) => llmCacheKey(v)));
  // undefined and null requests hash alike (both are JSON null); everything else differs.
  assert.equal(keys[7], keys[8]);
  assert.equal(new Set(keys).size, variants.length - 1);
});

test("llm cache keys are valid KV keys for awkward names, laid out for prefix filters", async () => {
  for (const name of AWKWARD_NAMES) {
    const key = await llmCacheKey({ provider: name, model: name, promptVersion: name, request });
    assert.match(key, KV_KEY, `${name} → ${key}`);
    const tokens = key.split(".");
    assert.equal(tokens.length, 5, key);
    assert.deepEqual(tokens.slice(0, 4), ["llm", ...Array(3).fill(encodeKeyToken(name))]);
  }
  const key = await llmCacheKey({
    provider: "ollama",
    model: "llama3.1:8b",
    promptVersion: "2024-06-01",
    request,
  });
  assert.ok(key.startsWith("llm.ollama.llama3=2E1=3A8b.2024-06-01."), key);
});

test("filters match exactly the parts given", async () => {
  const cases: Array<[Parameters<typeof llmCacheFilter>[0], string]> = [
    [{}, "llm.*.*.*.*"],
    [{ provider: "openai" }, "llm.openai.*.*.*"],
    [{ provider: "ollama", model: "llama3.1:8b" }, "llm.ollama.llama3=2E1=3A8b.*.*"],
    [{ promptVersion: "v3" }, "llm.*.*.v3.*"],
  ];
  for (const [parts, expected] of cases) assert.equal(llmCacheFilter(parts), expected);
  const kw = await keywordHash("trail running shoes");
  assert.equal(await stageMemoFilter({ keyword: "trail running shoes" }), `out.*.*.${kw}.*`);
  assert.equal(await stageMemoFilter({ assistant: "research" }), "out.research.*.*.*");
  assert.equal(await stageMemoFilter({}), "out.*.*.*.*");
});

test("keywordHash ignores case, surrounding space and Unicode normalisation form", async () => {
  const h = await keywordHash("Běžecké boty");
  assert.match(h, /^[0-9a-f]{16}$/);
  for (const same of ["běžecké boty", "  BĚŽECKÉ BOTY\n", "Běžecké boty".normalize("NFD")]) {
    assert.equal(await keywordHash(same), h, JSON.stringify(same));
  }
  assert.notEqual(await keywordHash("běžecké boty levně"), h);
  assert.notEqual(await keywordHash("bezecke boty"), h);
});

test("stage memo keys carry assistant, prompt version and keyword hash, then the input hash", async () => {
  const parts = {
    assistant: "research",
    promptVersion: "v2.1",
    keyword: "Trail Running Shoes",
    input: { language: "en", audience: "beginners" },
  };
  const key = await stageMemoKey(parts);
  const kw = await keywordHash("trail running shoes");
  assert.match(key, KV_KEY);
  assert.match(key, new RegExp(`^out\\.research\\.v2=2E1\\.${kw}\\.[0-9a-f]{32}$`));
  assert.equal(
    await stageMemoKey({
      ...parts,
      keyword: " trail running shoes",
      input: { audience: "beginners", language: "en" },
    }),
    key,
    "same keyword and input in another order → same key",
  );
  const others = await Promise.all([
    stageMemoKey({ ...parts, assistant: "outline" }),
    stageMemoKey({ ...parts, promptVersion: "v2.2" }),
    stageMemoKey({ ...parts, keyword: "road running shoes" }),
    stageMemoKey({ ...parts, input: { language: "cs", audience: "beginners" } }),
  ]);
  assert.equal(new Set([key, ...others]).size, 5);
});
