/**
 * What one scenario run records, before any figure is derived from it: each workflow's
 * submit and end with its stage records, and the periodic resource samples. The report is a
 * pure function of this.
 */

/** One stage of a finished workflow, as its state record holds it. */
export interface StageSample {
  name: string;
  durationMs: number;
  llmCalls: number;
  cacheHits: number;
  /** The whole stage came from the stage memo (the assistant did not run). */
  memo?: boolean;
}

export type WorkflowEnd =
  | "completed"
  | "failed"
  | "cancelled"
  | "timeout"
  | "submit-error"
  | "unfinished";

export interface WorkflowRecord {
  id: string;
  keyword: string;
  /** Epoch ms when the driver began to submit it. */
  submittedAt: number;
  /** Epoch ms when the driver learned it ended (its done/failed event, or the state). */
  endedAt: number | null;
  status: WorkflowEnd;
  stages: StageSample[];
  error?: { code: string; message: string };
}

/** One process of the stack, as the sampler knows it. */
export interface ProcessRef {
  /** Stable within a run: `nats-server`, `emulator`, `gateway`, `supervisor`, `actor:research#1234`. */
  key: string;
  role: "nats-server" | "emulator" | "gateway" | "supervisor" | "actor";
  pid: number;
  stages?: string[];
}

export interface ProcessSample {
  rssMb: number;
  /** User + system CPU seconds since the process started. */
  cpuS: number;
}

export interface ResourceSample {
  /** Epoch ms. */
  at: number;
  /** Workflows submitted and not yet ended. */
  inFlight: number;
  /** The concurrency the driver aimed at. */
  target: number;
  /** Actor processes per stage (announced in seo-actors). */
  workers: Record<string, number>;
  processes: Record<string, ProcessSample>;
}

export interface RunData {
  startedAt: number;
  endedAt: number;
  /** First submit to the end of the drive (excluding start-up and shutdown). */
  driveStartedAt: number;
  driveEndedAt: number;
  workflows: WorkflowRecord[];
  samples: ResourceSample[];
  processes: ProcessRef[];
  /** The emulator's own counters at the end, when it was reachable. */
  llm: { requests: number; errors: number } | null;
  cores: number;
  machine: string;
}
