/**
 * The article preview: the result's HTML shown as a reader would see it, and its Markdown
 * to copy or download. The gateway's HTML is already sanitised; the page still rebuilds it
 * from an allow-list of elements and attributes, so a custom pipeline's output cannot bring
 * scripts, styles, frames or event handlers onto the dashboard's origin.
 */
import { h } from "./dom.ts";

const ELEMENTS = new Set(
  (
    "h1 h2 h3 h4 h5 h6 p ul ol li a strong em b i u s del code pre blockquote hr br " +
    "table thead tbody tfoot tr th td caption dl dt dd sup sub small mark abbr"
  ).split(" "),
);
/** Elements whose content is not text for a reader: dropped with everything inside. */
const DROPPED = new Set("script style template iframe object embed noscript svg math".split(" "));
const ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "title"],
  abbr: ["title"],
  ol: ["start"],
  th: ["colspan", "rowspan", "scope"],
  td: ["colspan", "rowspan"],
};
const SAFE_HREF = /^(https?:\/\/|mailto:|\/|#|\.\.?\/)/i;

function copyChildren(from: Node, to: Node): void {
  for (const n of Array.from(from.childNodes)) {
    if (n.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(n.textContent ?? ""));
      continue;
    }
    if (n.nodeType !== Node.ELEMENT_NODE) continue;
    const el = n as Element;
    const tag = el.localName;
    if (DROPPED.has(tag)) continue;
    if (!ELEMENTS.has(tag)) {
      // An unknown wrapper (div, section, img's alt text…): keep what it says, not the tag.
      copyChildren(el, to);
      continue;
    }
    const clean = document.createElement(tag);
    for (const name of ATTRIBUTES[tag] ?? []) {
      const value = el.getAttribute(name);
      if (value === null || (name === "href" && !SAFE_HREF.test(value.trim()))) continue;
      clean.setAttribute(name, value);
    }
    if (tag === "a") clean.setAttribute("rel", "noopener noreferrer nofollow");
    copyChildren(el, clean);
    to.appendChild(clean);
  }
}

/** The article's HTML as nodes of this page, through the allow-list. */
export function sanitizedArticle(html: string): DocumentFragment {
  // DOMParser builds an inert document: nothing in it runs or loads.
  const doc = new DOMParser().parseFromString(html, "text/html");
  const out = document.createDocumentFragment();
  copyChildren(doc.body, out);
  return out;
}

/** Copies text to the clipboard; the fallback serves pages outside a secure context. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h("textarea", { readonly: true, class: "offscreen", "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("the browser refused to copy");
}

/** Offers `text` as a file download. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename, class: "offscreen" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A standalone HTML document of the article, with its title and meta description. */
export function articleDocument(r: {
  title: string;
  metaDescription: string;
  html: string;
  language: string;
}): string {
  const esc = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  return (
    `<!doctype html>\n<html lang="${esc(r.language)}">\n<head>\n<meta charset="utf-8">\n<title>${esc(r.title)}</title>\n` +
    `<meta name="description" content="${esc(r.metaDescription)}">\n</head>\n<body>\n` +
    `${r.html}\n</body>\n</html>\n`
  );
}
