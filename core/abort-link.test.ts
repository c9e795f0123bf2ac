import assert from "node:assert/strict";
import { test } from "node:test";
import { linkSignals } from "./abort-link.ts";

test("the linked signal aborts with the first source to abort, and its reason", () => {
  const a = new AbortController();
  const b = new AbortController();
  const link = linkSignals(a.signal, undefined, b.signal);
  assert.equal(link.signal.aborted, false);
  b.abort(new Error("b went"));
  assert.equal(link.signal.aborted, true);
  assert.equal((link.signal.reason as Error).message, "b went");
  a.abort(new Error("a too"));
  assert.equal((link.signal.reason as Error).message, "b went", "the first reason stays");
});

test("a source aborted already gives an aborted signal at once", () => {
  const a = AbortSignal.abort("done");
  const link = linkSignals(a);
  assert.equal(link.signal.aborted, true);
  assert.equal(link.signal.reason, "done");
});

test("release unlinks: a later abort of a source no longer reaches it", () => {
  const a = new AbortController();
  const link = linkSignals(a.signal);
  link.release();
  a.abort();
  assert.equal(link.signal.aborted, false);
  link.release();
});
