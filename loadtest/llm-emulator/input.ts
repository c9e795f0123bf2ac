/**
 * What a request asks for: the task (from `X-Seo-Farm-Task`) and the data in the last user
 * message's last fenced ```json block — the way seo-farm's actors render their prompts.
 */
import { primaryLanguage } from "./lexicon.ts";
import { type EmulatorTask, isEmulatorTask } from "./options.ts";
import type { ChatMessage } from "./wire.ts";

export const DEFAULT_WORD_COUNT = 1200;
/** Drafts are kept between these lengths whatever the request says. */
export const MIN_WORD_COUNT = 50;
export const MAX_WORD_COUNT = 20_000;
export const FALLBACK_KEYWORD_LENGTH = 80;

export interface OutlineSectionInput {
  heading: string;
  points: string[];
}

/** The request data a generator works from; all optional fields come from the JSON block. */
export interface TaskInput {
  task: EmulatorTask;
  keyword: string;
  /** Primary language subtag ("cs" for "cs-CZ"). @default "en" */
  language: string;
  audience?: string;
  tone?: string;
  /** Target length of a draft in words. @default 1200 */
  wordCount: number;
  research?: {
    keywords: string[];
    questions: string[];
    entities: string[];
  };
  outline?: { h1?: string; sections: OutlineSectionInput[] };
  draft?: string;
  title?: string;
  metaDescription?: string;
  /** Searchers' questions given on their own (the optimise stage sends them so). */
  questions: string[];
  /** Failed automatic checks ("id: detail"), sent to the review stage. */
  checks: string[];
  /** Numbered sources with facts from them, for a grounded draft that cites `[id]`. */
  sources?: SourceInput[];
  /** The model asked; one whose name contains "weak" writes a deliberately weak draft. */
  model?: string;
}

export interface SourceInput {
  id: number;
  title: string;
  facts: string[];
}

/** At most this many sources are read from a request. */
export const MAX_SOURCES = 20;

function sourcesOf(v: unknown): SourceInput[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: SourceInput[] = [];
  for (const s of v.slice(0, MAX_SOURCES)) {
    const r = record(s);
    const id = r?.id;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 1) continue;
    const facts = strings(r?.facts);
    if (facts.length > 0) out.push({ id, title: text(r?.title) ?? "", facts });
  }
  return out.length > 0 ? out : undefined;
}

/** `X-Seo-Farm-Task` → a task; anything unknown is `generic`. */
export function taskFromHeader(value: string | null | undefined): EmulatorTask {
  const name = (value ?? "").trim().toLowerCase();
  if (name === "optimize") return "optimise";
  return isEmulatorTask(name) ? name : "generic";
}

/**
 * The JSON object in the last fenced block that opens with a line "```json" and closes with
 * a line "```", or undefined when no such block parses to an object.
 */
export function lastJsonBlock(text: string): Record<string, unknown> | undefined {
  const lines = text.split(/\r?\n/);
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```json") continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === "```");
    if (end === -1) break;
    blocks.push(lines.slice(i + 1, end).join("\n"));
    i = end;
  }
  for (const block of blocks.reverse()) {
    try {
      const value: unknown = JSON.parse(block);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // Not JSON: an earlier block may be.
    }
  }
  return undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() ? v.replace(/\s+/g, " ").trim() : undefined;
}

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map(text).filter((s): s is string => s !== undefined);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function wordCountOf(v: unknown): number {
  const n = typeof v === "string" && v.trim() ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return DEFAULT_WORD_COUNT;
  return Math.min(MAX_WORD_COUNT, Math.max(MIN_WORD_COUNT, Math.round(n)));
}

/** Outline sections as objects (`{heading, points}`) or as plain heading strings. */
function outlineOf(v: unknown): TaskInput["outline"] {
  const o = record(v);
  if (!o || !Array.isArray(o.sections)) return undefined;
  const sections: OutlineSectionInput[] = [];
  for (const s of o.sections) {
    const heading = typeof s === "string" ? text(s) : text(record(s)?.heading);
    if (heading) sections.push({ heading, points: strings(record(s)?.points) });
  }
  if (sections.length === 0) return undefined;
  const h1 = text(o.h1);
  return h1 ? { h1, sections } : { sections };
}

/** Parses the task input from the messages; never throws. */
export function parseTaskInput(
  task: EmulatorTask,
  messages: readonly ChatMessage[],
  model?: string,
): TaskInput {
  const user = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const data = lastJsonBlock(user) ?? {};
  const firstLine = user.trim().split(/\r?\n/)[0]?.trim() ?? "";
  const keyword =
    text(data.keyword) ?? (firstLine.slice(0, FALLBACK_KEYWORD_LENGTH).trim() || "this topic");
  const input: TaskInput = {
    task,
    keyword,
    language: primaryLanguage(data.language),
    wordCount: wordCountOf(data.wordCount),
    questions: strings(data.questions),
    checks: strings(data.checks),
  };
  const audience = text(data.audience);
  if (audience) input.audience = audience;
  const tone = text(data.tone);
  if (tone) input.tone = tone;
  const research = record(data.research);
  if (research) {
    input.research = {
      keywords: strings(research.keywords),
      questions: strings(research.questions),
      entities: strings(research.entities),
    };
  }
  const outline = outlineOf(data.outline);
  if (outline) input.outline = outline;
  if (typeof data.draft === "string" && data.draft.trim()) input.draft = data.draft;
  const title = text(data.title);
  if (title) input.title = title;
  const meta = text(data.metaDescription);
  if (meta) input.metaDescription = meta;
  const sources = sourcesOf(data.sources);
  if (sources) input.sources = sources;
  if (model) input.model = model;
  return input;
}
