/** The content model of an emulated result page; `render.ts` turns it into HTML. */

export type PageLanguage = "cs" | "en";

export interface PageSubsection {
  heading: string;
  paragraphs: string[];
  list?: string[];
}

export interface PageSection {
  /** The H2. */
  heading: string;
  paragraphs: string[];
  /** A bulleted list after the paragraphs. */
  list?: string[];
  /** A table after the paragraphs (comparisons). */
  table?: { head: string[]; rows: string[][] };
  /** H3 subsections. */
  subsections?: PageSubsection[];
}

export interface FaqEntry {
  q: string;
  a: string;
}

export interface EmulatedPage {
  lang: PageLanguage;
  /** The path segment: `/pages/<lang>/<slug>.html`. */
  slug: string;
  /** The keyword the page ranks for. */
  keyword: string;
  /** The fictional site that publishes it (header, footer, title suffix). */
  site: string;
  /** `<title>` without the site name. */
  title: string;
  /** `<meta name="description">`, also the SERP snippet. */
  description: string;
  h1: string;
  author: string;
  /** ISO date, shown as "Updated …". */
  date: string;
  intro: string[];
  sections: PageSection[];
  faqTitle: string;
  faq: FaqEntry[];
}
