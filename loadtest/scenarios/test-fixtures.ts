/**
 * For the scenario tests: a synthetic run with known figures, and an XML well-formedness
 * check for the SVG chart.
 */
import assert from "node:assert/strict";
import type { RunData, WorkflowRecord } from "./run-data.ts";

const T0 = 1_700_000_000_000;
export const STAGES = ["research", "outline", "draft"];

/** A run of `n` workflows, one every 100 ms, each 1 s long; one failed, one cache hit each. */
export function syntheticRun(n: number, opts: { seconds?: number } = {}): RunData {
  const seconds = opts.seconds ?? 100;
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
      ...(j === 1 && i % 2 === 1 ? { memo: true, llmCalls: 0 } : {}),
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

/**
 * A small well-formedness check (no XML parser in the dependencies): one root, every tag
 * closed in order, attributes quoted, no raw `<` or stray `&` in text or attribute values.
 */
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, `stray & in text: ${text}`);
    if (stack.length === 0) assert.equal(text.trim(), "", `text outside the root: ${text}`);
    if (lt === -1) break;
    tagRe.lastIndex = lt;
    const m = tagRe.exec(body);
    assert.ok(m, `malformed tag at ${lt}: ${body.slice(lt, lt + 80)}`);
    const [, closing, name, attrs, selfClosing] = m;
    for (const v of attrs!.matchAll(/="([^"]*)"/g)) {
      assert.doesNotMatch(v[1]!, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, `stray & in ${v[1]}`);
    }
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
    i = tagRe.lastIndex;
  }
  assert.deepEqual(stack, [], "every element is closed");
  assert.equal(roots, 1, "one root element");
}
