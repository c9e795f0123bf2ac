/**
 * The three wire formats the emulator speaks, as pure functions from ranked entries to the
 * JSON each API returns (success, error and deliberately malformed bodies):
 *
 * - SearXNG `GET /search?format=json`: `{query, number_of_results, results: [{url, title,
 *   content, engine, …}], answers, corrections, infoboxes, suggestions, unresponsive_engines}`
 * - Brave `GET /res/v1/web/search`: `{type: "search", query: {original, …}, web: {type:
 *   "search", results: [{title, url, description, …}]}}`; errors `{type: "ErrorResponse",
 *   error: {status, code, detail}}`
 * - DataForSEO `POST /v3/serp/google/organic/live/advanced`: `{status_code: 20000, tasks:
 *   [{status_code, result: [{keyword, items: [{type: "organic", rank_group, rank_absolute,
 *   url, title, description, …}]}]}]}`, with one `people_also_ask` item among the organic
 *   ones, as real SERPs have.
 */
import type { SerpEntry } from "./catalog.ts";
import { hash32 } from "./rng.ts";

export const EMULATOR_ENGINE = "seo-farm-emulator";

function urlParts(url: string) {
  const u = new URL(url);
  return {
    scheme: u.protocol.replace(":", ""),
    netloc: u.host,
    hostname: u.hostname,
    path: u.pathname,
  };
}

export function searxngBody(query: string, entries: readonly SerpEntry[], total: number) {
  return {
    query,
    number_of_results: total,
    results: entries.map((e) => {
      const p = urlParts(e.url);
      return {
        url: e.url,
        title: e.title,
        content: e.snippet,
        engine: EMULATOR_ENGINE,
        engines: [EMULATOR_ENGINE],
        positions: [e.position],
        parsed_url: [p.scheme, p.netloc, p.path, "", "", ""],
        template: "default.html",
        score: Math.round((1 / e.position) * 1000) / 1000,
        category: "general",
        publishedDate: null,
      };
    }),
    answers: [],
    corrections: [],
    infoboxes: [],
    suggestions: [],
    unresponsive_engines: [],
  };
}

export function braveBody(
  query: string,
  entries: readonly SerpEntry[],
  moreAvailable: boolean,
  country: string,
) {
  return {
    type: "search",
    query: {
      original: query,
      show_strict_warning: false,
      is_navigational: false,
      local_decision: "drop",
      country: country.toLowerCase(),
      more_results_available: moreAvailable,
    },
    mixed: {
      type: "mixed",
      main: entries.map((_, index) => ({ type: "web", index, all: false })),
      top: [],
      side: [],
    },
    web: {
      type: "search",
      family_friendly: true,
      results: entries.map((e) => {
        const p = urlParts(e.url);
        return {
          title: e.title,
          url: e.url,
          is_source_local: false,
          is_source_both: false,
          description: e.snippet,
          page_age: `${e.page.date}T00:00:00`,
          language: e.page.lang,
          family_friendly: true,
          type: "search_result",
          subtype: "generic",
          profile: { name: e.page.site, url: e.url, long_name: p.hostname, img: "" },
          meta_url: {
            scheme: p.scheme,
            netloc: p.netloc,
            hostname: p.hostname,
            favicon: "",
            path: p.path,
          },
        };
      }),
    },
  };
}

export function braveError(status: number, code: string, detail: string) {
  return {
    type: "ErrorResponse",
    error: { id: `emulator-${status}`, status, code, detail, meta: { component: "emulator" } },
    time: 0,
  };
}

/** A UUID-shaped task id derived from the request, so equal requests get equal ids. */
function taskId(seed: string): string {
  const hex = [0, 1, 2, 3]
    .map((i) => hash32(`${i}|${seed}`).toString(16).padStart(8, "0"))
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const DFS_PATH = ["v3", "serp", "google", "organic", "live", "advanced"];

function dfsEnvelope(tasks: unknown[], errors: number) {
  return {
    version: "0.1.20240801",
    status_code: 20000,
    status_message: "Ok.",
    time: "0.1000 sec.",
    cost: errors === tasks.length ? 0 : 0.002,
    tasks_count: tasks.length,
    tasks_error: errors,
    tasks,
  };
}

export function dataForSeoBody(
  task: Record<string, unknown>,
  entries: readonly SerpEntry[],
  keyword: string,
) {
  const items: Record<string, unknown>[] = [];
  let absolute = 1;
  for (const e of entries) {
    const p = urlParts(e.url);
    items.push({
      type: "organic",
      rank_group: e.position,
      rank_absolute: absolute++,
      position: "left",
      xpath: `/html[1]/body[1]/div[1]/div[${e.position}]`,
      domain: p.hostname,
      title: e.title,
      url: e.url,
      cache_url: null,
      breadcrumb: `${p.netloc} › ${e.page.lang} › ${e.page.slug}`,
      website_name: e.page.site,
      is_image: false,
      is_video: false,
      is_featured_snippet: false,
      is_malicious: false,
      is_web_story: false,
      description: e.snippet,
      pre_snippet: null,
      extended_snippet: null,
      amp_version: false,
      rating: null,
      highlighted: keyword.split(/\s+/),
      links: null,
      about_this_result: null,
      timestamp: `${e.page.date} 00:00:00 +00:00`,
    });
    // Real SERPs mix features into the organic results; clients must pick `organic` only.
    if (e.position === 2) {
      items.push({
        type: "people_also_ask",
        rank_group: 1,
        rank_absolute: absolute++,
        position: "left",
        xpath: "/html[1]/body[1]/div[1]/div[paa]",
        items: e.page.faq
          .slice(0, 2)
          .map((f) => ({ type: "people_also_ask_element", title: f.q, expanded_element: null })),
      });
    }
  }
  return dfsEnvelope(
    [
      {
        id: taskId(JSON.stringify(task)),
        status_code: 20000,
        status_message: "Ok.",
        time: "0.1000 sec.",
        cost: 0.002,
        result_count: 1,
        path: DFS_PATH,
        data: { api: "serp", function: "live", se: "google", se_type: "organic", ...task },
        result: [
          {
            keyword,
            type: "organic",
            se_domain: "google.com",
            location_code: task.location_code ?? null,
            language_code: task.language_code ?? null,
            check_url: `https://www.google.com/search?q=${encodeURIComponent(keyword)}`,
            datetime: "2024-08-01 12:00:00 +00:00",
            spell: null,
            refinement_chips: null,
            item_types: entries.length >= 2 ? ["organic", "people_also_ask"] : ["organic"],
            se_results_count: 1_000_000 + (hash32(keyword) % 9_000_000),
            items_count: items.length,
            items,
          },
        ],
      },
    ],
    0,
  );
}

/** A task-level error (HTTP 200, as DataForSEO answers validation errors). */
export function dataForSeoTaskError(code: number, message: string, data: unknown) {
  return dfsEnvelope(
    [
      {
        id: taskId(`${code}|${JSON.stringify(data)}`),
        status_code: code,
        status_message: message,
        time: "0 sec.",
        cost: 0,
        result_count: 0,
        path: DFS_PATH,
        data,
        result: null,
      },
    ],
    1,
  );
}

/** A request-level error, with the HTTP status DataForSEO uses (401, 402, 404, 500). */
export function dataForSeoError(code: number, message: string) {
  return {
    version: "0.1.20240801",
    status_code: code,
    status_message: message,
    time: "0 sec.",
    cost: 0,
    tasks_count: 0,
    tasks_error: 0,
    tasks: null,
  };
}
