import assert from "node:assert/strict";
import { test } from "node:test";
import { REDACTED, redactSecrets, registerSecrets } from "./secrets.ts";

test("registered secrets are replaced wherever they occur; short values are not secrets", () => {
  registerSecrets("sk-test-abcdef123456", undefined, "", "short", "sk-test-abcdef123456-longer");
  assert.equal(
    redactSecrets('{"error":"Incorrect API key provided: sk-test-abcdef123456."}'),
    `{"error":"Incorrect API key provided: ${REDACTED}."}`,
  );
  assert.equal(redactSecrets("key sk-test-abcdef123456-longer!"), `key ${REDACTED}!`);
  assert.equal(redactSecrets("a short word stays"), "a short word stays");
  registerSecrets("we.ird+key(1)");
  assert.equal(redactSecrets("x we.ird+key(1) y"), `x ${REDACTED} y`);
});
