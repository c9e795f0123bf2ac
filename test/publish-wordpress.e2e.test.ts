/**
 * The WordPress publisher against a real WordPress (Debian's `wordpress` package on
 * `php -S` and MariaDB, test/helpers/wordpress.ts): the draft it makes, as WordPress reads
 * it back; idempotent retries; its errors. Two sites: one as most are set up for seo-farm
 * (pretty permalinks, the meta fields registered by the test plugin), one bare (plain
 * permalinks, no Link header, nothing registered).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PublishError } from "../core/publish/errors.ts";
import { basicAuth } from "../core/publish/http.ts";
import type { PublishableArticle } from "../core/publish/types.ts";
import { WordPressPublisher, type WordPressPublisherOptions } from "../core/publish/wordpress.ts";
import { restRouteUrl } from "../core/publish/wordpress-rest.ts";
import { freePort } from "./helpers/nats-server.ts";
import { startWordPress, type TestWordPress, wordPressSkip } from "./helpers/wordpress.ts";

let counter = 0;
/** An article of its own workflow (and slug), so tests do not see each other's posts. */
function article(over: Partial<PublishableArticle> = {}): PublishableArticle {
  const workflowId = `wf${Date.now().toString(36)}${(counter++).toString(36)}`;
  return {
    title: "Běžecké boty do terénu: jak vybrat",
    slug: `bezecke-boty-${workflowId}`,
    metaDescription: "Jak vybrat běžecké boty do terénu: podrážka, drop, velikost.",
    markdown: "## Podrážka\n\nHluboký vzorek drží v blátě.",
    html: "<h2>Podrážka</h2>\n<p>Hluboký vzorek drží v blátě.</p>\n<p>Second paragraph &amp; more.</p>",
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "Article",
      headline: "Běžecké boty do terénu",
      // A string that must not end the script element it travels in.
      description: 'Tricky </script><script>alert("x")</script> & <!-- text',
      inLanguage: "cs",
    },
    keyword: "běžecké boty do terénu",
    language: "cs",
    faq: [{ question: "Jaký drop?", answer: "Nízký." }],
    workflowId,
    ...over,
  };
}

interface WpPostEdit {
  id: number;
  slug: string;
  status: string;
  link: string;
  title: { raw: string };
  excerpt: { raw: string };
  content: { raw: string; rendered: string };
  meta: Record<string, unknown>;
}

/** Reads the REST API as the administrator (the test's own eyes, not the publisher's). */
async function rest<T>(
  wp: TestWordPress,
  root: string,
  route: string,
  query: Record<string, string | number> = {},
  init: RequestInit = {},
): Promise<T> {
  const res = await fetch(restRouteUrl(root, route, query), {
    ...init,
    headers: {
      authorization: basicAuth(wp.username, wp.applicationPassword),
      "content-type": "application/json",
    },
  });
  const text = await res.text();
  assert.ok(res.ok, `${route}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The JSON-LD of a rendered post, parsed. */
function renderedJsonLd(html: string): unknown {
  const m = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html);
  assert.ok(m, `no JSON-LD script in ${html.slice(0, 500)}`);
  return JSON.parse(m[1] ?? "");
}

const skip = wordPressSkip();

describe("WordPress publisher against a real WordPress", { skip }, () => {
  let wp: TestWordPress;
  let bare: TestWordPress;
  let root: string;
  let bareRoot: string;
  const started = Date.now();

  before(async () => {
    [wp, bare] = await Promise.all([
      startWordPress(),
      startWordPress({ permalinks: false, restLinkHeader: false, meta: false }),
    ]);
    root = `${wp.url}/wp-json/`;
    bareRoot = `${bare.url}/?rest_route=/`;
    console.log(`# two WordPress sites up in ${Date.now() - started} ms`);
  });
  after(async () => {
    await Promise.all([wp?.stop(), bare?.stop()]);
  });

  function publisher(site: TestWordPress, over: Partial<WordPressPublisherOptions> = {}) {
    return new WordPressPublisher({
      url: site.url,
      username: site.username,
      applicationPassword: site.applicationPassword,
      timeoutMs: 20_000,
      ...over,
    });
  }

  async function postsWithSlug(
    site: TestWordPress,
    r: string,
    slug: string,
  ): Promise<WpPostEdit[]> {
    return await rest<WpPostEdit[]>(site, r, "wp/v2/posts", {
      slug,
      status: "any",
      context: "edit",
    });
  }

  test("publish creates a draft with title, slug, excerpt, content, JSON-LD and Yoast's fields", async () => {
    const a = article();
    const result = await publisher(wp, { seoPlugin: "yoast" }).publish(a);
    assert.equal(result.target, "wordpress");
    assert.equal(result.status, "draft");
    assert.equal(result.updated, false);
    assert.match(result.url ?? "", /\?p=\d+$/);

    const post = await rest<WpPostEdit>(wp, root, `wp/v2/posts/${result.id}`, { context: "edit" });
    assert.equal(post.status, "draft");
    assert.equal(post.title.raw, a.title);
    assert.equal(post.slug, a.slug);
    assert.equal(post.excerpt.raw, a.metaDescription);
    assert.ok(post.content.raw.includes(a.html), post.content.raw);
    assert.ok(post.content.rendered.includes("<p>Hluboký vzorek drží v blátě.</p>"));
    // The JSON-LD survives WordPress's filters (the administrator has unfiltered_html) and
    // its rendering, and parses back to what was sent.
    assert.deepEqual(renderedJsonLd(post.content.rendered), a.jsonLd);
    assert.equal(post.meta._yoast_wpseo_title, a.title);
    assert.equal(post.meta._yoast_wpseo_metadesc, a.metaDescription);
    assert.equal(post.meta._yoast_wpseo_focuskw, a.keyword);
    assert.equal(post.meta.seo_farm_workflow_id, a.workflowId);
    assert.equal(post.meta.rank_math_title, "", "only the chosen plugin's fields are set");
  });

  test("publish sets Rank Math's fields", async () => {
    const a = article();
    const result = await publisher(wp, { seoPlugin: "rankmath" }).publish(a);
    const post = await rest<WpPostEdit>(wp, root, `wp/v2/posts/${result.id}`, { context: "edit" });
    assert.equal(post.meta.rank_math_title, a.title);
    assert.equal(post.meta.rank_math_description, a.metaDescription);
    assert.equal(post.meta.rank_math_focus_keyword, a.keyword);
    assert.equal(post.meta._yoast_wpseo_title, "");
  });

  test("publishing the same workflow again updates its post instead of adding one", async () => {
    const a = article();
    const first = await publisher(wp, { seoPlugin: "yoast" }).publish(a);
    // A new publisher, as after a restart: nothing remembered but what the site holds.
    const again = await publisher(wp, { seoPlugin: "yoast" }).publish({
      ...a,
      title: "Běžecké boty do terénu (opraveno)",
    });
    assert.equal(again.updated, true);
    assert.equal(again.id, first.id);
    const posts = await postsWithSlug(wp, root, a.slug);
    assert.equal(posts.length, 1, "one post for the workflow");
    assert.equal(posts[0]?.title.raw, "Běžecké boty do terénu (opraveno)");
    assert.equal(posts[0]?.meta._yoast_wpseo_title, "Běžecké boty do terénu (opraveno)");
  });

  test("a post with the same slug that someone else wrote is left alone", async () => {
    const a = article();
    const theirs = await rest<WpPostEdit>(
      wp,
      root,
      "wp/v2/posts",
      { context: "edit" },
      {
        method: "POST",
        body: JSON.stringify({
          title: "Theirs",
          slug: a.slug,
          status: "draft",
          content: "<p>mine</p>",
        }),
      },
    );
    const result = await publisher(wp).publish(a);
    assert.equal(result.updated, false);
    assert.notEqual(result.id, String(theirs.id));
    const still = await rest<WpPostEdit>(wp, root, `wp/v2/posts/${theirs.id}`, { context: "edit" });
    assert.equal(still.title.raw, "Theirs");
    assert.equal(still.content.raw, "<p>mine</p>");
  });

  test("a post whose slug was changed on the site is found by its workflow id", async () => {
    const a = article();
    const first = await publisher(wp).publish(a);
    await rest(
      wp,
      root,
      `wp/v2/posts/${first.id}`,
      {},
      {
        method: "POST",
        body: JSON.stringify({ slug: `${a.slug}-renamed` }),
      },
    );
    const again = await publisher(wp).publish(a);
    assert.equal(again.updated, true);
    assert.equal(again.id, first.id);
  });

  test("a published post stays published when its workflow publishes again as a draft", async () => {
    const a = article();
    const live = await publisher(wp, { status: "publish" }).publish(a);
    assert.equal(live.status, "publish");
    const again = await publisher(wp, { status: "draft" }).publish(a);
    assert.equal(again.id, live.id);
    assert.equal(again.status, "publish");
  });

  test("an author without unfiltered_html gets the JSON-LD in seo_farm_json_ld, not in the content", async () => {
    const a = article();
    const result = await publisher(wp, {
      username: wp.author.username,
      applicationPassword: wp.author.applicationPassword,
      seoPlugin: "yoast",
    }).publish(a);
    const post = await rest<WpPostEdit>(wp, root, `wp/v2/posts/${result.id}`, { context: "edit" });
    assert.equal(post.status, "draft");
    // Had it been sent, WordPress would have stripped the script tags and left the JSON
    // as text in the post.
    assert.ok(!post.content.raw.includes("ld+json"), post.content.raw);
    assert.ok(!post.content.raw.includes("schema.org"), post.content.raw);
    assert.deepEqual(JSON.parse(String(post.meta.seo_farm_json_ld)), a.jsonLd);
    assert.equal(post.meta._yoast_wpseo_metadesc, a.metaDescription);
  });

  test("a wrong application password is PUBLISH_UNAUTHORIZED, not retryable, and writes nothing", async () => {
    const a = article();
    await assert.rejects(
      publisher(wp, { applicationPassword: "abcd efgh ijkl mnop qrst uvwx" }).publish(a),
      (err: unknown) => {
        assert.ok(err instanceof PublishError, String(err));
        assert.equal(err.code, "PUBLISH_UNAUTHORIZED");
        assert.equal(err.retryable, false);
        assert.equal(err.status, 401);
        assert.match(err.message, /401/);
        return true;
      },
    );
    assert.deepEqual(await postsWithSlug(wp, root, a.slug), []);
  });

  test("an unreachable site is PUBLISH_UNAVAILABLE and retryable", async () => {
    const closed = await freePort();
    await assert.rejects(
      publisher(wp, { url: `http://127.0.0.1:${closed}` }).publish(article()),
      (err: unknown) => {
        assert.ok(err instanceof PublishError, String(err));
        assert.equal(err.code, "PUBLISH_UNAVAILABLE");
        assert.equal(err.retryable, true);
        return true;
      },
    );
  });

  test("a site without pretty permalinks or the Link header is reached at ?rest_route=", async () => {
    // The fallback is needed: /wp-json/ is this site's home page, not the API.
    const page = await fetch(`${bare.url}/wp-json/`);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.equal(page.headers.get("link"), null);
    await page.body?.cancel();

    const a = article();
    const result = await publisher(bare).publish(a);
    assert.equal(result.status, "draft");
    const post = await rest<WpPostEdit>(bare, bareRoot, `wp/v2/posts/${result.id}`, {
      context: "edit",
    });
    assert.equal(post.title.raw, a.title);
    assert.equal(post.excerpt.raw, a.metaDescription);
    assert.deepEqual(renderedJsonLd(post.content.rendered), a.jsonLd);

    // No seo_farm_workflow_id meta on this site: the marker in the content finds the post.
    const again = await publisher(bare).publish({ ...a, title: "Changed" });
    assert.equal(again.updated, true);
    assert.equal(again.id, result.id);
    assert.equal((await postsWithSlug(bare, bareRoot, a.slug)).length, 1);
  });

  test("a site that does not register Yoast's fields fails before writing anything", async () => {
    const a = article();
    await assert.rejects(publisher(bare, { seoPlugin: "yoast" }).publish(a), (err: unknown) => {
      assert.ok(err instanceof PublishError, String(err));
      assert.equal(err.code, "PUBLISH_MISCONFIGURED");
      assert.equal(err.retryable, false);
      assert.match(err.message, /_yoast_wpseo_title/);
      return true;
    });
    assert.deepEqual(await postsWithSlug(bare, bareRoot, a.slug), []);
  });

  test("an author on a site with nowhere for the JSON-LD fails before writing anything", async () => {
    const a = article();
    const author = publisher(bare, {
      username: bare.author.username,
      applicationPassword: bare.author.applicationPassword,
    });
    await assert.rejects(author.publish(a), (err: unknown) => {
      assert.ok(err instanceof PublishError, String(err));
      assert.equal(err.code, "PUBLISH_MISCONFIGURED");
      assert.match(err.message, /unfiltered_html/);
      return true;
    });
    assert.deepEqual(await postsWithSlug(bare, bareRoot, a.slug), []);
  });
});
