import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFetchConfig } from "./config.ts";

test("fetch config: defaults are no exempt origins, 10 s and 2 MB", () => {
  assert.deepEqual(parseFetchConfig({}), {
    allowOrigins: [],
    timeoutMs: 10_000,
    maxBytes: 2 * 1024 * 1024,
  });
});

test("fetch config: FETCH_ALLOW_ORIGINS lists exact origins", () => {
  assert.deepEqual(
    parseFetchConfig({
      FETCH_ALLOW_ORIGINS: "http://127.0.0.1:8791, https://intranet.example.com/",
    }).allowOrigins,
    ["http://127.0.0.1:8791", "https://intranet.example.com"],
  );
  for (const bad of ["*", "127.0.0.1:8791", "http://h/path", "ftp://h"]) {
    assert.throws(
      () => parseFetchConfig({ FETCH_ALLOW_ORIGINS: bad }),
      (e: unknown) =>
        e instanceof Error &&
        e.message.startsWith("FETCH_ALLOW_ORIGINS must list origins") &&
        e.message.includes(bad),
      bad,
    );
  }
});

test("fetch config: bad numbers name the variable and the value", () => {
  assert.throws(
    () => parseFetchConfig({ FETCH_TIMEOUT_MS: "0" }),
    /FETCH_TIMEOUT_MS must be an integer from 100 to 600000 \(got "0"\)/,
  );
  assert.throws(() => parseFetchConfig({ FETCH_MAX_BYTES: "2MB" }), /FETCH_MAX_BYTES/);
  assert.equal(parseFetchConfig({ FETCH_MAX_BYTES: "4096" }).maxBytes, 4096);
});
