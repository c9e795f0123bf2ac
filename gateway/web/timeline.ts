/**
 * A workflow's timeline: a waterfall of its stage runs from `GET /v1/workflows/:id/trace`
 * (start offset and duration from submission), cache hits and memo answers marked, and the
 * stages still to run listed after them. Bars are placed with CSS custom properties set
 * through the CSSOM, which the Content-Security-Policy allows (style attributes it does not).
 */
import type { WorkflowTraceView } from "../trace-view.ts";
import type { WorkflowView } from "../workflow-view.ts";
import { h } from "./dom.ts";
import { duration } from "./format.ts";

export function renderTimeline(view: WorkflowView, trace: WorkflowTraceView): HTMLElement {
  const total = Math.max(trace.durationMs, 1);
  const pct = (ms: number) => `${((ms / total) * 100).toFixed(2)}%`;
  const list = h("ol", { class: "waterfall", "aria-label": "Stages in the order they ran" });
  for (const span of trace.spans) {
    const marks: string[] = [];
    if (span.memo) marks.push("memo");
    else if (span.cacheHits > 0) marks.push(`cache ×${span.cacheHits}`);
    if (span.attempt > 1) marks.push(`attempt ${span.attempt}`);
    const bar = h("span", {
      class: `bar${span.memo || span.cacheHits > 0 ? " hit" : ""}`,
      title: `${span.stage}: ${duration(span.durationMs)} from ${duration(span.offsetMs)}`,
    });
    bar.style.setProperty("--start", pct(span.offsetMs));
    bar.style.setProperty("--width", pct(span.durationMs));
    const tokens = span.tokens.prompt + span.tokens.completion;
    const details = [
      span.model,
      span.llmCalls ? `${span.llmCalls} LLM call${span.llmCalls > 1 ? "s" : ""}` : "no LLM call",
      tokens ? `${tokens.toLocaleString()} tokens` : "",
    ].filter(Boolean);
    list.append(
      h(
        "li",
        { "data-stage": span.stage },
        h("span", { class: "stage-name" }, span.stage),
        h(
          "span",
          { class: "track" },
          bar,
          h("span", { class: "sr-only" }, `starts at ${duration(span.offsetMs)}`),
        ),
        h(
          "span",
          { class: "stage-time" },
          duration(span.durationMs),
          ...marks.map((m) => h("span", { class: "mark" }, m)),
        ),
        h("small", { class: "stage-details" }, details.join(" · ")),
      ),
    );
  }
  const ran = new Set(trace.spans.map((s) => s.stage));
  for (const stage of view.stages) {
    if (ran.has(stage.name)) continue;
    list.append(
      h(
        "li",
        { "data-stage": stage.name, class: `waiting ${stage.status}` },
        h("span", { class: "stage-name" }, stage.name),
        h("span", { class: "track" }),
        h("span", { class: "stage-time" }, stage.status === "running" ? "running…" : "waiting"),
      ),
    );
  }
  const cached = trace.spans.filter((s) => s.memo || s.cacheHits > 0).length;
  const summary = h(
    "p",
    { class: "muted" },
    `${duration(trace.durationMs)} from submission to the last stage`,
    cached ? ` · ${cached} stage${cached > 1 ? "s" : ""} answered from the cache` : "",
    trace.traceId ? ` · trace ${trace.traceId}` : "",
  );
  return h("div", {}, summary, list);
}
