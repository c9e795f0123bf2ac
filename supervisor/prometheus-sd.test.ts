import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActorAnnouncement } from "../core/actors-registry.ts";
import { metricsTarget, prometheusSdTargets } from "./prometheus-sd.ts";

const actor = (id: string, over: Partial<ActorAnnouncement>): ActorAnnouncement => ({
  id,
  stages: ["draft"],
  inFlight: 0,
  startedAt: 0,
  updatedAt: 0,
  ...over,
});

test("SD targets list every actor that serves metrics, and the extras, sorted", () => {
  const groups = prometheusSdTargets(
    [
      actor("b", { metricsTarget: "10.0.0.2:9102", host: "b", stages: ["review", "assemble"] }),
      actor("a", { metricsTarget: "10.0.0.1:9101", host: "a" }),
      actor("c", {}),
    ],
    [{ target: "10.0.0.1:9100", role: "supervisor" }],
  );
  assert.deepEqual(groups, [
    { targets: ["10.0.0.1:9100"], labels: { job: "seo-farm-supervisor", role: "supervisor" } },
    {
      targets: ["10.0.0.1:9101"],
      labels: { job: "seo-farm-actor", role: "actor", stages: "draft", host: "a" },
    },
    {
      targets: ["10.0.0.2:9102"],
      labels: { job: "seo-farm-actor", role: "actor", stages: "assemble,review", host: "b" },
    },
  ]);
});

test("a wildcard bind is scraped by host name; IPv6 gets brackets", () => {
  assert.equal(metricsTarget("127.0.0.1", 9100, "h1"), "127.0.0.1:9100");
  assert.equal(metricsTarget("0.0.0.0", 9100, "h1"), "h1:9100");
  assert.equal(metricsTarget("::", 9100, "h1"), "h1:9100");
  assert.equal(metricsTarget("::1", 9100, "h1"), "[::1]:9100");
});
