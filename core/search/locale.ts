/**
 * Languages and countries as each backend wants them, from a query's BCP 47 tag and ISO
 * country. Pure functions.
 */
import type { SearchQuery } from "./types.ts";

/** A country for the languages spoken mainly in one, used when a query names none. */
export const DEFAULT_COUNTRY_BY_LANGUAGE: Readonly<Record<string, string>> = {
  bg: "BG",
  cs: "CZ",
  da: "DK",
  de: "DE",
  el: "GR",
  en: "US",
  es: "ES",
  et: "EE",
  fi: "FI",
  fr: "FR",
  hr: "HR",
  hu: "HU",
  it: "IT",
  ja: "JP",
  ko: "KR",
  lt: "LT",
  lv: "LV",
  nb: "NO",
  nl: "NL",
  no: "NO",
  pl: "PL",
  pt: "PT",
  ro: "RO",
  sk: "SK",
  sl: "SI",
  sv: "SE",
  tr: "TR",
  uk: "UA",
  zh: "CN",
};

/** `en-GB` → `en`. */
export function primaryLanguage(tag: string): string {
  return (tag.split("-")[0] ?? tag).toLowerCase();
}

/** `en-GB` → `GB`; undefined when the tag names no two-letter region. */
export function regionOf(tag: string): string | undefined {
  const region = tag
    .split("-")
    .slice(1)
    .find((s) => /^[A-Za-z]{2}$/.test(s));
  return region?.toUpperCase();
}

/** The query's country, else its language tag's region, else the language's usual country. */
export function countryOf(q: SearchQuery): string | undefined {
  return (
    q.country?.toUpperCase() ??
    regionOf(q.language) ??
    DEFAULT_COUNTRY_BY_LANGUAGE[primaryLanguage(q.language)]
  );
}
