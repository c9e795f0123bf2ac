/** Publishing finished articles: to WordPress, to a signed webhook; per-site settings. */
export * from "./config.ts";
export * from "./errors.ts";
export {
  DEFAULT_PUBLISH_TIMEOUT_MS,
  type FetchLike,
} from "./http.ts";
export * from "./types.ts";
export * from "./webhook.ts";
export * from "./webhook-signature.ts";
export * from "./wordpress.ts";
export {
  JSON_LD_META_KEY,
  SEO_META_KEYS,
  type SeoPlugin,
  WORKFLOW_META_KEY,
} from "./wordpress-content.ts";
export { discoverRestRoot, REST_API_LINK_REL } from "./wordpress-rest.ts";
