import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSse } from "./sse.ts";

test("complete events are parsed and the unfinished rest is kept for the next chunk", () => {
  const first = parseSse(
    ': keep-alive\n\nid: 7\nevent: stage\ndata: {"stage":"draft"}\n\nid: 8\nevent: del',
  );
  assert.deepEqual(first.events, [{ id: "7", event: "stage", data: '{"stage":"draft"}' }]);
  const second = parseSse(`${first.rest}ta\ndata: {"text":"a"}\n\n`);
  assert.deepEqual(second.events, [{ id: "8", event: "delta", data: '{"text":"a"}' }]);
  assert.equal(second.rest, "");
});

test("data lines join with newlines; an event without data is no event", () => {
  const { events } = parseSse("data: one\ndata:two\n\nevent: ping\n\n");
  assert.deepEqual(events, [{ event: "message", data: "one\ntwo" }]);
});
