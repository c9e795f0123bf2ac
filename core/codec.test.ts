import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, encode, formatOf } from "./codec.ts";
import { InvalidEnvelopeError } from "./errors.ts";

const value = { keyword: "běžecké boty", nested: { list: [1, 2, 3], flag: true } };

test("msgpack and JSON round-trip the same value", () => {
  assert.deepEqual(decode(encode(value), "application/msgpack"), value);
  assert.deepEqual(decode(encode(value, "json"), "application/json"), value);
});

test("the format follows Content-Type, and a bare `{` payload is read as JSON", () => {
  assert.equal(formatOf("application/json; charset=utf-8", new Uint8Array()), "json");
  assert.equal(formatOf("application/vnd.msgpack", new Uint8Array()), "msgpack");
  assert.equal(formatOf(undefined, new TextEncoder().encode('  {"a":1}')), "json");
  assert.equal(formatOf(undefined, encode(value)), "msgpack");
  assert.deepEqual(decode(new TextEncoder().encode('{"keyword":"x"}')), { keyword: "x" });
});

test("msgpack uses plain maps that any msgpack library reads (no record extension)", () => {
  const bytes = encode({ a: 1 });
  // fixmap with one entry: 0x81, then fixstr "a", then positive fixint 1
  assert.deepEqual([...bytes], [0x81, 0xa1, 0x61, 0x01]);
});

test("undecodable payloads raise InvalidEnvelopeError with the reason", () => {
  assert.throws(
    () => decode(new TextEncoder().encode("{nope"), "application/json"),
    InvalidEnvelopeError,
  );
  assert.throws(() => decode(new Uint8Array([0xc1]), "application/msgpack"), /not valid msgpack/);
  assert.throws(() => decode(new Uint8Array(), "application/json"), /empty payload/);
  assert.throws(() => decode(new Uint8Array([0xff, 0xfe]), "application/json"), /not valid JSON/);
});
