import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAckSubject } from "./hop-bench.ts";

test("an ack subject gives the stream sequence and the publish time, in both layouts", () => {
  // v1 (nats-server 2.9): $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>
  const v1 = parseAckSubject("$JS.ACK.SEO_STAGES.stage-research.1.42.17.1764403200123456789.3");
  assert.equal(v1?.stream, "SEO_STAGES");
  assert.equal(v1?.consumer, "stage-research");
  assert.equal(v1?.delivered, 1);
  assert.equal(v1?.streamSeq, 42);
  // Sub-millisecond precision survives: 19 digits of ns do not fit a double as one number.
  assert.ok(Math.abs(v1!.publishedMs - 1_764_403_200_123.4568) < 1e-3);
  // v2 adds the domain and the account hash, and may end with a random token.
  const v2 = parseAckSubject(
    "$JS.ACK._.ACCHASH.SEO_STAGES.intake.2.7.5.1764403200000000001.0.abcd",
  );
  assert.equal(v2?.stream, "SEO_STAGES");
  assert.equal(v2?.consumer, "intake");
  assert.equal(v2?.delivered, 2);
  assert.equal(v2?.streamSeq, 7);
  assert.ok(Math.abs(v2!.publishedMs - 1_764_403_200_000) < 1e-3);
});

test("subjects that are not acks are ignored", () => {
  assert.equal(parseAckSubject("_INBOX.abc.def"), undefined);
  assert.equal(parseAckSubject("$JS.ACK.too.short"), undefined);
});
