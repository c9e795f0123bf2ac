/**
 * What the emulator ranks and serves: for the two test keywords the hand-written pages first,
 * then generated ones; for any other keyword generated pages only. A generated page's slug
 * carries its keyword, so `/pages/<lang>/<slug>.html` is served from the URL alone: no state,
 * the same page every time.
 */
import { normalizeKeyword, parseGeneratedSlug } from "./keyword.ts";
import { CS_FIXTURE_PAGES } from "./pages/fixtures-cs.ts";
import { EN_FIXTURE_PAGES } from "./pages/fixtures-en.ts";
import { GENERATED_ANGLES, generatePage } from "./pages/generated.ts";
import type { EmulatedPage, PageLanguage } from "./pages/types.ts";

/** Queries that get the hand-written pages, per language. */
export const FIXTURE_QUERIES: Readonly<Record<PageLanguage, readonly string[]>> = {
  en: ["trail running shoes", "trail running shoe", "trail shoes"],
  cs: ["běžecké boty", "bezecke boty", "běžecká obuv"],
};

const FIXTURES: Readonly<Record<PageLanguage, readonly EmulatedPage[]>> = {
  en: EN_FIXTURE_PAGES,
  cs: CS_FIXTURE_PAGES,
};

/** One ranked result. */
export interface SerpEntry {
  position: number;
  page: EmulatedPage;
  /** Absolute URL on the emulator's origin. */
  url: string;
  /** The result title: the page title and its site. */
  title: string;
  snippet: string;
}

/** The path of a page: `/pages/<lang>/<slug>.html`, the slug percent-encoded. */
export function pagePath(page: Pick<EmulatedPage, "lang" | "slug">): string {
  return `/pages/${page.lang}/${encodeURIComponent(page.slug)}.html`;
}

export class PageCatalog {
  /** Most results a query can have in a language. */
  maxResults(query: string, lang: PageLanguage): number {
    return this.#fixturesFor(query, lang).length + (GENERATED_ANGLES[lang]?.length ?? 0);
  }

  /** The ranked results of a query, at most `limit`, linking to `base`. */
  serp(query: string, lang: PageLanguage, base: string, limit: number, offset = 0): SerpEntry[] {
    const keyword = query.normalize("NFC").trim().replace(/\s+/g, " ");
    const pages: EmulatedPage[] = [...this.#fixturesFor(query, lang)];
    for (const angle of GENERATED_ANGLES[lang]) {
      const page = generatePage(lang, keyword, angle);
      if (page) pages.push(page);
    }
    return pages.slice(offset, offset + Math.max(0, limit)).map((page, i) => ({
      position: offset + i + 1,
      page,
      url: `${base}${pagePath(page)}`,
      title: `${page.title} | ${page.site}`,
      snippet: page.description,
    }));
  }

  /** The page at `/pages/<lang>/<slug>.html`, or undefined. */
  page(lang: string, slug: string): EmulatedPage | undefined {
    if (lang !== "en" && lang !== "cs") return undefined;
    const fixture = FIXTURES[lang].find((p) => p.slug === slug);
    if (fixture) return fixture;
    const parts = parseGeneratedSlug(slug);
    if (!parts) return undefined;
    const page = generatePage(lang, parts.keyword, parts.angle);
    return page && page.slug === slug ? page : undefined;
  }

  #fixturesFor(query: string, lang: PageLanguage): readonly EmulatedPage[] {
    return FIXTURE_QUERIES[lang].includes(normalizeKeyword(query)) ? FIXTURES[lang] : [];
  }
}
