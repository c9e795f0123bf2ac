/**
 * The readable part of a fetched page: Mozilla's Readability (the Firefox reader view) on a
 * linkedom DOM, so navigation, footers, cookie banners and sidebars are gone, and what a
 * research stage wants from a competitor's page is left: its title, language, text as
 * paragraphs, headings, and the questions it answers. Runtime-neutral (no DOM of the runtime
 * is needed), so it runs the same on Node, Deno and the edge.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

export interface ReadableHeading {
  /** 1–6. Readability turns an article's `<h1>` into `<h2>`; the page's own H1 is level 1. */
  level: number;
  text: string;
}

export interface ReadablePage {
  /** The page's URL, as given. */
  url: string;
  /** The article's title (Readability's, from `<title>` without the site name, or the H1). */
  title: string;
  /** The page's declared language (`<html lang>`), when it declares one. */
  lang?: string;
  /** The readable text: one block (paragraph, list item, heading) per paragraph, blank-line separated. */
  text: string;
  /** A short summary: the meta description, else the first paragraph, at most 300 characters. */
  excerpt: string;
  /** The readable content's headings, in order. */
  headings: ReadableHeading[];
  /** Questions the page asks: headings and sentences ending in "?", each once, in order. */
  questions: string[];
  /** Words in `text`. */
  wordCount: number;
}

const BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, th, dt, dd, figcaption";
const HEADINGS = "h1, h2, h3, h4, h5, h6";
/** Boilerplate removed when Readability finds no article and the whole body is used. */
const BOILERPLATE =
  "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg";
const MAX_EXCERPT = 300;
const MAX_QUESTION = 200;
const MIN_QUESTION = 8;

// linkedom's element type is not the DOM lib's; only these members are used.
interface El {
  tagName: string;
  textContent: string | null;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): Iterable<El>;
  getAttribute(name: string): string | null;
  remove(): void;
}

function clean(text: string | null | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const at = text.lastIndexOf(" ", max - 1);
  return `${text.slice(0, at > max / 2 ? at : max - 1)}…`;
}

/** Leaf blocks: a block that holds another block (an `<li>` with `<p>`s) gives way to them. */
function blocksOf(root: El): El[] {
  return [...root.querySelectorAll(BLOCKS)].filter((el) => el.querySelector(BLOCKS) === null);
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Sentences of a block that end in a question mark. */
function questionSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.endsWith("?"));
}

/**
 * Extracts the readable content of an HTML page. Never throws on odd HTML: with no article
 * found, the body minus boilerplate (navigation, header, footer, sidebars, forms) is used;
 * a fragment without `<html>` is read as a body.
 */
export function extractReadable(html: string, url: string): ReadablePage {
  const source = /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  try {
    return extract(source, url);
  } catch {
    // linkedom or Readability choked on something; plain text is still worth having.
    const text = clean(
      source.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " "),
    );
    return {
      url,
      title: "",
      text,
      excerpt: cut(text, MAX_EXCERPT),
      headings: [],
      questions: [],
      wordCount: wordsIn(text),
    };
  }
}

function extract(html: string, url: string): ReadablePage {
  const { document } = parseHTML(html);
  const root = document.documentElement as unknown as El | null;
  const lang = clean(root?.getAttribute("lang")) || undefined;
  const docTitle = clean(document.title);
  const pageH1 = clean((document.querySelector("h1") as unknown as El | null)?.textContent);
  const metaDescription = clean(
    (document.querySelector('meta[name="description"]') as unknown as El | null)?.getAttribute(
      "content",
    ),
  );

  let article: ReturnType<Readability["parse"]> = null;
  try {
    // Readability changes the document it reads; it is ours alone.
    article = new Readability(document as unknown as Document, { charThreshold: 250 }).parse();
  } catch {
    article = null;
  }
  let body: El;
  if (article?.content) {
    body = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document
      .body as unknown as El;
  } else {
    body = parseHTML(html).document.body as unknown as El;
    for (const el of [...body.querySelectorAll(BOILERPLATE)]) el.remove();
  }

  const blocks = blocksOf(body)
    .map((el) => ({ el, text: clean(el.textContent) }))
    .filter((b) => b.text !== "");
  const text = blocks.length > 0 ? blocks.map((b) => b.text).join("\n\n") : clean(body.textContent);

  const headings: ReadableHeading[] = [...body.querySelectorAll(HEADINGS)]
    .map((el) => ({ level: Number(el.tagName.slice(1)), text: clean(el.textContent) }))
    .filter((h) => h.text !== "");
  if (pageH1) {
    const same = headings.find((h) => h.text === pageH1);
    if (same) same.level = 1;
    else headings.unshift({ level: 1, text: pageH1 });
  }

  const questions: string[] = [];
  const seen = new Set<string>();
  const addQuestion = (q: string) => {
    const key = q.toLocaleLowerCase();
    if (q.length < MIN_QUESTION || q.length > MAX_QUESTION || seen.has(key)) return;
    seen.add(key);
    questions.push(q);
  };
  for (const h of headings) if (h.text.endsWith("?")) addQuestion(h.text);
  for (const b of blocks) {
    if (/^H[1-6]$/.test(b.el.tagName)) continue;
    for (const q of questionSentences(b.text)) addQuestion(q);
  }

  const firstParagraph = blocks.find((b) => b.el.tagName === "P")?.text ?? text;
  const excerpt = cut(clean(article?.excerpt) || metaDescription || firstParagraph, MAX_EXCERPT);
  return {
    url,
    title: clean(article?.title) || docTitle || pageH1,
    ...(lang ? { lang } : {}),
    text,
    excerpt,
    headings,
    questions,
    wordCount: wordsIn(text),
  };
}
