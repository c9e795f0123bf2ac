import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keywordOf, parseScenarioOptions, targetConcurrency } from "./options.ts";
import { progressBar, progressText } from "./progress.ts";

describe("scenario options", () => {
  test("each scenario defaults to the seed's flags", () => {
    const load = parseScenarioOptions("loadtest", {});
    assert.equal(load.workflows, 10);
    assert.equal(load.concurrent, 3);
    assert.equal(load.durationS, null);
    const stress = parseScenarioOptions("stress", {});
    assert.equal(stress.durationS, 300);
    assert.equal(stress.rampUpS, 60);
    assert.equal(stress.workflows, null);
    const mem = parseScenarioOptions("memtest", { "monitor-memory": true });
    assert.equal(mem.workflows, 100);
    assert.equal(mem.monitorMemory, true);
    assert.equal(mem.sampleMs, 250, "--monitor-memory samples more often");
    assert.equal(load.via, "gateway");
    assert.equal(load.profile, "fast");
    assert.equal(load.timeScale, 1);
  });

  test("the seed's command lines parse as written", () => {
    const o = parseScenarioOptions("loadtest", { workflows: "10", concurrent: "3" });
    assert.deepEqual([o.workflows, o.concurrent], [10, 3]);
    const s = parseScenarioOptions("stress", { duration: "300", "ramp-up": "60" });
    assert.deepEqual([s.durationS, s.rampUpS], [300, 60]);
    const m = parseScenarioOptions("memtest", { workflows: "100", "monitor-memory": true });
    assert.deepEqual([m.workflows, m.monitorMemory], [100, true]);
  });

  test("entry, profile, scale, outputs and connections are read", () => {
    const o = parseScenarioOptions(
      "loadtest",
      {
        via: "nats",
        profile: "realistic",
        "time-scale": "0.01",
        json: "r.json",
        markdown: "r.md",
        chart: "r.svg",
        "gateway-url": "http://127.0.0.1:8787/",
        actors: "per-stage",
      },
      { NATS_URL: "nats://127.0.0.1:4333" },
    );
    assert.equal(o.via, "nats");
    assert.equal(o.profile, "realistic");
    assert.equal(o.timeScale, 0.01);
    assert.deepEqual([o.json, o.markdown, o.chart], ["r.json", "r.md", "r.svg"]);
    assert.equal(o.natsUrl, "nats://127.0.0.1:4333", "NATS_URL is the fallback");
    assert.equal(o.gatewayUrl, "http://127.0.0.1:8787", "the trailing slash is dropped");
    assert.equal(o.actors, "per-stage");
    assert.equal(parseScenarioOptions("loadtest", {}, { NATS_URL: "" }).natsUrl, null);
  });

  test("bad values are refused with the flag and the value in the message", () => {
    const bad: Array<[Parameters<typeof parseScenarioOptions>, RegExp]> = [
      [["loadtest", { workflows: "0" }], /--workflows must be ≥ 1 \(got 0\)/],
      [["loadtest", { workflows: "2.5" }], /--workflows must be a whole number \(got 2\.5\)/],
      [["loadtest", { concurrent: "many" }], /--concurrent must be a number \(got "many"\)/],
      [["loadtest", { via: "http" }], /--via must be one of gateway, nats \(got "http"\)/],
      [
        ["loadtest", { profile: "slow" }],
        /--profile must be one of zero, fast, realistic, long-tail/,
      ],
      [["loadtest", { "time-scale": "-1" }], /--time-scale must be ≥ 0 \(got -1\)/],
      [["loadtest", { duration: "10" }], /apply to stress only/],
      [["stress", { workflows: "10" }], /--workflows does not apply to stress/],
      [
        ["stress", { duration: "10", "ramp-up": "20" }],
        /--ramp-up must be ≤ --duration \(got 20 > 10\)/,
      ],
      [["memtest", { actors: "some" }], /--actors must be one of supervisor, per-stage, all, none/],
    ];
    for (const [args, message] of bad) {
      assert.throws(() => parseScenarioOptions(...args), message, JSON.stringify(args));
    }
  });

  test("stress climbs from 1 to its peak over the ramp-up, then holds", () => {
    const o = parseScenarioOptions("stress", {
      duration: "300",
      "ramp-up": "60",
      concurrent: "12",
    });
    assert.equal(targetConcurrency(o, 0), 1);
    assert.equal(targetConcurrency(o, 30_000), 6);
    assert.equal(targetConcurrency(o, 60_000), 12);
    assert.equal(targetConcurrency(o, 250_000), 12);
    let last = 0;
    for (let t = 0; t <= 60_000; t += 1_000) {
      const c = targetConcurrency(o, t);
      assert.ok(c >= last, "never goes down while ramping");
      last = c;
    }
    const load = parseScenarioOptions("loadtest", { concurrent: "3" });
    assert.equal(targetConcurrency(load, 0), 3, "no ramp outside stress");
  });

  test("keywords are distinct per workflow, or cycle through --keywords", () => {
    const all = new Set([0, 1, 2, 3, 4, 5].map((n) => keywordOf({ keywords: 0 }, n, "r1")));
    assert.equal(all.size, 6);
    const few = new Set([0, 1, 2, 3, 4, 5].map((n) => keywordOf({ keywords: 2 }, n, "r1")));
    assert.equal(few.size, 2);
    assert.notEqual(keywordOf({ keywords: 2 }, 0, "r1"), keywordOf({ keywords: 2 }, 0, "r2"));
  });
});

describe("progress line", () => {
  const p = {
    elapsedMs: 12_300,
    submitted: 7,
    completed: 4,
    failed: 1,
    inFlight: 2,
    target: 3,
    total: 10,
    durationMs: null,
  };

  test("a counted run shows ended of total; a timed one its clock", () => {
    assert.equal(
      progressBar(p, 120),
      "[####################--------------------]  50% 5/10 ended (4 ok, 1 failed), 2 in flight (aim 3), 12.3 s",
    );
    const timed = { ...p, total: null, durationMs: 300_000, elapsedMs: 150_000 };
    assert.match(progressText(timed), /5 ended .* 150\.0\/300 s$/);
  });

  test("the bar fits the terminal, never wider than it", () => {
    for (const columns of [40, 80, 120]) {
      assert.ok(progressBar(p, columns).length < columns, `${columns} columns`);
    }
  });
});
