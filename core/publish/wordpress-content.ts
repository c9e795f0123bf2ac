/**
 * What a post is made of: its HTML content with the article's JSON-LD and a marker of the
 * workflow that wrote it, and the SEO plugin's meta fields. Pure functions.
 */
import type { PublishableArticle } from "./types.ts";

export type SeoPlugin = "yoast" | "rankmath" | "none";

/** The post meta keys each SEO plugin reads its title, description and focus keyword from. */
export const SEO_META_KEYS: Record<
  Exclude<SeoPlugin, "none">,
  { title: string; description: string; focusKeyword: string }
> = {
  yoast: {
    title: "_yoast_wpseo_title",
    description: "_yoast_wpseo_metadesc",
    focusKeyword: "_yoast_wpseo_focuskw",
  },
  rankmath: {
    title: "rank_math_title",
    description: "rank_math_description",
    focusKeyword: "rank_math_focus_keyword",
  },
};

/** Post meta holding the id of the workflow that wrote the post (when the site registers it). */
export const WORKFLOW_META_KEY = "seo_farm_workflow_id";
/**
 * Post meta holding the JSON-LD when the user may not put a `<script>` in a post (no
 * `unfiltered_html`); the site's plugin prints it in the page's head (docs/publishing.md).
 */
export const JSON_LD_META_KEY = "seo_farm_json_ld";

/** The meta keys `plugin` needs registered for the REST API. */
export function seoMetaKeys(plugin: SeoPlugin): string[] {
  return plugin === "none" ? [] : Object.values(SEO_META_KEYS[plugin]);
}

/** The SEO plugin's fields of an article. */
export function seoMeta(article: PublishableArticle, plugin: SeoPlugin): Record<string, string> {
  if (plugin === "none") return {};
  const keys = SEO_META_KEYS[plugin];
  return {
    [keys.title]: article.title,
    [keys.description]: article.metaDescription,
    [keys.focusKeyword]: article.keyword,
  };
}

/**
 * An HTML comment naming the workflow, in every post's content: how a retried publish
 * recognises the post it made on a site that does not register `seo_farm_workflow_id`.
 * Workflow ids are `[A-Za-z0-9_-]`; anything else is percent-encoded, so the comment cannot
 * be closed early.
 */
export function workflowMarker(workflowId: string): string {
  return `<!-- seo-farm:workflow=${encodeURIComponent(workflowId)} -->`;
}

/**
 * JSON for a `<script>` element: `<`, `>` and `&` escaped as \u sequences (still the same
 * JSON), so no `</script>` or `<!--` in a string can end or change the element.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

/**
 * The JSON-LD as a block-editor "Custom HTML" block. A block in the content also turns
 * off wpautop for the post, which would otherwise wrap the script in `<p>` and the JSON's
 * line breaks in `<br />`; the JSON is on one line besides.
 */
export function jsonLdBlock(jsonLd: Record<string, unknown>): string {
  return [
    "<!-- wp:html -->",
    `<script type="application/ld+json">${scriptSafeJson(jsonLd)}</script>`,
    "<!-- /wp:html -->",
  ].join("\n");
}

/** The post's content: the article's HTML, the workflow marker, and the JSON-LD if wanted. */
export function postContent(article: PublishableArticle, opts: { jsonLd: boolean }): string {
  const parts = [article.html.trim(), workflowMarker(article.workflowId)];
  if (opts.jsonLd && Object.keys(article.jsonLd).length > 0)
    parts.push(jsonLdBlock(article.jsonLd));
  return parts.join("\n\n");
}

/** Whether a post (as the REST API returns it with `context=edit`) was written by `workflowId`. */
export function writtenBy(
  post: { content?: { raw?: unknown }; meta?: Record<string, unknown> },
  workflowId: string,
): boolean {
  if (post.meta?.[WORKFLOW_META_KEY] === workflowId) return true;
  const raw = post.content?.raw;
  return typeof raw === "string" && raw.includes(workflowMarker(workflowId));
}
