/**
 * The seo-farm dashboard: submit keywords, follow workflows live, read their timelines and
 * articles, watch the queues. Served by the gateway at `/dashboard`; it calls the same
 * `/v1` API as any client, with the API key the user pastes (kept for the tab only).
 */
import type { StatsView } from "../routes/stats.ts";
import type { WorkflowSummary } from "../workflow-view.ts";
import { ApiError, api, postJson, storedKey, storeKey } from "./api.ts";
import { WorkflowDetail } from "./detail.ts";
import { byId } from "./dom.ts";
import { parseKeywords } from "./keywords.ts";
import { QueueChart } from "./queue-chart.ts";
import { renderWorkflowList } from "./workflow-list.ts";

/** How often the list and the queue chart are read while the page is visible. */
const POLL_MS = 2_000;
/** Most keywords one batch submits: a paste of a whole file should not surprise anyone. */
const MAX_BATCH = 500;

const connection = byId<HTMLElement>("connection");
const keyPanel = byId<HTMLDetailsElement>("key-panel");
const keyInput = byId<HTMLInputElement>("key-input");
const keyState = byId<HTMLElement>("key-state");
const form = byId<HTMLFormElement>("submit-form");
const keyword = byId<HTMLInputElement>("keyword");
const language = byId<HTMLSelectElement>("language");
const words = byId<HTMLInputElement>("words");
const bulk = byId<HTMLTextAreaElement>("bulk");
const bulkFile = byId<HTMLInputElement>("bulk-file");
const bulkCount = byId<HTMLElement>("bulk-count");
const submitStatus = byId<HTMLElement>("submit-status");
const statusFilter = byId<HTMLSelectElement>("status-filter");
const list = byId<HTMLTableSectionElement>("workflow-rows");
const chart = new QueueChart(byId("queue-rows"), byId("queue-footer"));

/** The connection line is a live region: it changes only when the state does. */
function showConnection(text: string, kind: "ok" | "warn" | "error"): void {
  if (connection.textContent !== text) connection.textContent = text;
  connection.className = `connection ${kind}`;
}

function showKeyState(): void {
  keyState.textContent = storedKey() ? "A key is set for this tab." : "No key set.";
}

function onError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) {
    showConnection("This gateway asks for an API key", "warn");
    if (!keyPanel.open) {
      keyPanel.open = true;
      keyInput.focus();
    }
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  showConnection(`Cannot reach the API: ${message}`, "error");
}

const detail = new WorkflowDetail({ onError, onChange: () => void refreshList() });

async function refreshList(): Promise<void> {
  try {
    const q = new URLSearchParams({ limit: "25" });
    if (statusFilter.value) q.set("status", statusFilter.value);
    const page = await api<{ items: WorkflowSummary[] }>(`/v1/workflows?${q}`);
    renderWorkflowList(list, page.items, detail.id);
    showConnection("Live", "ok");
    connection.title = `Last read ${new Date().toLocaleTimeString()}`;
  } catch (err) {
    onError(err);
  }
}

async function refreshStats(): Promise<void> {
  try {
    chart.push(await api<StatsView>("/v1/stats"));
  } catch (err) {
    onError(err);
  }
}

function poll(): void {
  if (document.hidden) return;
  void refreshList();
  void refreshStats();
}

async function openWorkflow(id: string): Promise<void> {
  history.replaceState(null, "", `#${encodeURIComponent(id)}`);
  await detail.open(id);
  void refreshList();
}

async function submitOne(request: Record<string, unknown>): Promise<string> {
  // Backpressure (503) and rate limits (429) ask to come back later; a batch does.
  for (let attempt = 0; ; attempt++) {
    try {
      return (await postJson<{ id: string }>("/v1/workflows", request)).id;
    } catch (err) {
      const retry = err instanceof ApiError && (err.status === 429 || err.status === 503);
      if (!retry || attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 5_000));
    }
  }
}

function requestFor(k: string): Record<string, unknown> {
  const count = Number(words.value);
  return {
    keyword: k,
    language: language.value,
    ...(words.value && Number.isInteger(count) ? { wordCount: count } : {}),
  };
}

async function submit(keywords: string[]): Promise<void> {
  const buttons = form.querySelectorAll("button");
  for (const b of buttons) b.disabled = true;
  let done = 0;
  let lastId = "";
  try {
    for (const k of keywords) {
      if (keywords.length > 1)
        submitStatus.textContent = `Submitting ${done + 1} of ${keywords.length}…`;
      lastId = await submitOne(requestFor(k));
      done++;
    }
    submitStatus.textContent =
      keywords.length === 1 ? `Queued “${keywords[0]}”.` : `Queued ${done} workflows.`;
    if (keywords.length === 1) {
      keyword.value = "";
      await openWorkflow(lastId);
    } else {
      bulk.value = "";
      bulkFile.value = "";
      bulkCount.textContent = "";
      void refreshList();
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    submitStatus.textContent = `${done ? `Queued ${done}, then: ` : "Not submitted: "}${message}`;
    onError(err);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  const many = (e.submitter as HTMLButtonElement | null)?.value === "many";
  const keywords = many ? parseKeywords(bulk.value) : [keyword.value.trim()].filter(Boolean);
  if (keywords.length === 0) {
    submitStatus.textContent = many ? "Paste or upload some keywords first." : "Enter a keyword.";
    return;
  }
  if (keywords.length > MAX_BATCH) {
    submitStatus.textContent = `At most ${MAX_BATCH} keywords at once (got ${keywords.length}).`;
    return;
  }
  void submit(keywords);
});

const countKeywords = () => {
  const n = parseKeywords(bulk.value).length;
  bulkCount.textContent = n ? `${n} keyword${n > 1 ? "s" : ""}` : "";
};
bulk.addEventListener("input", countKeywords);
bulkFile.addEventListener("change", async () => {
  const file = bulkFile.files?.[0];
  if (!file) return;
  bulk.value = await file.text();
  countKeywords();
});

byId<HTMLFormElement>("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  storeKey(keyInput.value.trim());
  keyInput.value = "";
  showKeyState();
  keyPanel.open = false;
  poll();
  const id = detail.id;
  if (id) {
    detail.close();
    void openWorkflow(id);
  }
});
byId("key-forget").addEventListener("click", () => {
  storeKey("");
  showKeyState();
});

list.addEventListener("click", (e) => {
  const id = (e.target as HTMLElement).closest<HTMLElement>("[data-open]")?.dataset.open;
  if (id) void openWorkflow(id);
});
statusFilter.addEventListener("change", () => void refreshList());
byId("close-detail").addEventListener("click", () => {
  detail.close();
  history.replaceState(null, "", location.pathname);
  void refreshList();
});

showKeyState();
poll();
setInterval(poll, POLL_MS);
document.addEventListener("visibilitychange", poll);
const fromHash = decodeURIComponent(location.hash.slice(1));
if (fromHash) void openWorkflow(fromHash);
