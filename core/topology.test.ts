import assert from "node:assert/strict";
import { test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { startNatsServer } from "../test/helpers/nats-server.ts";
import { parseConfig } from "./config.ts";
import { NoJetStreamError, TopologyRefusedError } from "./errors.ts";
import { connectNats } from "./nats/node-connect.ts";
import { ensureTopology } from "./topology.ts";

test("topology setup is idempotent and updates limits in place without losing messages", async () => {
  await using srv = await startNatsServer();
  const nc = await connectNats(srv.url, { name: "topology-test" });
  try {
    const config = parseConfig({});
    await ensureTopology(nc, { ...config, stages: ["research", "outline"] });
    const jsm = await jetstreamManager(nc);
    await jsm.jetstream().publish("seo.stage.research", new Uint8Array([1]));
    await ensureTopology(nc, {
      ...config,
      ackWaitMs: 7_000,
      stages: ["research", "outline", "draft"],
    });

    const stages = await jsm.streams.info("SEO_STAGES");
    assert.equal(stages.config.retention, "workqueue");
    assert.deepEqual(stages.config.subjects, ["seo.submit", "seo.submit.batch", "seo.stage.>"]);
    assert.equal(stages.config.duplicate_window, 900_000 * 1e6, "15 min dedupe window");
    assert.equal(stages.state.messages, 1, "the message survived the second setup");
    const research = await jsm.consumers.info("SEO_STAGES", "stage-research");
    assert.equal(research.config.ack_wait, 7_000 * 1e6, "ack wait updated in place");
    assert.equal(research.config.max_deliver, 2);
    assert.equal(research.config.filter_subject, "seo.stage.research");
    assert.equal(
      (await jsm.consumers.info("SEO_STAGES", "stage-draft")).config.filter_subject,
      "seo.stage.draft",
    );
    assert.equal(
      (await jsm.consumers.info("SEO_STAGES", "intake")).config.filter_subject,
      "seo.submit",
    );
    // The batch lane: its own consumer per stage, intake included.
    assert.equal(
      (await jsm.consumers.info("SEO_STAGES", "intake-batch")).config.filter_subject,
      "seo.submit.batch",
    );
    assert.equal(
      (await jsm.consumers.info("SEO_STAGES", "stage-draft-batch")).config.filter_subject,
      "seo.stage.draft.batch",
    );
    for (const name of ["SEO_EVENTS", "SEO_DLQ", "SEO_ADVISORIES"]) await jsm.streams.info(name);

    // Retention: finished workflows and their articles expire after 30 days by default,
    // and a changed setting reaches the existing buckets.
    assert.equal((await jsm.streams.info("KV_seo-workflows")).config.max_age, 30 * 86_400 * 1e9);
    await ensureTopology(nc, { ...config, retentionDays: 7, stages: [] });
    assert.equal((await jsm.streams.info("KV_seo-workflows")).config.max_age, 7 * 86_400 * 1e9);
    assert.equal((await jsm.streams.info("OBJ_seo-results")).config.max_age, 7 * 86_400 * 1e9);

    const kvm = new Kvm(nc);
    const cache = await (await kvm.open("seo-llm-cache")).status();
    assert.equal(cache.ttl, 3_600_000, "LLM cache TTL 1 h");
    for (const b of ["seo-workflows", "seo-actors", "seo-leases", "seo-pipelines"])
      await kvm.open(b);
    await jsm.streams.info("OBJ_seo-results");
    await jsm.streams.info("OBJ_seo-artifacts");

    // The search cache: 24 h unless SEARCH_CACHE_TTL_S says otherwise; a process that does
    // not pass it leaves an existing bucket's age alone.
    assert.equal((await (await kvm.open("seo-search-cache")).status()).ttl, 86_400_000);
    await ensureTopology(nc, { ...config, searchCacheTtlS: 3_600, stages: [] });
    assert.equal((await jsm.streams.info("KV_seo-search-cache")).config.max_age, 3_600 * 1e9);
    await ensureTopology(nc, { ...config, stages: [] });
    assert.equal((await jsm.streams.info("KV_seo-search-cache")).config.max_age, 3_600 * 1e9);
  } finally {
    await nc.close();
  }
});

test("a server without JetStream gets a clear error", async () => {
  await using srv = await startNatsServer({ jetstream: false });
  const nc = await connectNats(srv.url, { name: "topology-test" });
  try {
    await assert.rejects(
      ensureTopology(nc, { ...parseConfig({}), stages: [] }),
      (err: unknown) =>
        err instanceof NoJetStreamError &&
        /has no JetStream: start nats-server with -js/.test(err.message),
    );
  } finally {
    await nc.close();
  }
});

test("replicas or placement tags the servers cannot give are refused with a typed error naming the stream and the settings", async () => {
  await using srv = await startNatsServer();
  const nc = await connectNats(srv.url, { name: "topology-test" });
  try {
    await assert.rejects(
      ensureTopology(nc, { ...parseConfig({ NATS_REPLICAS: "3" }), stages: [] }),
      (err: unknown) =>
        err instanceof TopologyRefusedError &&
        err.code === "TOPOLOGY_REFUSED" &&
        /NATS refused SEO_STAGES with 3 replicas: .*NATS_REPLICAS and NATS_PLACEMENT_TAGS/.test(
          err.message,
        ),
    );
  } finally {
    await nc.close();
  }
});
