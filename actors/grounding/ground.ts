/**
 * Grounding a workflow: search the keyword in the request's language and country, read the
 * top pages (a few at a time), and keep what the later stages need — numbered sources with
 * facts to cite, the questions the pages answer — with the pages' full text stored as an
 * artifact for the content score. A page that cannot be read is skipped with its reason; a
 * search that fails fails the stage (it is retried like an LLM failure).
 */
import { WORKFLOW_ID_PATTERN } from "../../core/subjects.ts";
import { questionsFrom, sourcesFrom } from "./sources.ts";
import type { ArtifactStore, Grounding, GroundingTools, ReadablePage } from "./types.ts";

export interface GroundOptions {
  /** Search results asked for. @default 8 */
  results?: number;
  /** Pages read, best-ranked first. @default 5 */
  pages?: number;
  /** Pages read at once. @default 3 */
  concurrency?: number;
}

export const DEFAULT_GROUNDING_RESULTS = 8;
export const DEFAULT_GROUNDING_PAGES = 5;
export const DEFAULT_GROUNDING_CONCURRENCY = 3;

/** The artifact that holds a workflow's pages. */
export function pagesArtifactName(workflowId: string): string {
  return `pages.${workflowId}.json`;
}

/** Whether a name is one `pagesArtifactName` gives: all a research output may point to. */
export function isPagesArtifactName(name: string): boolean {
  const id = /^pages\.(.+)\.json$/.exec(name)?.[1];
  return id !== undefined && WORKFLOW_ID_PATTERN.test(id);
}

export interface GroundRequest {
  workflowId: string;
  keyword: string;
  language: string;
  country?: string;
}

export interface GroundResult {
  grounding: Grounding;
  pages: ReadablePage[];
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

export async function ground(
  tools: GroundingTools,
  request: GroundRequest,
  signal: AbortSignal,
  opts: GroundOptions = {},
  artifacts?: ArtifactStore,
): Promise<GroundResult> {
  const hits = await tools.search(
    {
      query: request.keyword,
      language: request.language,
      ...(request.country ? { country: request.country } : {}),
      limit: opts.results ?? DEFAULT_GROUNDING_RESULTS,
    },
    signal,
  );
  const seen = new Set<string>();
  const unique = hits.filter((h) => !seen.has(h.url) && seen.add(h.url));
  const wanted = unique.slice(0, opts.pages ?? DEFAULT_GROUNDING_PAGES);
  const skipped: Grounding["skipped"] = [];
  const read = await mapLimited(
    wanted,
    opts.concurrency ?? DEFAULT_GROUNDING_CONCURRENCY,
    async (hit) => {
      try {
        const page = await tools.readPage(hit.url, signal);
        return { ...page, title: page.title || hit.title };
      } catch (err) {
        if (signal.aborted) throw err;
        skipped.push({ url: hit.url, reason: reasonOf(err) });
        return undefined;
      }
    },
  );
  const pages = read.filter((p): p is ReadablePage => p !== undefined && p.wordCount > 0);
  const grounding: Grounding = {
    provider: tools.provider,
    query: request.keyword,
    sources: sourcesFrom(pages, request.keyword),
    skipped,
    questions: questionsFrom(pages),
  };
  if (artifacts && pages.length > 0) {
    const name = pagesArtifactName(request.workflowId);
    await artifacts.put(name, pages);
    grounding.pagesArtifact = name;
  }
  return { grounding, pages };
}
