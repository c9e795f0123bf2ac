/**
 * One workflow opened: its figures, a Timeline tab (the stage waterfall) and an Article tab
 * (the preview, Markdown to copy or download; the draft as it is written while it runs).
 * While the workflow runs, its Server-Sent Events drive the refreshes; a dropped stream
 * resumes after the last event it delivered.
 */
import type { WorkflowTraceView } from "../trace-view.ts";
import type { WorkflowView } from "../workflow-view.ts";
import { ApiError, api, authHeaders, postJson } from "./api.ts";
import { articleDocument, copyText, download, sanitizedArticle } from "./article.ts";
import { byId, h } from "./dom.ts";
import { duration, usd } from "./format.ts";
import { readEventStream } from "./sse.ts";
import { renderTimeline } from "./timeline.ts";
import { statusBadge } from "./workflow-list.ts";

const ENDED = new Set(["completed", "failed", "cancelled"]);

interface ArticleResult {
  title: string;
  metaDescription: string;
  slug: string;
  markdown: string;
  html: string;
  wordCount: number;
}

export interface DetailHooks {
  /** A call failed (the page shows it, and asks for a key on a 401). */
  onError(err: unknown): void;
  /** The workflow changed: the list may redraw at once. */
  onChange(): void;
}

export class WorkflowDetail {
  readonly #section = byId<HTMLElement>("detail");
  readonly #heading = byId<HTMLElement>("detail-title");
  readonly #meta = byId<HTMLElement>("detail-meta");
  readonly #cancel = byId<HTMLButtonElement>("cancel");
  readonly #approve = byId<HTMLButtonElement>("approve");
  readonly #timeline = byId<HTMLElement>("panel-timeline");
  readonly #article = byId<HTMLElement>("panel-article");
  readonly #tabs = [
    byId<HTMLButtonElement>("tab-timeline"),
    byId<HTMLButtonElement>("tab-article"),
  ];
  #id: string | null = null;
  #stream: AbortController | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the Article tab shows now, so a refresh does not redraw (and scroll) it for nothing. */
  #articleShown = "";
  #draft: Text | null = null;

  constructor(readonly hooks: DetailHooks) {
    this.#cancel.addEventListener("click", () => void this.#cancelWorkflow());
    this.#approve.addEventListener("click", () => void this.#approveWorkflow());
    this.#tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => this.showTab(i));
      tab.addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = (i + step + this.#tabs.length) % this.#tabs.length;
        this.showTab(next);
        this.#tabs[next]!.focus();
      });
    });
  }

  get id(): string | null {
    return this.#id;
  }

  showTab(index: number): void {
    this.#tabs.forEach((tab, i) => {
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      byId(tab.getAttribute("aria-controls")!).hidden = i !== index;
    });
  }

  async open(id: string): Promise<void> {
    if (this.#id === id) {
      await this.refresh();
      return;
    }
    this.close();
    this.#id = id;
    this.#section.hidden = false;
    this.#heading.textContent = "Loading…";
    // In the one-column layout the workflow opens below the list: bring it into view.
    this.#section.scrollIntoView({ block: "nearest" });
    // Right after a 202 the workflow may not be recorded yet (a 404): its event stream waits
    // for it, and every event brings a refresh.
    const view = await this.refresh();
    if (this.#id === id && !(view && ENDED.has(view.status))) void this.#follow(id);
  }

  close(): void {
    this.#stream?.abort();
    this.#stream = null;
    clearTimeout(this.#refreshTimer);
    this.#id = null;
    this.#articleShown = "";
    this.#draft = null;
    this.#section.hidden = true;
  }

  /** Reads the workflow and its trace again and redraws; undefined if it failed or moved on. */
  async refresh(): Promise<WorkflowView | undefined> {
    const id = this.#id;
    if (!id) return undefined;
    try {
      const path = `/v1/workflows/${encodeURIComponent(id)}`;
      const [view, trace] = await Promise.all([
        api<WorkflowView>(path),
        api<WorkflowTraceView>(`${path}/trace`),
      ]);
      if (this.#id !== id) return undefined;
      this.#render(view, trace);
      return view;
    } catch (err) {
      // Not recorded yet: the event stream brings it. Anything else, the page shows.
      if (!(err instanceof ApiError && err.status === 404)) this.hooks.onError(err);
      return undefined;
    }
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => {
      void this.refresh();
      this.hooks.onChange();
    }, 150);
  }

  async #follow(id: string): Promise<void> {
    const abort = new AbortController();
    this.#stream = abort;
    let lastEventId: string | undefined;
    let ended = false;
    let missing = 0;
    for (;;) {
      try {
        await readEventStream(`/v1/workflows/${encodeURIComponent(id)}/events`, {
          headers: authHeaders(),
          ...(lastEventId ? { lastEventId } : {}),
          signal: abort.signal,
          onEvent: (e) => {
            if (e.id) lastEventId = e.id;
            const data = JSON.parse(e.data) as Record<string, unknown>;
            if (e.event === "delta") {
              this.#draft?.appendData(String(data.text ?? ""));
              return;
            }
            if (e.event === "done" || e.event === "failed" || data.status === "cancelled") {
              ended = true;
            }
            this.#scheduleRefresh();
          },
        });
      } catch (err) {
        if (abort.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) {
          // The key form reopens the workflow once a key is given.
          this.hooks.onError(err);
          return;
        }
        // The events route waits a few seconds for a new workflow; this long, there is none.
        if (err instanceof ApiError && err.status === 404 && ++missing >= 3) {
          this.#heading.textContent = `No workflow ${id}`;
          return;
        }
        await new Promise((r) => setTimeout(r, 2_000));
      }
      if (abort.signal.aborted) return;
      if (ended) break;
      // The stream stopped before the workflow's last event (a proxy's timeout, a restart):
      // resume after the last event, unless the workflow has ended meanwhile.
      const view = await this.refresh();
      if (view && ENDED.has(view.status)) break;
    }
    this.#scheduleRefresh();
  }

  /** Publishing that waits for a person: the article is shown; this button lets it go. */
  async #approveWorkflow(): Promise<void> {
    if (!this.#id) return;
    this.#approve.disabled = true;
    try {
      await postJson(`/v1/workflows/${encodeURIComponent(this.#id)}/approve`, {});
      this.#scheduleRefresh();
    } catch (err) {
      this.hooks.onError(err);
    } finally {
      this.#approve.disabled = false;
    }
  }

  async #cancelWorkflow(): Promise<void> {
    if (!this.#id) return;
    this.#cancel.disabled = true;
    try {
      await postJson(`/v1/workflows/${encodeURIComponent(this.#id)}/cancel`, {});
      this.#scheduleRefresh();
    } catch (err) {
      this.hooks.onError(err);
    } finally {
      this.#cancel.disabled = false;
    }
  }

  #render(view: WorkflowView, trace: WorkflowTraceView): void {
    this.#heading.replaceChildren(view.keyword, " ", statusBadge(view.status));
    const total = view.tokens.prompt + view.tokens.completion;
    const facts: Array<[string, string]> = [
      ["Workflow", view.id],
      ["Language", view.language],
      ["Pipeline", `${view.pipeline.name} ${view.pipeline.version.slice(0, 8)}`],
      ["Time", view.durationMs !== undefined ? duration(view.durationMs) : "—"],
      ["Tokens", total.toLocaleString()],
      ["Cost", usd(view.costUsd)],
    ];
    const rows = facts.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v)));
    if (view.error) {
      const { code, message } = view.error;
      rows.push(
        h("div", { class: "error" }, h("dt", {}, "Error"), h("dd", {}, `${code}: ${message}`)),
      );
    }
    this.#meta.replaceChildren(...rows);
    this.#cancel.hidden = ENDED.has(view.status);
    this.#cancel.textContent =
      view.status === "awaiting_approval" ? "Reject publishing" : "Cancel workflow";
    this.#approve.hidden = view.status !== "awaiting_approval";
    this.#timeline.replaceChildren(renderTimeline(view, trace));
    this.#renderArticle(view);
  }

  #renderArticle(view: WorkflowView): void {
    const result = view.result as ArticleResult | undefined;
    const shown = result ? `result:${view.id}` : `${view.status}:${view.id}`;
    if (shown === this.#articleShown) return;
    this.#articleShown = shown;
    this.#draft = null;
    if (!result) {
      if (ENDED.has(view.status)) {
        this.#article.replaceChildren(h("p", { class: "muted" }, `No article: ${view.status}.`));
        return;
      }
      this.#draft = document.createTextNode("");
      this.#article.replaceChildren(
        h("p", { class: "muted" }, "Writing… the draft appears here as the model writes it."),
        h("pre", { class: "draft" }, this.#draft),
      );
      return;
    }
    const status = h("span", { role: "status", class: "muted" });
    const name = result.slug || "article";
    const copy = h("button", { type: "button" }, "Copy Markdown");
    copy.addEventListener("click", () => {
      copyText(result.markdown).then(
        () => {
          status.textContent = "Markdown copied.";
        },
        (err: unknown) => {
          status.textContent = `Could not copy: ${String(err)}`;
        },
      );
    });
    const md = h("button", { type: "button" }, "Download .md");
    md.addEventListener("click", () =>
      download(`${name}.md`, result.markdown, "text/markdown;charset=utf-8"),
    );
    const html = h("button", { type: "button" }, "Download .html");
    html.addEventListener("click", () =>
      download(
        `${name}.html`,
        articleDocument({ ...result, language: view.language }),
        "text/html;charset=utf-8",
      ),
    );
    this.#article.replaceChildren(
      h("div", { class: "toolbar" }, copy, md, html, status),
      h(
        "dl",
        { class: "facts" },
        h("div", {}, h("dt", {}, "Title"), h("dd", {}, result.title)),
        h("div", {}, h("dt", {}, "Meta description"), h("dd", {}, result.metaDescription)),
        h("div", {}, h("dt", {}, "Slug"), h("dd", {}, result.slug)),
        h("div", {}, h("dt", {}, "Words"), h("dd", {}, String(result.wordCount))),
      ),
      h(
        "article",
        { class: "preview", lang: view.language, "aria-label": "Article preview" },
        sanitizedArticle(result.html),
      ),
    );
  }
}
