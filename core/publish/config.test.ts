import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../config.ts";
import { redactSecrets } from "../secrets.ts";
import { loadSites, publisherFor } from "./config.ts";

const ENV = {
  BLOG_WP_APP_PASSWORD: "abcd EFGH ijkl MNOP qrst UVWX",
  SHOP_HOOK_SECRET: "whsec-shop-0123456789abcdef",
};

const FILE = JSON.stringify({
  sites: {
    blog: {
      sitemap: "https://blog.example.com/sitemap.xml",
      publish: {
        wordpress: {
          url: "https://blog.example.com",
          username: "seo-farm",
          applicationPassword: "env:BLOG_WP_APP_PASSWORD",
          status: "pending",
          seoPlugin: "yoast",
          timeoutMs: 10_000,
        },
      },
      internalLinks: { max: 4 },
    },
    shop: {
      publish: {
        webhook: { url: "https://shop.example.com/hooks/seo", secret: "env:SHOP_HOOK_SECRET" },
      },
    },
    "plain.site": {},
  },
});

test("a sites file loads with env: secrets resolved", () => {
  const sites = loadSites(FILE, ENV);
  assert.deepEqual([...sites.keys()], ["blog", "shop", "plain.site"]);
  assert.deepEqual(sites.get("blog"), {
    id: "blog",
    sitemap: "https://blog.example.com/sitemap.xml",
    publish: {
      wordpress: {
        url: "https://blog.example.com",
        username: "seo-farm",
        applicationPassword: ENV.BLOG_WP_APP_PASSWORD,
        status: "pending",
        seoPlugin: "yoast",
        timeoutMs: 10_000,
      },
    },
    internalLinks: { max: 4 },
  });
  assert.equal(sites.get("shop")?.publish?.webhook?.secret, ENV.SHOP_HOOK_SECRET);
  assert.deepEqual(sites.get("plain.site"), { id: "plain.site" });
});

test("the secrets are registered for redaction", () => {
  loadSites(FILE, ENV);
  assert.equal(redactSecrets(`pw ${ENV.BLOG_WP_APP_PASSWORD}`), "pw [redacted]");
  assert.equal(redactSecrets(`s ${ENV.SHOP_HOOK_SECRET}`), "s [redacted]");
});

test("inline secrets are accepted", () => {
  const sites = loadSites(
    JSON.stringify({
      sites: {
        a: {
          publish: { webhook: { url: "http://127.0.0.1:9/h", secret: "inline-secret-0123456789" } },
        },
      },
    }),
    {},
  );
  assert.equal(sites.get("a")?.publish?.webhook?.secret, "inline-secret-0123456789");
});

test("publisherFor gives each site its kind of publisher, or none", () => {
  const sites = loadSites(FILE, ENV);
  const blog = sites.get("blog");
  const shop = sites.get("shop");
  const plain = sites.get("plain.site");
  assert.ok(blog && shop && plain);
  assert.equal(publisherFor(blog)?.kind, "wordpress");
  assert.equal(publisherFor(shop)?.kind, "webhook");
  assert.equal(publisherFor(plain), undefined);
});

const site = (s: unknown) => JSON.stringify({ sites: { blog: s } });
const wordpress = (w: Record<string, unknown>) =>
  site({
    publish: {
      wordpress: {
        url: "https://b.example",
        username: "u",
        applicationPassword: "p".repeat(24),
        ...w,
      },
    },
  });

const BAD: Array<[string, string, RegExp]> = [
  ["not JSON", "{sites:", /sites file is not valid JSON/],
  ["no sites", "{}", /sites: is required/],
  ["sites as an array", '{"sites": []}', /sites: must be an object \(got an array\)/],
  ["an unknown top-level field", '{"sites": {}, "site": {}}', /site: unknown field/],
  ["a bad site id", JSON.stringify({ sites: { "a b": {} } }), /sites\.a b: a site id must be/],
  ["an unknown site field", site({ sitemaps: "x" }), /sites\.blog\.sitemaps: unknown field/],
  [
    "a sitemap that is not a URL",
    site({ sitemap: "sitemap.xml" }),
    /sites\.blog\.sitemap: must be an absolute http\(s\) URL \(got "sitemap\.xml"\)/,
  ],
  [
    "an ftp sitemap",
    site({ sitemap: "ftp://b.example/s.xml" }),
    /sites\.blog\.sitemap: must be an http\(s\) URL/,
  ],
  [
    "both targets",
    site({ publish: { wordpress: {}, webhook: {} } }),
    /sites\.blog\.publish: set one of wordpress or webhook, not both/,
  ],
  [
    "no WordPress url",
    site({ publish: { wordpress: { username: "u", applicationPassword: "p".repeat(24) } } }),
    /sites\.blog\.publish\.wordpress\.url: is required/,
  ],
  [
    "no username",
    wordpress({ username: undefined }),
    /sites\.blog\.publish\.wordpress\.username: is required/,
  ],
  [
    "an empty username",
    wordpress({ username: " " }),
    /sites\.blog\.publish\.wordpress\.username: must be a non-empty string/,
  ],
  [
    "no application password",
    wordpress({ applicationPassword: undefined }),
    /wordpress\.applicationPassword: is required \(inline, or env:VAR_NAME/,
  ],
  [
    "an unset env variable",
    wordpress({ applicationPassword: "env:NOT_SET_ANYWHERE" }),
    /wordpress\.applicationPassword: the environment variable NOT_SET_ANYWHERE it names is not set/,
  ],
  [
    "a bad env reference",
    wordpress({ applicationPassword: "env:1X" }),
    /wordpress\.applicationPassword: an env: reference must name a variable/,
  ],
  [
    "a bad status",
    wordpress({ status: "published" }),
    /wordpress\.status: must be one of draft, pending, publish \(got "published"\)/,
  ],
  [
    "a bad SEO plugin",
    wordpress({ seoPlugin: "aioseo" }),
    /wordpress\.seoPlugin: must be one of yoast, rankmath, none \(got "aioseo"\)/,
  ],
  [
    "a zero timeout",
    wordpress({ timeoutMs: 0 }),
    /wordpress\.timeoutMs: must be an integer from 1 to 600000 \(got 0\)/,
  ],
  [
    "credentials in the URL",
    wordpress({ url: "https://u:p@b.example" }),
    /wordpress\.url: must not carry credentials/,
  ],
  [
    "an unknown WordPress field",
    wordpress({ password: "x" }),
    /wordpress\.password: unknown field/,
  ],
  [
    "a short webhook secret",
    site({ publish: { webhook: { url: "https://h.example", secret: "short-secret" } } }),
    /webhook\.secret: must be at least 16 characters \(got 12\)/,
  ],
  [
    "a negative link maximum",
    site({ internalLinks: { max: -1 } }),
    /sites\.blog\.internalLinks\.max: must be an integer from 0 to 100 \(got -1\)/,
  ],
];

for (const [name, text, message] of BAD) {
  test(`a sites file with ${name} is refused, naming the field`, () => {
    assert.throws(
      () => loadSites(text, {}),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError, String(err));
        assert.equal(err.code, "INVALID_CONFIG");
        assert.match(err.message, message);
        return true;
      },
    );
  });
}

test("every problem is reported at once, and secrets are never quoted", () => {
  const text = JSON.stringify({
    sites: {
      a: {
        sitemap: "nope",
        publish: { webhook: { url: "https://h.example", secret: "tiny-secret" } },
      },
      b: { internalLinks: { max: 1.5 } },
    },
  });
  assert.throws(
    () => loadSites(text, {}, { source: "/etc/seo-farm/sites.json" }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^\/etc\/seo-farm\/sites\.json: /);
      assert.match(err.message, /sites\.a\.sitemap/);
      assert.match(err.message, /sites\.a\.publish\.webhook\.secret/);
      assert.match(err.message, /sites\.b\.internalLinks\.max/);
      assert.doesNotMatch(err.message, /tiny-secret/);
      return true;
    },
  );
});
