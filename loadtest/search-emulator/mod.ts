/**
 * The search emulator's public surface (runtime-neutral): SearXNG-, Brave- and
 * DataForSEO-compatible answers with result pages, a fictional site and fault injection, so
 * tests and offline runs need no internet. `node.ts` serves it on Node; any runtime with
 * `fetch`-style handlers can serve `app.fetch`.
 */
export {
  createSearchEmulatorApp,
  type SearchEmulatorApp,
  type SearchEmulatorHandle,
} from "./app.ts";
export { FIXTURE_QUERIES, PageCatalog, pagePath, type SerpEntry } from "./catalog.ts";
export { generatedSlug, normalizeKeyword, pageLanguageOf, parseGeneratedSlug } from "./keyword.ts";
export {
  DEFAULT_SEARCH_EMULATOR_HOST,
  DEFAULT_SEARCH_EMULATOR_PORT,
  parseSearchEmulatorOptions,
  type SearchEmulatorOptions,
} from "./options.ts";
export { CS_FIXTURE_KEYWORD, CS_FIXTURE_PAGES } from "./pages/fixtures-cs.ts";
export { EN_FIXTURE_KEYWORD, EN_FIXTURE_PAGES } from "./pages/fixtures-en.ts";
export { GENERATED_ANGLES, generatePage } from "./pages/generated.ts";
export { renderPage } from "./pages/render.ts";
export type { EmulatedPage, FaqEntry, PageLanguage, PageSection } from "./pages/types.ts";
export { SITE_ARTICLES, SITE_NAME, type SiteArticle, sitemapIndexXml, sitemapXml } from "./site.ts";
export {
  type Fault,
  type FaultSpec,
  type FaultTarget,
  parseFault,
  type SearchEmulatorStats,
  WIRES,
  type Wire,
} from "./state.ts";
