/** A synthetic run for the report and chart tests: records and samples with known figures. */
import type { RunData, WorkflowRecord } from "./run-data.ts";

const T0 = 1_700_000_000_000;
export const STAGES = ["research", "outline", "draft"];

/** A run of `n` workflows, one every 100 ms, each 1 s long; one failed, one cache hit each. */
export function syntheticRun(n: number, opts: { seconds?: number } = {}): RunData {
  const seconds = opts.seconds ?? 60;
  const workflows: WorkflowRecord[] = Array.from({ length: n }, (_, i) => ({
    id: `w${i}`,
    keyword: `k ${i}`,
    submittedAt: T0 + i * 100,
    endedAt: T0 + i * 100 + 1000 + i,
    status: i === 0 ? "failed" : "completed",
    stages: STAGES.map((name, j) => ({
      name,
      durationMs: 100 * (j + 1) + i,
      llmCalls: 1,
      cacheHits: j === 0 ? 1 : 0,
    })),
    ...(i === 0 ? { error: { code: "LLM_ERROR", message: "boom <&>" } } : {}),
  }));
  const samples = Array.from({ length: seconds + 1 }, (_, s) => ({
    at: T0 + s * 1000,
    inFlight: 4,
    target: 4,
    workers: { intake: 1, research: s < seconds / 2 ? 1 : 2, outline: 1, draft: 2 },
    processes: {
      gateway: { rssMb: 60, cpuS: s * 0.1 },
      "actor:research#2": { rssMb: 50 + s / 10, cpuS: s * 0.2 },
    },
  }));
  return {
    startedAt: T0 - 5000,
    endedAt: T0 + seconds * 1000 + 2000,
    driveStartedAt: T0,
    driveEndedAt: T0 + seconds * 1000,
    workflows,
    samples,
    processes: [
      { key: "gateway", role: "gateway", pid: 1 },
      { key: "actor:research#2", role: "actor", pid: 2, stages: ["research"] },
    ],
    llm: { requests: 3 * n, errors: 1 },
    cores: 2,
    machine: "test machine",
  };
}
