/**
 * The live list of workflows (`GET /v1/workflows`, newest first): keyword, status, stage
 * progress, age and cost. Each keyword is a button that opens the workflow; the list is
 * redrawn on every poll, so the focused button is found again by its workflow id.
 */
import type { WorkflowSummary } from "../workflow-view.ts";
import { h } from "./dom.ts";
import { ago, usd } from "./format.ts";

export function statusBadge(status: string): HTMLElement {
  return h("span", { class: `badge ${status}`, "data-status": status }, status);
}

export function renderWorkflowList(
  body: HTMLTableSectionElement,
  items: WorkflowSummary[],
  selected: string | null,
): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.open;
  if (items.length === 0) {
    body.replaceChildren(
      h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No workflows yet: submit a keyword.")),
    );
    return;
  }
  body.replaceChildren(
    ...items.map((w) => {
      const step = w.currentStage && w.status === "running" ? ` · ${w.currentStage}` : "";
      return h(
        "tr",
        {
          "data-id": w.id,
          "data-status": w.status,
          class: w.id === selected ? "selected" : undefined,
          "aria-current": w.id === selected ? "true" : undefined,
        },
        h(
          "th",
          { scope: "row" },
          h("button", { type: "button", class: "link", "data-open": w.id, title: w.id }, w.keyword),
          w.title ? h("small", { class: "muted block" }, w.title) : null,
        ),
        h("td", {}, statusBadge(w.status)),
        h(
          "td",
          {},
          h("progress", {
            max: w.stageCount,
            value: w.stagesDone,
            "aria-label": `${w.keyword}: ${w.stagesDone} of ${w.stageCount} stages done`,
          }),
          h("small", { class: "muted" }, ` ${w.stagesDone}/${w.stageCount}${step}`),
        ),
        h("td", {}, h("time", { datetime: w.createdAt }, ago(w.createdAt))),
        h("td", { class: "num" }, usd(w.costUsd)),
      );
    }),
  );
  if (focused) body.querySelector<HTMLElement>(`[data-open="${CSS.escape(focused)}"]`)?.focus();
}
