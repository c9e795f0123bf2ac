import assert from "node:assert/strict";
import { test } from "node:test";
import { restRootCandidates, restRootFromLinkHeader, restRouteUrl } from "./wordpress-rest.ts";

const LINKS: Array<[string | null, string | undefined]> = [
  [
    '<https://blog.example.com/wp-json/>; rel="https://api.w.org/"',
    "https://blog.example.com/wp-json/",
  ],
  [
    '<https://blog.example.com/?p=4>; rel=shortlink, <https://blog.example.com/wp-json/>; rel="https://api.w.org/"',
    "https://blog.example.com/wp-json/",
  ],
  // WordPress with plain permalinks announces the query-string root.
  [
    '<https://blog.example.com/?rest_route=/>; rel="https://api.w.org/"',
    "https://blog.example.com/?rest_route=/",
  ],
  // Relative links resolve against the page.
  ['</blog/wp-json/>; rel="https://api.w.org/"', "https://blog.example.com/blog/wp-json/"],
  [
    "<https://blog.example.com/wp-json/>; rel=https://api.w.org/",
    "https://blog.example.com/wp-json/",
  ],
  [
    '<https://blog.example.com/wp-json/wp/v2/posts/4>; rel="alternate"; type="application/json"',
    undefined,
  ],
  ['<https://blog.example.com/x>; rel="https://api.w.org/x"', undefined],
  [null, undefined],
  ["", undefined],
];

for (const [header, expected] of LINKS) {
  test(`the REST root in Link ${JSON.stringify(header)} is ${expected}`, () => {
    assert.equal(restRootFromLinkHeader(header, "https://blog.example.com/"), expected);
  });
}

const ROUTES: Array<[string, string, Record<string, string | number>, string]> = [
  ["https://b.example/wp-json/", "wp/v2/posts", {}, "https://b.example/wp-json/wp/v2/posts"],
  ["https://b.example/wp-json", "wp/v2/posts", {}, "https://b.example/wp-json/wp/v2/posts"],
  [
    "https://b.example/blog/wp-json/",
    "/wp/v2/posts/7",
    { context: "edit" },
    "https://b.example/blog/wp-json/wp/v2/posts/7?context=edit",
  ],
  [
    "https://b.example/?rest_route=/",
    "wp/v2/posts",
    { slug: "a-b", status: "any" },
    "https://b.example/?rest_route=%2Fwp%2Fv2%2Fposts&slug=a-b&status=any",
  ],
  [
    "https://b.example/index.php?rest_route=/",
    "wp/v2/users/me",
    {},
    "https://b.example/index.php?rest_route=%2Fwp%2Fv2%2Fusers%2Fme",
  ],
  [
    "https://b.example/?rest_route=/",
    "",
    { _fields: "namespaces" },
    "https://b.example/?rest_route=%2F&_fields=namespaces",
  ],
];

for (const [root, route, query, expected] of ROUTES) {
  test(`route ${route || "(root)"} under ${root} is ${expected}`, () => {
    assert.equal(restRouteUrl(root, route, query), expected);
  });
}

test("the probed roots are /wp-json/ then /?rest_route=/, under the site's path", () => {
  assert.deepEqual(restRootCandidates("https://b.example"), [
    "https://b.example/wp-json/",
    "https://b.example/?rest_route=/",
  ]);
  assert.deepEqual(restRootCandidates("https://b.example/blog"), [
    "https://b.example/blog/wp-json/",
    "https://b.example/blog/?rest_route=/",
  ]);
});
