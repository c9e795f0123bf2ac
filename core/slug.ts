/**
 * URL slugs that transliterate diacritics: "běžecké boty" → "bezecke-boty".
 * Letters that Unicode does not decompose (ł, ø, ß, …) are mapped by hand.
 */

const SPECIAL: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ħ: "h",
  ı: "i",
  "&": " and ",
};

export const MAX_SLUG_LENGTH = 80;

/** Lower-case ASCII words joined by `-`, at most 80 characters, cut at a word boundary. */
export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const ascii = text
    .toLowerCase()
    .replace(/[ßæœøđðłþħı&]/g, (c) => SPECIAL[c] ?? c)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = "";
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, maxLength) ?? "");
}
