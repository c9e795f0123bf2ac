/** The gateway backend on a NATS connection (TCP on Node and Deno, WebSocket at the edge). */
import {
  DeliverPolicy,
  type JetStreamClient,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { type ObjectStore, Objm } from "@nats-io/obj";
import { ActorsRegistry } from "../core/actors-registry.ts";
import { approveWorkflow } from "../core/approval.ts";
import { type BatchRecord, BatchStore } from "../core/batches.ts";
import { cancelWorkflow } from "../core/cancellation.ts";
import { CONTENT_TYPE_MSGPACK, encode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { UnknownPipelineError } from "../core/errors.ts";
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { PipelineRegistry } from "../core/pipeline-registry.ts";
import type { WorkflowRequest } from "../core/request.ts";
import { outputsObjectName } from "../core/rerun.ts";
import { SiteCatalog } from "../core/site-catalog.ts";
import { type SpendOwner, SpendStore } from "../core/spend.ts";
import { type WorkflowState, WorkflowStore } from "../core/state.ts";
import { isStreamFull, StreamFullError } from "../core/stream-full.ts";
import {
  HEADER_API_KEY,
  HEADER_API_KEY_BUDGET,
  INTAKE_STAGE,
  LANES,
  OBJECT_STORE_RESULTS,
  STREAM_EVENTS,
  STREAM_STAGES,
  SUBJECT_EVENTS_PREFIX,
  SUBJECT_SUBMIT,
  SUBJECT_SUBMIT_BATCH,
  workflowKey,
} from "../core/subjects.ts";
import { injectTraceContext } from "../core/telemetry/tracing.ts";
import { laneLagOf } from "../supervisor/lag.ts";
import type {
  GatewayBackend,
  GatewayStats,
  PipelineSummary,
  StreamedEvent,
  SubmitReceipt,
} from "./backend.ts";
import { sharedReading } from "./shared-reading.ts";

/** How long a pipeline name lookup is trusted. */
const PIPELINE_CACHE_MS = 5_000;
/** Finished articles kept in memory (~20 KB each). */
const RESULT_CACHE_ENTRIES = 256;
/**
 * How long a lag or stats reading is reused: creates (the backpressure check) and open
 * dashboards must not each ask the server.
 */
const READING_CACHE_MS = 1_000;

/** Who created the work, for the actors' spend accounting. */
function setOwnerHeaders(h: { set(k: string, v: string): void }, owner?: SpendOwner): void {
  if (!owner) return;
  h.set(HEADER_API_KEY, owner.name);
  if (owner.monthlyBudgetUsd !== undefined) {
    h.set(HEADER_API_KEY_BUDGET, String(owner.monthlyBudgetUsd));
  }
}

/** How long the site ids are trusted before they are read again. */
const SITE_IDS_TTL_MS = 5_000;

export class NatsGatewayBackend implements GatewayBackend {
  readonly #pipelineSeen = new Map<string, number>();
  /** Recently read results, oldest first (a Map keeps insertion order). */
  readonly #results = new Map<string, Record<string, unknown>>();

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly store: WorkflowStore,
    readonly registry: PipelineRegistry,
    readonly results: ObjectStore,
    readonly batches: BatchStore,
    readonly spend: SpendStore,
    readonly actors: ActorsRegistry,
  ) {}

  static async open(nc: NatsConnection): Promise<NatsGatewayBackend> {
    return new NatsGatewayBackend(
      nc,
      jetstream(nc),
      await WorkflowStore.open(nc),
      await PipelineRegistry.open(nc),
      await new Objm(nc).open(OBJECT_STORE_RESULTS),
      await BatchStore.open(nc),
      await SpendStore.open(nc),
      await ActorsRegistry.open(nc),
    );
  }

  async submit(
    request: Parameters<GatewayBackend["submit"]>[0],
    owner?: SpendOwner,
  ): Promise<SubmitReceipt> {
    const h = natsHeaders();
    h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_MSGPACK);
    setOwnerHeaders(h, owner);
    injectTraceContext(h);
    const ack = await this.js
      .publish(SUBJECT_SUBMIT, encode(request), { msgID: request.id, headers: h })
      .catch((err: unknown) => {
        throw isStreamFull(err) ? new StreamFullError(SUBJECT_SUBMIT, err) : err;
      });
    return { id: request.id, seq: ack.seq, duplicate: ack.duplicate };
  }

  async getWorkflow(id: string) {
    return (await this.store.get(id))?.state ?? null;
  }

  async getResult(objectName: string) {
    // A finished article never changes: keep the most recently read ones (an object-store
    // read costs a consumer round trip, ~40x a bare request; see docs/benchmarks.md).
    const cached = this.#results.get(objectName);
    if (cached) {
      this.#results.delete(objectName);
      this.#results.set(objectName, cached);
      return cached;
    }
    const data = await this.results.getBlob(objectName);
    if (!data) return null;
    const result = JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
    this.#results.set(objectName, result);
    if (this.#results.size > RESULT_CACHE_ENTRIES) {
      this.#results.delete(this.#results.keys().next().value!);
    }
    return result;
  }

  async hasPipeline(name: string): Promise<boolean> {
    const seen = this.#pipelineSeen.get(name);
    if (seen !== undefined && Date.now() - seen < PIPELINE_CACHE_MS) return true;
    try {
      await this.registry.current(name);
    } catch (err) {
      if (err instanceof UnknownPipelineError) return false;
      throw err;
    }
    this.#pipelineSeen.set(name, Date.now());
    return true;
  }

  async ready() {
    const h = await this.health();
    if (!h.jetstream) return { ...h, topology: false };
    try {
      const jsm = await jetstreamManager(this.nc);
      await jsm.streams.info(STREAM_STAGES);
      await jsm.streams.info(STREAM_EVENTS);
      return { ...h, topology: true };
    } catch {
      return { ...h, topology: false };
    }
  }

  async *events(
    id: string,
    opts: { afterSeq?: number; signal: AbortSignal },
  ): AsyncIterable<StreamedEvent> {
    const consumer = await this.js.consumers.get(STREAM_EVENTS, {
      filter_subjects: `${SUBJECT_EVENTS_PREFIX}.${id}.>`,
      ...(opts.afterSeq !== undefined
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: opts.afterSeq + 1 }
        : { deliver_policy: DeliverPolicy.All }),
    });
    const messages = await consumer.consume();
    const stop = () => void messages.close();
    opts.signal.addEventListener("abort", stop, { once: true });
    try {
      if (opts.signal.aborted) return;
      for await (const m of messages) {
        yield {
          seq: m.seq,
          kind: m.subject.slice(m.subject.lastIndexOf(".") + 1),
          data: m.json<Record<string, unknown>>(),
        };
      }
    } finally {
      opts.signal.removeEventListener("abort", stop);
      // Not awaited: closing an ordered consumer whose pull is in flight can wait for ever
      // (nats.js 3.4), which kept the SSE handler, its keep-alive timer and the consumer's
      // timers alive for every client that dropped its connection early.
      messages.close().catch(() => {});
    }
  }

  async listWorkflows(opts: {
    status?: WorkflowState["status"];
    limit: number;
    after?: string;
  }): Promise<{ items: WorkflowState[]; next?: string }> {
    const ids = await this.store.ids();
    const start = opts.after === undefined ? 0 : ids.findIndex((id) => id < opts.after!);
    const items: WorkflowState[] = [];
    if (start === -1) return { items };
    let i = start;
    // Read in small parallel batches: a status filter may have to look at many workflows.
    while (i < ids.length && items.length < opts.limit) {
      const batch = ids.slice(i, i + Math.max(opts.limit - items.length, 16));
      const states = await Promise.all(batch.map((id) => this.store.get(id)));
      let consumed = 0;
      for (const v of states) {
        consumed++;
        if (v && (!opts.status || v.state.status === opts.status)) {
          items.push(v.state);
          if (items.length === opts.limit) break;
        }
      }
      i += consumed;
    }
    const last = items.at(-1);
    return i < ids.length && last ? { items, next: last.id } : { items };
  }

  /** Every stage's lag per lane, intake first, then the pipelines' stages in order. */
  readonly #lags = sharedReading(async () => {
    const jsm = await jetstreamManager(this.nc);
    const stages = [
      INTAKE_STAGE,
      ...new Set((await this.pipelines()).flatMap((p) => p.stages.map((s) => s.name))),
    ];
    const entries = await Promise.all(
      stages.map(async (stage) => {
        const [interactive, batch] = await Promise.all(
          LANES.map((lane) => laneLagOf(jsm, stage, lane)),
        );
        return [stage, { interactive: interactive!, batch: batch! }] as const;
      }),
    );
    return Object.fromEntries(entries);
  }, READING_CACHE_MS);

  async backlog(): Promise<{ stage: string; messages: number }> {
    // Interactive lanes only: a queued batch must not turn single requests away.
    let worst = { stage: INTAKE_STAGE, messages: 0 };
    for (const [stage, lag] of Object.entries(await this.#lags())) {
      if (lag.interactive > worst.messages) worst = { stage, messages: lag.interactive };
    }
    return worst;
  }

  readonly #stats = sharedReading(async (): Promise<GatewayStats> => {
    // The bucket's age bound (ACTORS_TTL_S) already drops processes that stopped announcing.
    const [lags, actors] = await Promise.all([this.#lags(), this.actors.list()]);
    const stages = Object.entries(lags).map(([stage, lag]) => {
      const serving = actors.filter((a) => a.stages.includes(stage));
      return {
        stage,
        backlog: lag.interactive + lag.batch,
        batchBacklog: lag.batch,
        workers: serving.length,
        active: serving.filter((a) => a.inFlight > 0).length,
      };
    });
    return { at: Date.now(), stages, actors: actors.length };
  }, READING_CACHE_MS);

  stats(): Promise<GatewayStats> {
    return this.#stats();
  }

  async submitBatch(
    items: Array<WorkflowRequest & { id: string }>,
    owner?: SpendOwner,
  ): Promise<void> {
    const h = natsHeaders();
    h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_MSGPACK);
    setOwnerHeaders(h, owner);
    // Pipelined, a window at a time: thousands of awaited publishes one by one take seconds.
    const WINDOW = 256;
    for (let i = 0; i < items.length; i += WINDOW) {
      await Promise.all(
        items
          .slice(i, i + WINDOW)
          .map((r) =>
            this.js.publish(SUBJECT_SUBMIT_BATCH, encode(r), { msgID: r.id, headers: h }),
          ),
      );
    }
  }

  spent(keyName: string): Promise<number> {
    return this.spend.spent(keyName);
  }

  createBatch(record: BatchRecord) {
    return this.batches.create(record);
  }

  getBatch(id: string) {
    return this.batches.get(id);
  }

  putBatch(record: BatchRecord) {
    return this.batches.put(record);
  }

  async getWorkflows(ids: string[]): Promise<Array<WorkflowState | null>> {
    const out: Array<WorkflowState | null> = [];
    const WINDOW = 256;
    for (let i = 0; i < ids.length; i += WINDOW) {
      const states = await Promise.all(ids.slice(i, i + WINDOW).map((id) => this.store.get(id)));
      out.push(...states.map((v) => v?.state ?? null));
    }
    return out;
  }

  async deleteWorkflow(id: string): Promise<boolean> {
    const current = await this.store.get(id);
    if (!current) return false;
    if (current.state.status === "queued" || current.state.status === "running") {
      await cancelWorkflow(this.nc, this.store, id, "deleted");
    }
    if (current.state.result) {
      this.#results.delete(current.state.result.object);
      await this.results.delete(current.state.result.object).catch(() => {});
      await this.results.delete(outputsObjectName(id)).catch(() => {});
    }
    // Purge: no history of the record stays behind.
    await this.store.kv.purge(workflowKey(id));
    return true;
  }

  cancel(id: string) {
    return cancelWorkflow(this.nc, this.store, id);
  }

  approve(id: string, by: string) {
    return approveWorkflow(this.js, this.store, id, by);
  }

  async pipelines(): Promise<PipelineSummary[]> {
    const out: PipelineSummary[] = [];
    for (const name of await this.registry.names()) {
      out.push(pipelineSummary(await this.registry.current(name)));
    }
    return out;
  }

  #siteIds: { at: number; value: Promise<string[] | null> } | undefined;

  async siteIds(): Promise<string[] | null> {
    // Read at most every 5 s: a request per create would double the KV reads of a burst.
    const now = Date.now();
    if (!this.#siteIds || now - this.#siteIds.at > SITE_IDS_TTL_MS) {
      const value = SiteCatalog.open(this.nc)
        .then((c) => c.read())
        .then((e) => e?.ids ?? null);
      value.catch(() => {
        this.#siteIds = undefined;
      });
      this.#siteIds = { at: now, value };
    }
    return await this.#siteIds.value;
  }

  async pipeline(name: string): Promise<PipelineSummary | null> {
    try {
      return pipelineSummary(await this.registry.current(name));
    } catch (err) {
      if (err instanceof UnknownPipelineError) return null;
      throw err;
    }
  }

  async health() {
    if (this.nc.isClosed()) return { nats: false, jetstream: false };
    try {
      await (await jetstreamManager(this.nc)).getAccountInfo();
      return { nats: true, jetstream: true };
    } catch {
      return { nats: true, jetstream: false };
    }
  }
}

function pipelineSummary(p: PipelineSnapshot): PipelineSummary {
  return {
    name: p.name,
    version: p.version,
    description: p.description,
    stages: p.stages.map((s) => ({
      name: s.name,
      assistant: s.assistant,
      taskClass: s.taskClass,
      llm: s.prompt !== undefined,
    })),
  };
}
