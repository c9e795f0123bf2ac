import assert from "node:assert/strict";
import { test } from "node:test";
import { sharedReading } from "./shared-reading.ts";

test("callers within the window share one reading; a later call reads again", async () => {
  let clock = 0;
  let reads = 0;
  const read = sharedReading(
    async () => ++reads,
    1_000,
    () => clock,
  );
  assert.deepEqual(await Promise.all([read(), read()]), [1, 1]);
  clock = 1_000;
  assert.equal(await read(), 1);
  clock = 1_001;
  assert.equal(await read(), 2);
});

test("a failed reading is not kept: the next call asks again", async () => {
  let fail = true;
  const read = sharedReading(
    async () => {
      if (fail) throw new Error("server away");
      return "ok";
    },
    60_000,
    () => 0,
  );
  await assert.rejects(read(), /server away/);
  fail = false;
  assert.equal(await read(), "ok");
});
