/**
 * Batches: many keywords submitted as one, on the batch lane. A batch's record lives in KV
 * `seo-batches` under `b.<batchId>`; its workflows are `<batchId>-<n>` (n from 1), so the
 * record never lists them and any process can find them by id.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { BUCKET_BATCHES } from "./subjects.ts";

export interface BatchEstimate {
  workflows: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** How the estimate was made, for people reading it. */
  basis: string;
}

export interface BatchRecord {
  id: string;
  createdAt: number;
  /** Workflows in the batch: `<id>-1` … `<id>-<count>`. */
  count: number;
  pipeline: string;
  /** The API key that created it, by name, when keys are on. */
  apiKey?: string;
  estimate: BatchEstimate;
  /** Set when the batch was cancelled (its unfinished workflows were cancelled). */
  cancelledAt?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function batchItemId(batchId: string, n: number): string {
  return `${batchId}-${n}`;
}

const BATCH_ITEM_ID = /^(b[0-9a-z]{22})-\d+$/;

/** The batch a workflow id belongs to, if it is a batch item. */
export function batchIdOf(workflowId: string): string | undefined {
  return BATCH_ITEM_ID.exec(workflowId)?.[1];
}

export class BatchStore {
  constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection): Promise<BatchStore> {
    return new BatchStore(await new Kvm(nc).open(BUCKET_BATCHES));
  }

  async create(record: BatchRecord): Promise<void> {
    await this.kv.create(`b.${record.id}`, encoder.encode(JSON.stringify(record)));
  }

  async get(id: string): Promise<BatchRecord | null> {
    const e = await this.kv.get(`b.${id}`);
    if (e?.operation !== "PUT" || e.length === 0) return null;
    return JSON.parse(decoder.decode(e.value)) as BatchRecord;
  }

  /** Whether the batch this workflow belongs to was cancelled (false for non-batch ids). */
  async cancelledFor(workflowId: string): Promise<boolean> {
    const id = batchIdOf(workflowId);
    return id !== undefined && (await this.get(id))?.cancelledAt !== undefined;
  }

  async put(record: BatchRecord): Promise<void> {
    await this.kv.put(`b.${record.id}`, encoder.encode(JSON.stringify(record)));
  }
}
