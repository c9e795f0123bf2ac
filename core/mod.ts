/** The runtime-neutral core: everything here runs unchanged on Node, Deno and the edge. */
export * from "./codec.ts";
export * from "./config.ts";
export * from "./envelope.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./hash.ts";
export * from "./ids.ts";
export * from "./llm/mod.ts";
export * from "./log.ts";
export * from "./pipeline.ts";
export * from "./pipeline-registry.ts";
export * from "./request.ts";
export * from "./slug.ts";
export * from "./state.ts";
export * from "./subjects.ts";
export * from "./topology.ts";
export * from "./words.ts";
