/**
 * What grounding gives the assistants: search results, the readable text of the pages that
 * rank, and a store for what is too large to travel in a stage message. The actor process
 * builds the tools from its configuration (search provider, page fetcher, object store);
 * without a search provider there are none and the research stage works from the LLM alone.
 */

export interface SearchHit {
  url: string;
  title: string;
  snippet: string;
  /** 1-based rank. */
  position: number;
}

/** A page's readable content, as the fetcher's extraction gives it. */
export interface ReadablePage {
  url: string;
  title: string;
  lang?: string;
  text: string;
  excerpt: string;
  headings: Array<{ level: number; text: string }>;
  questions: string[];
  wordCount: number;
}

export interface GroundingTools {
  /** Name of the search provider, for the record. */
  readonly provider: string;
  search(
    query: { query: string; language: string; country?: string; limit?: number },
    signal?: AbortSignal,
  ): Promise<SearchHit[]>;
  /** Fetches a page (refusing private addresses) and extracts its readable text. */
  readPage(url: string, signal?: AbortSignal): Promise<ReadablePage>;
}

/** Reading one page (refusing private addresses), with or without a search provider. */
export interface WebTools {
  readPage(url: string, signal?: AbortSignal): Promise<ReadablePage>;
}

/** Stores and reads a workflow's large artifacts (fetched pages) in `seo-artifacts`. */
export interface ArtifactStore {
  put(name: string, value: unknown): Promise<void>;
  get<T>(name: string): Promise<T | undefined>;
}

/** One numbered source the draft may cite as `[id]`. */
export interface GroundingSource {
  id: number;
  url: string;
  title: string;
  /** Sentences from the page the draft can build on and cite. */
  facts: string[];
  /** The page's H2/H3 headings. */
  headings: string[];
  wordCount: number;
}

/** What the research stage passes on about the pages that rank for the keyword. */
export interface Grounding {
  provider: string;
  query: string;
  /** The pages read, numbered from 1 in rank order. */
  sources: GroundingSource[];
  /** Results that could not be read, and why (refused address, timeout, not HTML…). */
  skipped: Array<{ url: string; reason: string }>;
  /** Questions the ranking pages ask or answer (headings and sentences ending in "?"). */
  questions: string[];
  /** The object in `seo-artifacts` that holds the pages' full readable text. */
  pagesArtifact?: string;
}
