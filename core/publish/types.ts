/**
 * The contract between the pipeline and the places an article goes: a `Publisher` takes a
 * finished article and puts it on a site (a WordPress draft, a signed webhook), idempotently
 * per workflow, so a retried publish updates what the first attempt made.
 */

/** What a publisher needs of a finished article (the assemble stage's result). */
export interface PublishableArticle {
  title: string;
  slug: string;
  metaDescription: string;
  markdown: string;
  html: string;
  jsonLd: Record<string, unknown>;
  keyword: string;
  /** BCP 47 language tag of the article. */
  language: string;
  faq: { question: string; answer: string }[];
  /** The workflow that wrote it: the idempotency key of every publish. */
  workflowId: string;
}

export interface PublishResult {
  /** Which kind of target took the article: `wordpress`, `webhook`. */
  target: string;
  /** The target's id of the article (WordPress: the post id). */
  id: string;
  /** Where the article can be seen (WordPress: the post's link; a draft's is `?p=<id>`). */
  url?: string;
  /** The target's status of the article (WordPress: `draft`, `pending`, `publish`, …). */
  status: string;
  /** true when an existing post was updated instead of created */
  updated: boolean;
}

export interface Publisher {
  readonly kind: "wordpress" | "webhook";
  /**
   * Puts the article on the target; publishing the same `workflowId` again updates, never
   * duplicates. Fails with a `PublishError` (its `retryable` says whether to try again);
   * when `signal` aborts, rejects with the signal's reason.
   */
  publish(article: PublishableArticle, signal?: AbortSignal): Promise<PublishResult>;
}
