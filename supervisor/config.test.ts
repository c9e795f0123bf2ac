import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSupervisorConfig } from "./config.ts";

test("SCALE_MIN_BY_STAGE sets stage minimums over SCALE_MIN_PER_STAGE; none by default", () => {
  assert.deepEqual(parseSupervisorConfig({}).policy.minByStage, {});
  const c = parseSupervisorConfig({ SCALE_MIN_BY_STAGE: "publish=0, import=0,draft=2" });
  assert.deepEqual(c.policy.minByStage, { publish: 0, import: 0, draft: 2 });
  assert.equal(c.policy.minPerStage, 1);
});

test("a malformed SCALE_MIN_BY_STAGE or SCALE_WEIGHTS names the variable", () => {
  for (const raw of ["publish", "publish=", "publish=-1", "=1", "publish=x"]) {
    assert.throws(
      () => parseSupervisorConfig({ SCALE_MIN_BY_STAGE: raw }),
      /SCALE_MIN_BY_STAGE must look like/,
      raw,
    );
  }
  assert.throws(() => parseSupervisorConfig({ SCALE_WEIGHTS: "draft=0" }), /SCALE_WEIGHTS/);
  assert.throws(
    () => parseSupervisorConfig({ SCALE_MIN_BY_STAGE: "publish=9" }),
    /minByStage\.publish/,
  );
});
