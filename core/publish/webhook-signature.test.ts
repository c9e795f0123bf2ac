import assert from "node:assert/strict";
import { test } from "node:test";
import { signWebhook, verifyWebhookSignature } from "./webhook-signature.ts";

const SECRET = "whsec-unit-0123456789";
const BODY = '{"title":"Příliš žluťoučký"}';
const T = 1_700_000_000;
const NOW = T * 1000;

test("the signature is HMAC-SHA256 over `<t>.<body>` in hex (checked against openssl)", async () => {
  // printf '%s' '1700000000.{"title":"Příliš žluťoučký"}' | openssl dgst -sha256 -hmac 'whsec-unit-0123456789'
  assert.equal(
    await signWebhook(SECRET, BODY, T),
    "t=1700000000,v1=72254490982a1922c454b978aabd31879fa3870a66d4bbf1cee85923f97f4b11",
  );
});

test("a signature verifies against the same body given as text or bytes", async () => {
  const header = await signWebhook(SECRET, BODY, T);
  assert.equal(await verifyWebhookSignature(SECRET, header, BODY, { now: NOW }), true);
  const bytes = new TextEncoder().encode(BODY);
  assert.equal(await verifyWebhookSignature(SECRET, header, bytes, { now: NOW }), true);
});

test("any of several v1 signatures may match (a sender rotating its secret)", async () => {
  const header = await signWebhook(SECRET, BODY, T);
  const old = (await signWebhook("whsec-old-secret-000000", BODY, T)).split(",")[1];
  assert.equal(await verifyWebhookSignature(SECRET, `${header},${old}`, BODY, { now: NOW }), true);
  const rotated = `t=${T},${old},${header.split(",")[1]}`;
  assert.equal(await verifyWebhookSignature(SECRET, rotated, BODY, { now: NOW }), true);
});

const REJECTED: Array<[string, (good: string) => string, number?]> = [
  ["no header", () => ""],
  ["no timestamp", (g) => g.replace(/^t=\d+,/, "")],
  ["no signature", (g) => g.replace(/,v1=.*$/, "")],
  ["a signature that is not hex", (g) => g.replace(/v1=../, "v1=zz")],
  ["a signature of odd length", (g) => `${g}0`],
  ["a v0 signature only", (g) => g.replace("v1=", "v0=")],
  ["another timestamp", (g) => g.replace(`t=${T}`, `t=${T + 1}`)],
  ["a timestamp 301 s in the past", (g) => g, NOW + 301_000],
  ["a timestamp 301 s in the future", (g) => g, NOW - 301_000],
  ["a flipped bit", (g) => g.slice(0, -1) + (g.endsWith("0") ? "1" : "0")],
];

for (const [name, mangle, now] of REJECTED) {
  test(`verification fails with ${name}`, async () => {
    const good = await signWebhook(SECRET, BODY, T);
    assert.equal(
      await verifyWebhookSignature(SECRET, mangle(good), BODY, { now: now ?? NOW }),
      false,
    );
  });
}

test("the tolerance is configurable", async () => {
  const header = await signWebhook(SECRET, BODY, T);
  const later = NOW + 3_600_000;
  assert.equal(await verifyWebhookSignature(SECRET, header, BODY, { now: later }), false);
  assert.equal(
    await verifyWebhookSignature(SECRET, header, BODY, { now: later, toleranceS: 3_600 }),
    true,
  );
});

test("a null or undefined header fails verification", async () => {
  assert.equal(await verifyWebhookSignature(SECRET, null, BODY), false);
  assert.equal(await verifyWebhookSignature(SECRET, undefined, BODY), false);
});
