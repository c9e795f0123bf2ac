/**
 * Pipelines are data: a JSON file lists the stages, each naming an assistant (the code that
 * runs it) and a prompt file. A resolved pipeline carries its prompts and a content version,
 * so a workflow runs to the end on the definition it started with, across deploys.
 */
import type { TaskClass } from "./config.ts";
import { canonicalJson, sha256Hex } from "./hash.ts";
import { parseRoute } from "./llm/routes.ts";
import { NAME_PATTERN } from "./subjects.ts";

export interface PipelineStageDefinition {
  /** Stage name; also the subject token `seo.stage.<name>`. */
  name: string;
  /** Which assistant runs the stage (research, outline, draft, optimise, review, assemble, prompt). */
  assistant: string;
  /** Prompt file id (`prompts/<id>.md`); required for every assistant that calls the LLM. */
  prompt?: string;
  /** Model routing class. @default "simple" */
  taskClass?: TaskClass;
  /** For the generic `prompt` assistant: the answer format. @default "text" */
  response?: "text" | "json";
  /** For the generic `prompt` assistant: earlier stages whose outputs go into the prompt. */
  inputs?: string[];
  /** This stage's own models, first to last: `["anthropic:claude-sonnet-5-5", "gpt-4o"]`. */
  route?: string[];
  /** Per-call timeout of this stage's route. @default the task class's */
  timeoutMs?: number;
  /**
   * Lets this stage send the workflow back to an earlier stage once its assistant asks to
   * (the review, when the draft scores under `below`): that stage and every stage after it
   * run again as the next iteration, the named stage on `taskClass`'s models.
   */
  revise?: ReviseRule;
}

export interface ReviseRule {
  /** The earlier stage that runs again. */
  stage: string;
  /** The score under which the assistant asks for a revision (0–100; 101 revises every draft). */
  below: number;
  /** The task class the revised stage runs on (a stronger model). @default the stage's own */
  taskClass?: TaskClass;
  /** At most this many revisions per workflow. @default 1 */
  max?: number;
}

export interface PipelineDefinition {
  name: string;
  description?: string;
  stages: PipelineStageDefinition[];
}

export interface Prompt {
  id: string;
  /** First 12 hex digits of the SHA-256 of the file. */
  version: string;
  system: string;
  user: string;
}

export interface ResolvedStage {
  name: string;
  assistant: string;
  taskClass: TaskClass;
  response: "text" | "json";
  inputs: string[];
  prompt?: Prompt;
  route?: string[];
  timeoutMs?: number;
  revise?: Required<Omit<ReviseRule, "taskClass">> & Pick<ReviseRule, "taskClass">;
}

export interface PipelineSnapshot {
  name: string;
  description: string;
  /** First 12 hex digits of the SHA-256 of the resolved definition, prompts included. */
  version: string;
  stages: ResolvedStage[];
}

const TASK_CLASSES: readonly TaskClass[] = ["simple", "complex", "creative"];
export const PROMPT_PLACEHOLDERS = [
  "keyword",
  "language",
  "languageName",
  "audience",
  "tone",
  "wordCount",
  "country",
  "input",
] as const;

/** A pipeline or prompt file that is not valid; the message names the file and the field. */
export class PipelineDefinitionError extends TypeError {}

function fail(source: string, message: string): never {
  throw new PipelineDefinitionError(`${source}: ${message}`);
}

/** Validates a parsed pipeline file. */
export function parsePipelineDefinition(
  value: unknown,
  source: string,
  assistants: ReadonlySet<string>,
): PipelineDefinition {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(source, "must be a JSON object");
  }
  const v = value as Record<string, unknown>;
  if (typeof v.name !== "string" || !NAME_PATTERN.test(v.name)) {
    fail(source, `name must match ${NAME_PATTERN} (got ${JSON.stringify(v.name)})`);
  }
  if (!Array.isArray(v.stages) || v.stages.length === 0)
    fail(source, "stages must be a non-empty array");
  const seen = new Set<string>();
  const stages = v.stages.map((s: unknown, i: number): PipelineStageDefinition => {
    const at = `stages[${i}]`;
    if (typeof s !== "object" || s === null) fail(source, `${at} must be an object`);
    const st = s as Record<string, unknown>;
    if (typeof st.name !== "string" || !NAME_PATTERN.test(st.name)) {
      fail(source, `${at}.name must match ${NAME_PATTERN} (got ${JSON.stringify(st.name)})`);
    }
    if (st.name === "intake") fail(source, `${at}.name "intake" is reserved`);
    if (seen.has(st.name)) fail(source, `${at}.name "${st.name}" appears twice`);
    seen.add(st.name);
    if (typeof st.assistant !== "string" || !assistants.has(st.assistant)) {
      fail(
        source,
        `${at}.assistant must be one of ${[...assistants].join(", ")} (got ${JSON.stringify(st.assistant)})`,
      );
    }
    const out: PipelineStageDefinition = { name: st.name, assistant: st.assistant };
    if (st.prompt !== undefined) {
      if (typeof st.prompt !== "string" || !/^[a-z0-9][a-z0-9._-]*$/.test(st.prompt)) {
        fail(source, `${at}.prompt must be a prompt file id such as "research"`);
      }
      out.prompt = st.prompt;
    }
    if (st.taskClass !== undefined) {
      if (!TASK_CLASSES.includes(st.taskClass as TaskClass)) {
        fail(source, `${at}.taskClass must be simple, complex or creative`);
      }
      out.taskClass = st.taskClass as TaskClass;
    }
    if (st.response !== undefined) {
      if (st.response !== "text" && st.response !== "json") {
        fail(source, `${at}.response must be "text" or "json"`);
      }
      out.response = st.response;
    }
    if (st.inputs !== undefined) {
      if (!Array.isArray(st.inputs) || !st.inputs.every((x) => typeof x === "string")) {
        fail(source, `${at}.inputs must be an array of stage names`);
      }
      for (const input of st.inputs as string[]) {
        if (!seen.has(input) || input === st.name) {
          fail(source, `${at}.inputs names "${input}", which is not an earlier stage`);
        }
      }
      out.inputs = st.inputs as string[];
    }
    if (st.route !== undefined) {
      if (
        !Array.isArray(st.route) ||
        st.route.length === 0 ||
        !st.route.every((x) => typeof x === "string" && x.trim() !== "")
      ) {
        fail(source, `${at}.route must be a non-empty array of "provider:model" strings`);
      }
      try {
        parseRoute((st.route as string[]).join(","), 1000, `${at}.route`);
      } catch (err) {
        fail(source, (err as Error).message);
      }
      out.route = st.route as string[];
    }
    if (st.timeoutMs !== undefined) {
      if (
        typeof st.timeoutMs !== "number" ||
        !Number.isInteger(st.timeoutMs) ||
        st.timeoutMs < 100
      ) {
        fail(source, `${at}.timeoutMs must be an integer ≥ 100`);
      }
      out.timeoutMs = st.timeoutMs;
    }
    if (st.revise !== undefined) out.revise = parseReviseRule(st.revise, source, at, seen, st.name);
    return out;
  });
  const def: PipelineDefinition = { name: v.name, stages };
  if (typeof v.description === "string") def.description = v.description;
  return def;
}

function parseReviseRule(
  value: unknown,
  source: string,
  at: string,
  earlier: ReadonlySet<string>,
  self: string,
): ReviseRule {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(source, `${at}.revise must be an object {stage, below, taskClass?, max?}`);
  }
  const r = value as Record<string, unknown>;
  if (typeof r.stage !== "string" || r.stage === self || !earlier.has(r.stage)) {
    fail(source, `${at}.revise.stage must name an earlier stage (got ${JSON.stringify(r.stage)})`);
  }
  if (typeof r.below !== "number" || !(r.below > 0 && r.below <= 101)) {
    fail(source, `${at}.revise.below must be a score from 0 to 101 (101: every draft)`);
  }
  const rule: ReviseRule = { stage: r.stage, below: r.below };
  if (r.taskClass !== undefined) {
    if (!TASK_CLASSES.includes(r.taskClass as TaskClass)) {
      fail(source, `${at}.revise.taskClass must be simple, complex or creative`);
    }
    rule.taskClass = r.taskClass as TaskClass;
  }
  if (r.max !== undefined) {
    if (typeof r.max !== "number" || !Number.isInteger(r.max) || r.max < 1 || r.max > 3) {
      fail(source, `${at}.revise.max must be an integer from 1 to 3`);
    }
    rule.max = r.max;
  }
  return rule;
}

/** Parses a prompt file: a `# system` section and a `# user` section, `{{placeholders}}` inside. */
export async function parsePrompt(id: string, text: string, source: string): Promise<Prompt> {
  const match = /^# system[ \t]*\r?\n([\s\S]*?)^# user[ \t]*\r?\n([\s\S]*)$/m.exec(text);
  if (!match) fail(source, 'a prompt file needs a "# system" line and then a "# user" line');
  const system = match[1]!.trim();
  const user = match[2]!.trim();
  for (const m of `${system}\n${user}`.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      fail(source, `unknown placeholder {{${m[1]}}} (known: ${PROMPT_PLACEHOLDERS.join(", ")})`);
    }
  }
  return { id, version: (await sha256Hex(text)).slice(0, 12), system, user };
}

/** Resolves a definition's prompts and computes its version. */
export async function resolvePipeline(
  def: PipelineDefinition,
  promptFor: (id: string) => Prompt | undefined,
  needsPrompt: (assistant: string) => boolean,
): Promise<PipelineSnapshot> {
  const stages = def.stages.map((s): ResolvedStage => {
    const resolved: ResolvedStage = {
      name: s.name,
      assistant: s.assistant,
      taskClass: s.taskClass ?? "simple",
      response: s.response ?? "text",
      inputs: s.inputs ?? [],
      ...(s.route ? { route: s.route } : {}),
      ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.revise ? { revise: { ...s.revise, max: s.revise.max ?? 1 } } : {}),
    };
    if (s.prompt !== undefined || needsPrompt(s.assistant)) {
      const id = s.prompt ?? s.assistant;
      const prompt = promptFor(id);
      if (!prompt) {
        throw new PipelineDefinitionError(
          `pipeline ${def.name}: stage ${s.name} needs prompt "${id}", but no prompts/${id}.md was found`,
        );
      }
      resolved.prompt = prompt;
    }
    return resolved;
  });
  const body = { name: def.name, description: def.description ?? "", stages };
  const version = (await sha256Hex(canonicalJson(body))).slice(0, 12);
  return { ...body, version };
}

/** Fills a prompt template's `{{placeholders}}`. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, name: string) => values[name] ?? "");
}
