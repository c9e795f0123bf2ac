/**
 * Generated result pages for any keyword, in Czech or English: six angles per language,
 * deterministic (the same keyword, language and angle give the same page, byte for byte), so
 * load tests with arbitrary keywords get plausible, varied pages to fetch and read.
 */
import { generatedSlug } from "../keyword.ts";
import { SeededRandom } from "../rng.ts";
import { CS_ANGLES, type CsAngle, generateCsPage } from "./generated-cs.ts";
import { EN_ANGLES, type EnAngle, generateEnPage } from "./generated-en.ts";
import type { EmulatedPage, PageLanguage } from "./types.ts";

/** The angles of generated pages per language, in SERP order. */
export const GENERATED_ANGLES: Readonly<Record<PageLanguage, readonly string[]>> = {
  en: EN_ANGLES,
  cs: CS_ANGLES,
};

/** A generated page, or undefined for an angle the language does not have. */
export function generatePage(
  lang: PageLanguage,
  keyword: string,
  angle: string,
): EmulatedPage | undefined {
  const slug = generatedSlug(keyword, angle);
  const rng = new SeededRandom(`${lang}|${keyword.trim().toLocaleLowerCase()}|${angle}`);
  if (lang === "en" && (EN_ANGLES as readonly string[]).includes(angle)) {
    return generateEnPage(keyword, angle as EnAngle, slug, rng);
  }
  if (lang === "cs" && (CS_ANGLES as readonly string[]).includes(angle)) {
    return generateCsPage(keyword, angle as CsAngle, slug, rng);
  }
  return undefined;
}
