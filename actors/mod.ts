/** The actor runtime's public surface (runtime-neutral). */
export { type ActorProcess, type ActorProcessOptions, startActorProcess } from "./actor-process.ts";
export { ASSISTANT_NAMES, ASSISTANTS, needsPrompt } from "./assistants/mod.ts";
export {
  deadLetterWorkflow,
  goesOn,
  type QueuedWork,
  queuedWorkOf,
  unfinishedWithoutWork,
} from "./backup-work.ts";
export { ConsumerLoop, type ConsumerLoopOptions } from "./consumer-loop.ts";
export { DLQ_HEADER, handleMaxDeliveries, publishDeadLetter } from "./dead-letter.ts";
export { intakeHandler, workflowIdFor } from "./intake.ts";
export { loadPipelines, type PipelineSources, stageNamesOf } from "./pipeline-loader.ts";
export * as seo from "./seo/mod.ts";
export { buildResult, stageHandler } from "./stage-worker.ts";
