/** What every actor role needs: connections, stores and the LLM, built once per process. */
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { ObjectStore } from "@nats-io/obj";
import type { BatchStore } from "../core/batches.ts";
import type { CancellationWatch } from "../core/cancellation.ts";
import type { SeoFarmConfig } from "../core/config.ts";
import type { LlmCache } from "../core/llm/cache.ts";
import type { LlmClient } from "../core/llm/types.ts";
import type { Logger } from "../core/log.ts";
import type { PipelineRegistry } from "../core/pipeline-registry.ts";
import type { SpendStore } from "../core/spend.ts";
import type { WorkflowStore } from "../core/state.ts";
import type { ArtifactStore, GroundingTools, WebTools } from "./grounding/types.ts";
import type { SiteDirectory } from "./sites.ts";

export interface ActorDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  store: WorkflowStore;
  registry: PipelineRegistry;
  results: ObjectStore;
  llm: LlmClient;
  /** Batch records: intake turns a cancelled batch's queued submissions into cancelled workflows. */
  batches?: BatchStore;
  /** Spend per API key and month, for the monthly caps; absent in tools that need none. */
  spend?: SpendStore;
  /** Aborts in-flight stage work of cancelled workflows; absent in tools that need none. */
  cancellations?: CancellationWatch;
  /** The LLM cache (also holds stage memos); absent when caching is off. */
  cache?: LlmCache;
  config: SeoFarmConfig;
  logger: Logger;
  /** Search and page reading for grounded research; absent without a search provider. */
  grounding?: GroundingTools;
  /** Reads a web page through the SSRF-guarded fetcher. */
  web?: WebTools;
  /** Large per-workflow artifacts (fetched pages) in `seo-artifacts`. */
  artifacts?: ArtifactStore;
  /** The sites of the sites file (`SITES_FILE`); absent without one. */
  sites?: SiteDirectory;
  /**
   * This process's instance id, set as `Seo-Farm-Publisher` on the stage messages it
   * publishes; absent in tools, which then always read state from the server.
   */
  instanceId?: string;
}

/** Headers that follow a workflow from message to message (W3C trace context). */
export const PROPAGATED_HEADERS = ["traceparent", "tracestate"] as const;
