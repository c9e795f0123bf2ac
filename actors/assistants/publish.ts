/**
 * Publish: the assembled article to the request's site — a WordPress draft or a signed
 * webhook, as the sites file says. No LLM call. A failure the site may get over (a timeout,
 * 429, 5xx) is thrown as retryable, so the stage is delivered again and then dead-lettered
 * with the reason; one it will not (a wrong password) dead-letters at once. Publishing twice
 * updates the same post (the publishers find it by the workflow id).
 */
import type { PublishResult } from "../../core/publish/types.ts";
import { renderHtml } from "../article/html.ts";
import type { ArticleOutput } from "./assemble.ts";
import type { Assistant } from "./types.ts";

export type PublishOutput =
  | (PublishResult & { kind: "wordpress" | "webhook"; site: string; approvedBy?: string })
  | { skipped: string }
  | { awaitingApproval: true; site: string };

/** Whether a stage output asks the workflow to wait for a person's approval. */
export function awaitsApproval(output: unknown): boolean {
  return (
    typeof output === "object" &&
    output !== null &&
    (output as { awaitingApproval?: unknown }).awaitingApproval === true
  );
}

export const publish: Assistant = {
  needsPrompt: false,
  async run(ctx): Promise<PublishOutput> {
    const article = ctx.outputOf<ArticleOutput>("assemble");
    const site = ctx.site;
    if (!article) return { skipped: "no assembled article before this stage" };
    if (!site) return { skipped: "the request names no site" };
    const publisher = site.publisher;
    if (!publisher) return { skipped: `site ${site.config.id} has no publish target` };
    // The stage worker parks the workflow; an approval sends this stage its message again.
    const approved = ctx.envelope.approved;
    if (site.config.publish?.approval && !approved) {
      return { awaitingApproval: true, site: site.config.id };
    }
    const result = await publisher.publish(
      {
        title: article.title,
        slug: article.slug,
        metaDescription: article.metaDescription,
        markdown: article.markdown,
        // Rendered here from the Markdown, never taken as given: a rerun may hand this stage
        // an edited assemble output, and only the renderer's HTML is known to be safe.
        html: renderHtml(article.markdown),
        jsonLd: article.jsonLd,
        keyword: article.keyword,
        language: article.language,
        faq: article.faq,
        workflowId: ctx.envelope.workflowId,
      },
      ctx.signal,
    );
    return {
      ...result,
      kind: publisher.kind,
      site: site.config.id,
      ...(approved ? { approvedBy: approved.by } : {}),
    };
  },
};
