/**
 * The LLM emulator's public surface (runtime-neutral): an OpenAI Chat Completions- and
 * Anthropic Messages-compatible server whose answers are deterministic per request and
 * plausible for each seo-farm task, with configurable latency and faults. `node.ts` serves
 * it on Node; any runtime with `fetch`-style handlers can serve `app.fetch`.
 */
export {
  createEmulatorApp,
  EMULATED_MODELS,
  type EmulatorApp,
  type EmulatorHandle,
} from "./app.ts";
export {
  answerFor,
  answerSeed,
  STAGE_HEADER,
  TASK_HEADER,
  WORKFLOW_HEADER,
} from "./completions.ts";
export { generateContent } from "./generate/mod.ts";
export { DEFAULT_WORD_COUNT, parseTaskInput, type TaskInput, taskFromHeader } from "./input.ts";
export {
  describeLatency,
  EMULATOR_PROFILES,
  type EmulatorProfile,
  type EmulatorProfileName,
  type LatencyMs,
  type LognormalLatency,
  PROFILE_NAMES,
  sampleLatencyMs,
  type UniformLatency,
} from "./latency.ts";
export {
  DEFAULT_ERROR_STATUS,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_PROFILE,
  DEFAULT_REQUEST_LOG_SIZE,
  DEFAULT_SEED,
  DEFAULT_TIME_SCALE,
  EMULATOR_TASKS,
  type EmulatorConfig,
  type EmulatorOptions,
  type EmulatorTask,
  mergeEmulatorOptions,
  parseEmulatorOptions,
  type TaskOverride,
  type TaskOverridePatch,
} from "./options.ts";
export type { EmulatorStats, RequestLogEntry } from "./state.ts";
export type { Api, ChatMessage, ChatRequest } from "./wire.ts";
