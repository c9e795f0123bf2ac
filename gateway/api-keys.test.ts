import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sha256Hex } from "../core/hash.ts";
import { ApiKeyring, parseApiKeysFile } from "./api-keys.ts";

const SECRET = "s3cret-key-0123456789";

describe("parseApiKeysFile", () => {
  test("reads every field of the documented format", () => {
    const specs = parseApiKeysFile(
      JSON.stringify([
        { name: "ci", key: SECRET },
        {
          name: "editor",
          sha256: "A".repeat(64),
          rateLimitPerMinute: 30,
          allowInternalFields: true,
          monthlyBudgetUsd: 12.5,
        },
      ]),
      "keys.json",
    );
    assert.deepEqual(specs, [
      { name: "ci", key: SECRET },
      {
        name: "editor",
        sha256: "a".repeat(64),
        rateLimitPerMinute: 30,
        allowInternalFields: true,
        monthlyBudgetUsd: 12.5,
      },
    ]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ["broken JSON", "[{", /keys\.json: not valid JSON/],
    ["an object instead of an array", "{}", /must be a JSON array/],
    ["an entry that is not an object", "[1]", /entry 1 must be an object/],
    [
      "an unknown field",
      `[{"name":"a","key":"${SECRET}","allowInternalFeilds":true}]`,
      /entry 1: unknown field "allowInternalFeilds"/,
    ],
    ["a bad name", `[{"name":"a b","key":"${SECRET}"}]`, /entry 1: "name"/],
    ["neither key nor sha256", '[{"name":"a"}]', /exactly one of "key" and "sha256"/],
    [
      "both key and sha256",
      `[{"name":"a","key":"${SECRET}","sha256":"${"0".repeat(64)}"}]`,
      /exactly one/,
    ],
    ["a short key", '[{"name":"a","key":"short"}]', /"key" must be a string of at least 16/],
    ["a bad sha256", '[{"name":"a","sha256":"xyz"}]', /"sha256" must be 64 hex digits/],
    [
      "a negative rate",
      `[{"name":"a","key":"${SECRET}","rateLimitPerMinute":-1}]`,
      /"rateLimitPerMinute"/,
    ],
    [
      "a string flag",
      `[{"name":"a","key":"${SECRET}","allowInternalFields":"yes"}]`,
      /"allowInternalFields"/,
    ],
    [
      "a negative budget",
      `[{"name":"a","key":"${SECRET}","monthlyBudgetUsd":-5}]`,
      /"monthlyBudgetUsd"/,
    ],
  ];
  for (const [what, text, message] of bad) {
    test(`rejects ${what}, naming the file and the entry`, () => {
      assert.throws(() => parseApiKeysFile(text, "keys.json"), message);
    });
  }

  test("an error never repeats a secret", () => {
    const secret = "a-secret-with-white space";
    assert.throws(
      () => parseApiKeysFile(JSON.stringify([{ name: "a", key: secret }]), "keys.json"),
      (err: Error) => !err.message.includes(secret),
    );
  });
});

describe("ApiKeyring", () => {
  test("accepts each key, by its secret or its SHA-256, and nothing else", async () => {
    const other = "another-key-9876543210";
    const ring = await ApiKeyring.create([
      { name: "plain", key: SECRET },
      {
        name: "hashed",
        sha256: await sha256Hex(other),
        allowInternalFields: true,
        rateLimitPerMinute: 5,
      },
    ]);
    assert.equal(ring.size, 2);
    assert.deepEqual(await ring.verify(SECRET), { name: "plain", allowInternalFields: false });
    assert.deepEqual(await ring.verify(other), {
      name: "hashed",
      allowInternalFields: true,
      rateLimitPerMinute: 5,
    });
    for (const wrong of [
      "",
      SECRET.slice(0, -1),
      `${SECRET}x`,
      SECRET.toUpperCase(),
      await sha256Hex(other),
    ]) {
      assert.equal(await ring.verify(wrong), undefined, wrong);
    }
  });

  test("an empty keyring accepts nothing", async () => {
    const ring = await ApiKeyring.create([]);
    assert.equal(ring.size, 0);
    assert.equal(await ring.verify(""), undefined);
  });

  test("a name or a secret used twice is refused", async () => {
    await assert.rejects(
      ApiKeyring.create([
        { name: "a", key: SECRET },
        { name: "a", key: `${SECRET}2` },
      ]),
      /"a" is used twice/,
    );
    await assert.rejects(
      ApiKeyring.create([
        { name: "a", key: SECRET },
        { name: "b", sha256: await sha256Hex(SECRET) },
      ]),
      /"a" and "b" have the same secret/,
    );
  });
});
