import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../core/errors.ts";
import { workflowIdFor } from "./intake.ts";

test("the workflow id is the request's id, else Nats-Msg-Id, else s<stream seq>", () => {
  assert.equal(workflowIdFor("req-1", "msg-1", 7), "req-1");
  assert.equal(workflowIdFor(undefined, "msg-1", 7), "msg-1");
  assert.equal(workflowIdFor(undefined, undefined, 7), "s7");
});

test("a Nats-Msg-Id that is not a valid id is rejected, naming the header", () => {
  assert.throws(
    () => workflowIdFor(undefined, "has.dots and spaces", 7),
    (err: unknown) => err instanceof InvalidRequestError && err.issues[0]!.field === "Nats-Msg-Id",
  );
});
