import assert from "node:assert/strict";
import { test } from "node:test";
import { BackupInvalidError } from "../errors.ts";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  fromBase64,
  parseManifest,
  parseRecordLine,
  recordLine,
  sectionFile,
  toBase64,
} from "./format.ts";
import { parseSkip } from "./plan.ts";

test("base64 round-trips every byte value and large buffers", () => {
  const all = new Uint8Array(256).map((_, i) => i);
  assert.deepEqual(fromBase64(toBase64(all)), all);
  const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
  assert.deepEqual(fromBase64(toBase64(big)), big);
  assert.equal(toBase64(new TextEncoder().encode("seo")), "c2Vv");
});

test("a stream message, a KV value and an object survive their lines whole", () => {
  const msg = {
    seq: 42,
    time: "2026-11-29T10:00:00.000Z",
    subject: "seo.stage.draft",
    headers: { "Nats-Msg-Id": ["wf-1.draft.0"], "X-Two": ["a", "b"] },
    data: new Uint8Array([0, 1, 2, 255]),
  };
  assert.deepEqual(parseRecordLine("stream", recordLine("stream", msg), "t"), msg);
  const kv = { key: "wf.abc", revision: 7, time: msg.time, value: new TextEncoder().encode("{}") };
  assert.deepEqual(parseRecordLine("kv", recordLine("kv", kv), "t"), kv);
  const obj = {
    name: "wf-1.json",
    description: "article",
    metadata: { a: "b" },
    size: 3,
    digest: "SHA-256=abc",
    data: new Uint8Array([9, 8, 7]),
  };
  assert.deepEqual(parseRecordLine("objects", recordLine("objects", obj), "t"), obj);
  assert.ok(!recordLine("stream", msg).includes("\n"), "one line");
});

test("a bad line is a BACKUP_INVALID error naming the file and line", () => {
  const where = "kv/seo-workflows.jsonl:3";
  const bad = (kind: "stream" | "kv" | "objects", line: string, re: RegExp) =>
    assert.throws(
      () => parseRecordLine(kind, line, where),
      (err: unknown) =>
        err instanceof BackupInvalidError && err.code === "BACKUP_INVALID" && re.test(err.message),
    );
  bad("kv", "{not json", /kv\/seo-workflows\.jsonl:3: not JSON/);
  bad("kv", '{"key":"k","revision":-1,"time":"t","value":""}', /"revision" must be a whole number/);
  bad("stream", '{"seq":1,"time":"t","subject":"s","data":"%%%"}', /"data" is not base64/);
  bad("stream", '{"seq":1,"time":"t","subject":"s","headers":{"a":"b"},"data":""}', /header/);
  bad(
    "objects",
    '{"name":"x","size":5,"digest":"d","data":"AAE="}',
    /object "x" has 2 bytes, its record says 5/,
  );
});

test("the manifest is checked: format, version, and file names that stay inside the backup", () => {
  const good = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt: "c",
    finishedAt: "f",
    source: { server: "2.9.10" },
    sections: [
      {
        kind: "kv",
        name: "seo-workflows",
        file: sectionFile("kv", "seo-workflows"),
        count: 1,
        bytes: 10,
        sha256: "a".repeat(64),
      },
    ],
    leftOut: [],
    unfinished: [],
  };
  assert.equal(parseManifest(good).sections[0]!.file, "kv/seo-workflows.jsonl");
  assert.throws(() => parseManifest({ ...good, format: "tar" }), /not a seo-farm backup/);
  assert.throws(
    () => parseManifest({ ...good, version: 2 }),
    /format version 2; this seo-farm reads version 1/,
  );
  const sneaky = { ...good.sections[0]!, name: "../../etc/x", file: "kv/../../etc/x.jsonl" };
  assert.throws(() => parseManifest({ ...good, sections: [sneaky] }), /bad name/);
  const moved = { ...good.sections[0]!, file: "elsewhere.jsonl" };
  assert.throws(() => parseManifest({ ...good, sections: [moved] }), /is not where/);
});

test("--skip takes known section names only, and says which there are", () => {
  assert.deepEqual([...parseSkip("seo-llm-cache, SEO_EVENTS")], ["seo-llm-cache", "SEO_EVENTS"]);
  assert.deepEqual([...parseSkip(undefined)], []);
  assert.throws(
    () => parseSkip("seo-actors"),
    /no section called "seo-actors" \(sections: seo-workflows, /,
  );
});
