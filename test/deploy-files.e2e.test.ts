/**
 * The deployment files a user starts from (infra/systemd, infra/compose, infra/k8s) against
 * their schemas and against the product: Kubernetes and KEDA manifests through
 * `kubernetes-models`, compose files through the Compose specification's JSON schema, the
 * systemd units through `systemd-analyze verify`; every variable they set is one the
 * README's configuration table documents; stop timeouts cover the actors' drain; probes
 * and KEDA triggers name routes and consumers that exist. A broken fixture of each kind
 * (test/fixtures/deploy-broken/) must fail its validator, so none of them passes anything.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadPipelineFiles } from "../actors/node-pipeline-files.ts";
import { stageNamesOf } from "../actors/pipeline-loader.ts";
import { DEFAULT_SHUTDOWN_GRACE_MS } from "../core/config.ts";
import { INTAKE_STAGE, STREAM_STAGES, stageConsumerName } from "../core/subjects.ts";
import { OPENAPI } from "../gateway/openapi.ts";
import {
  composeEnvNames,
  composeProblems,
  composeSeconds,
  containersOf,
  envFileNames,
  hasCommand,
  interpolatedNames,
  isRecord,
  loadYamlDocuments,
  manifestEnvNames,
  manifestProblems,
  podSpecOf,
  readmeEnvNames,
  systemdSeconds,
  unitEnvNames,
  unitValue,
  verifyUnits,
} from "./helpers/deploy-files.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const INFRA = join(ROOT, "infra");
const SYSTEMD = join(INFRA, "systemd");
const COMPOSE = join(INFRA, "compose");
const K8S = join(INFRA, "k8s");
const BROKEN = join(ROOT, "test", "fixtures", "deploy-broken");

/** Every compose file in infra/ (the deployment one and the OTel example). */
const COMPOSE_FILES = [join(COMPOSE, "compose.yaml"), join(INFRA, "otel", "compose.yaml")];
/** Units, templates through instances: every stage's actor runs the same template. */
const UNITS = [
  "seo-farm-setup.service",
  "seo-farm-gateway.service",
  "seo-farm-supervisor.service",
  "seo-farm-actor@research.service",
  "seo-farm-actor@all.service",
];
/** Compose's own variable in the env file: it picks profiles, it is not seo-farm's. */
const COMPOSE_OWN = new Set(["COMPOSE_PROFILES"]);

const hasSystemdAnalyze = hasCommand("systemd-analyze");
const skipSystemd = !hasSystemdAnalyze && "systemd-analyze not installed (Debian's systemd)";

const documented = readmeEnvNames(readFileSync(join(ROOT, "README.md"), "utf8"));
const k8sFiles = readdirSync(K8S)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const manifests = k8sFiles.flatMap((f) =>
  loadYamlDocuments(join(K8S, f)).map((doc) => {
    assert.ok(isRecord(doc), `${f}: every document is a mapping`);
    return { file: f, doc };
  }),
);
const compose = loadYamlDocuments(join(COMPOSE, "compose.yaml"))[0];
assert.ok(isRecord(compose) && isRecord(compose.services), "compose.yaml has services");
const services = compose.services as Record<string, Record<string, unknown>>;
const configMap = manifests.find((m) => m.doc.kind === "ConfigMap")?.doc;

/** SHUTDOWN_GRACE_MS as a file sets it, else the default; in seconds. */
function graceSeconds(value: unknown): number {
  return (value === undefined ? DEFAULT_SHUTDOWN_GRACE_MS : Number(value)) / 1000;
}
/** An actor exits within its grace + 15 s (its watchdog); a supervisor within grace + 20 s. */
const ACTOR_WATCHDOG_S = 15;
const SUPERVISOR_WATCHDOG_S = 20;

function undocumented(names: string[]): string[] {
  return [...new Set(names)].filter((n) => !documented.has(n) && !COMPOSE_OWN.has(n));
}

describe("deployment files: Kubernetes", () => {
  test("every manifest is valid against its Kubernetes or KEDA schema", () => {
    assert.ok(manifests.length >= 20, `the manifests were read (${manifests.length} documents)`);
    const kinds = new Set(manifests.map((m) => m.doc.kind));
    for (const kind of [
      "ConfigMap",
      "Secret",
      "Deployment",
      "Service",
      "PodDisruptionBudget",
      "Job",
      "ScaledObject",
    ]) {
      assert.ok(kinds.has(kind), `a ${kind} is among them`);
    }
    const problems = manifests.flatMap((m) =>
      manifestProblems(m.doc).map((p) => `${m.file}: ${p}`),
    );
    assert.deepEqual(problems, []);
  });

  test("a broken Deployment and a broken ScaledObject fail schema validation", () => {
    const [deployment] = loadYamlDocuments(join(BROKEN, "k8s-deployment.yaml"));
    const deploymentProblems = manifestProblems(deployment).join("\n");
    assert.match(deploymentProblems, /replicas must be integer/, deploymentProblems);
    assert.match(deploymentProblems, /must have required property name/, deploymentProblems);
    const [scaled] = loadYamlDocuments(join(BROKEN, "k8s-scaledobject.yaml"));
    const scaledProblems = manifestProblems(scaled).join("\n");
    assert.match(scaledProblems, /required property scaleTargetRef/, scaledProblems);
    assert.match(scaledProblems, /minReplicaCount must be integer/, scaledProblems);
  });

  test("a kind without a schema is refused, not passed", () => {
    const problems = manifestProblems({ apiVersion: "example.com/v1", kind: "Widget" });
    assert.match(problems.join(), /no schema known/);
  });

  test("each pipeline stage has an actor Deployment, a PodDisruptionBudget and a ScaledObject on its consumers", async () => {
    const pipelines = await loadPipelineFiles([]);
    const stages = [INTAKE_STAGE, ...stageNamesOf(pipelines)];
    const byKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
    const nameOf = (d: Record<string, unknown>) =>
      isRecord(d.metadata) ? String(d.metadata.name) : "";
    const deployments = new Map(byKind("Deployment").map((d) => [nameOf(d), d]));
    const pdbs = new Set(byKind("PodDisruptionBudget").map(nameOf));
    const scaled = new Map(byKind("ScaledObject").map((d) => [nameOf(d), d]));
    for (const stage of stages) {
      const name = `seo-farm-actor-${stage}`;
      const deployment = deployments.get(name);
      assert.ok(deployment, `a Deployment ${name}`);
      const command = (containersOf(deployment)[0]?.command ?? []) as string[];
      assert.deepEqual(command.slice(-2), ["--stage", stage], `${name} serves ${stage}`);
      assert.ok(pdbs.has(name), `a PodDisruptionBudget ${name}`);
      const so = scaled.get(name);
      assert.ok(so && isRecord(so.spec), `a ScaledObject ${name}`);
      assert.deepEqual(so.spec.scaleTargetRef, { name }, `${name} scales its Deployment`);
      const triggers = (so.spec.triggers as Array<Record<string, unknown>>).map((t) => ({
        type: t.type,
        stream: (t.metadata as Record<string, string>).stream,
        consumer: (t.metadata as Record<string, string>).consumer,
      }));
      assert.deepEqual(
        triggers,
        (["interactive", "batch"] as const).map((lane) => ({
          type: "nats-jetstream",
          stream: STREAM_STAGES,
          consumer: stageConsumerName(stage, lane),
        })),
        `${name} scales on the lag of both lanes' consumers`,
      );
    }
    assert.equal(scaled.size, stages.length, "no ScaledObject for a stage that does not exist");
  });

  test("the gateway's probes are routes the gateway serves, and the pods outlast the drain", () => {
    const gateway = manifests.find((m) => m.file === "gateway.yaml" && m.doc.kind === "Deployment");
    assert.ok(gateway, "gateway.yaml has the gateway's Deployment");
    const container = containersOf(gateway.doc)[0] ?? {};
    const paths = ["startupProbe", "readinessProbe", "livenessProbe"].flatMap((p) => {
      const probe = container[p];
      return isRecord(probe) && isRecord(probe.httpGet) ? [String(probe.httpGet.path)] : [];
    });
    assert.ok(paths.includes("/readyz"), "readiness asks /readyz");
    for (const path of paths) assert.ok(path in OPENAPI.paths, `the gateway serves ${path}`);

    const data = configMap?.data;
    const grace = graceSeconds(isRecord(data) ? data.SHUTDOWN_GRACE_MS : undefined);
    for (const { file, doc } of manifests) {
      if (doc.kind !== "Deployment" || !/actor/.test(file)) continue;
      const period = Number(podSpecOf(doc)?.terminationGracePeriodSeconds);
      assert.ok(
        period >= grace + ACTOR_WATCHDOG_S,
        `${file}: terminationGracePeriodSeconds ${period} ≥ SHUTDOWN_GRACE_MS + ${ACTOR_WATCHDOG_S} s (${grace + ACTOR_WATCHDOG_S})`,
      );
    }
  });
});

describe("deployment files: Compose", () => {
  test("the compose files are valid against the Compose specification's schema", () => {
    for (const file of COMPOSE_FILES) {
      const docs = loadYamlDocuments(file);
      assert.equal(docs.length, 1, `${file} is one document`);
      assert.deepEqual(composeProblems(docs[0]), [], file);
    }
  });

  test("a broken compose file fails the schema", () => {
    const problems = composeProblems(loadYamlDocuments(join(BROKEN, "compose.yaml"))[0]).join("\n");
    assert.match(problems, /additional properties \{"additionalProperty":"enviroment"\}/, problems);
    assert.match(
      problems,
      /depends_on\/nats\/condition must be equal to one of the allowed/,
      problems,
    );
  });

  test("the services, profiles and stop grace periods are the documented ones", () => {
    for (const name of ["nats", "setup", "gateway", "actors", "supervisor", "emulator"]) {
      assert.ok(services[name], `a ${name} service`);
    }
    const profiles = (name: string) => (services[name]?.profiles ?? []) as string[];
    assert.deepEqual(profiles("emulator"), ["emulator"]);
    assert.deepEqual(profiles("supervisor"), ["supervisor"]);
    assert.deepEqual(profiles("prometheus"), ["metrics"]);
    assert.deepEqual(profiles("grafana"), ["metrics"]);
    assert.match(JSON.stringify(services.nats?.command), /nats\.conf/, "nats runs its config");
    const natsConf = readFileSync(join(COMPOSE, "nats.conf"), "utf8");
    assert.match(natsConf, /^jetstream\s*\{/m, "with JetStream on");

    const grace = graceSeconds(undefined);
    const stop = (name: string) =>
      composeSeconds(String(services[name]?.stop_grace_period ?? "10s"));
    assert.ok(stop("actors") >= grace + ACTOR_WATCHDOG_S, "actors outlast their drain");
    assert.ok(stop("supervisor") >= grace + SUPERVISOR_WATCHDOG_S, "the supervisor too");
  });

  test("nats-server accepts the compose file's config", {
    skip: !hasCommand("nats-server") && "nats-server not installed",
  }, () => {
    const r = spawnSync("nats-server", ["-t", "-c", join(COMPOSE, "nats.conf")], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  test("promtool accepts the compose file's Prometheus config", {
    skip: !hasCommand("promtool") && "promtool not installed",
  }, () => {
    // The config names its rule file where compose mounts it; check it beside a copy.
    const dir = mkdtempSync(join(tmpdir(), "seo-farm-prom-"));
    try {
      cpSync(join(INFRA, "prometheus", "seo-farm.rules.yml"), join(dir, "seo-farm.rules.yml"));
      const config = readFileSync(join(COMPOSE, "prometheus.yml"), "utf8").replace(
        "/etc/prometheus/seo-farm.rules.yml",
        join(dir, "seo-farm.rules.yml"),
      );
      writeFileSync(join(dir, "prometheus.yml"), config);
      const r = spawnSync("promtool", ["check", "config", join(dir, "prometheus.yml")], {
        encoding: "utf8",
      });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("deployment files: systemd", () => {
  test("systemd-analyze verify accepts every unit without a warning", { skip: skipSystemd }, () => {
    const r = verifyUnits(SYSTEMD, UNITS);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.problems, []);
  });

  test("a broken unit fails systemd-analyze verify", { skip: skipSystemd }, () => {
    // systemd 252 exits 0 here: it ignores what it cannot parse, and says so; hence the
    // "no warning" rule of the test above.
    const r = verifyUnits(join(BROKEN, "systemd"), ["seo-farm-broken.service"]);
    assert.ok(r.problems.length > 0, "verify reports the broken unit");
    assert.match(r.output, /Failed to parse service restart specifier, ignoring: sometimes/);
    assert.match(r.output, /Unknown key 'TimeoutStopSecs' in section \[Service\]/);
  });

  test("the actor template runs its instance's stage, and @all every stage", {
    skip: skipSystemd,
  }, () => {
    // systemd's debug log prints each unit's resolved command line, drop-ins applied.
    for (const [unit, args] of [
      ["seo-farm-actor@research.service", "actor --stage research"],
      ["seo-farm-actor@all.service", "actor --all"],
    ] as const) {
      const r = verifyUnits(SYSTEMD, [unit], { SYSTEMD_LOG_LEVEL: "debug" });
      const lines = r.output.split("\n").filter((l) => l.includes("Command Line:"));
      assert.equal(lines.length, 1, `${unit} has one ExecStart:\n${lines.join("\n")}`);
      assert.ok(lines[0]?.trim().endsWith(`bin/seo-farm.js ${args}`), `${unit}: ${lines[0]}`);
    }
  });

  test("the units are hardened (systemd-analyze security, exposure at most 3.0)", {
    skip: skipSystemd,
  }, () => {
    for (const unit of UNITS) {
      const r = spawnSync(
        "systemd-analyze",
        ["security", "--offline=yes", "--threshold=30", join(SYSTEMD, unit)],
        { encoding: "utf8", env: { ...process.env, SYSTEMD_LOG_COLOR: "0" } },
      );
      const verdict = `${r.stdout}${r.stderr}`.split("\n").find((l) => l.includes("Overall"));
      assert.equal(r.status, 0, `${unit}: ${verdict ?? r.stderr}`);
    }
  });

  test("stop timeouts outlast the drain; every role keeps the hardening it was given", () => {
    const env = readFileSync(join(SYSTEMD, "seo-farm.env.example"), "utf8");
    const graceLine = /^SHUTDOWN_GRACE_MS=(\d+)/m.exec(env)?.[1];
    const grace = graceSeconds(graceLine);
    const watchdogs: Record<string, number> = {
      "seo-farm-actor@.service": ACTOR_WATCHDOG_S,
      "seo-farm-supervisor.service": SUPERVISOR_WATCHDOG_S,
      "seo-farm-gateway.service": 0,
      "seo-farm-setup.service": 0,
    };
    for (const [unit, watchdog] of Object.entries(watchdogs)) {
      const text = readFileSync(join(SYSTEMD, unit), "utf8");
      const timeout = systemdSeconds(unitValue(text, "TimeoutStopSec") ?? "90s");
      if (watchdog > 0) {
        assert.ok(
          timeout >= grace + watchdog,
          `${unit}: TimeoutStopSec ${timeout} s ≥ SHUTDOWN_GRACE_MS + ${watchdog} s`,
        );
      }
      for (const [key, value] of [
        ["DynamicUser", "yes"],
        ["NoNewPrivileges", "yes"],
        ["ProtectSystem", "strict"],
        ["Restart", "on-failure"],
        ["KillSignal", "SIGTERM"],
        [
          "EnvironmentFile",
          "-/etc/seo-farm/" + unit.replace(/^seo-farm-|@?\.service$/g, "") + ".env",
        ],
      ] as const) {
        assert.equal(unitValue(text, key), value, `${unit}: ${key}=${value}`);
      }
      assert.match(
        text,
        /^EnvironmentFile=\/etc\/seo-farm\/seo-farm\.env$/m,
        `${unit} reads the env file`,
      );
    }
  });
});

describe("deployment files: the README's variables", () => {
  test("the README's table is read whole (abbreviated siblings included)", () => {
    assert.ok(documented.size >= 60, `${documented.size} names`);
    for (const name of [
      "NATS_URL",
      "ACTOR_NATS_INBOX_PREFIX",
      "LLM_TIMEOUT_CREATIVE_MS",
      "LLM_TPM_ANTHROPIC",
      "GATEWAY_MAX_BODY_BYTES",
      "SHUTDOWN_GRACE_MS",
    ]) {
      assert.ok(documented.has(name), name);
    }
    assert.ok(!documented.has("ACTOR_INBOX_PREFIX"), "no name made up from an abbreviation");
  });

  test("every variable the deployment files set is one the README documents", () => {
    const used: Array<[string, string[]]> = [];
    for (const file of readdirSync(SYSTEMD, { recursive: true, encoding: "utf8" })) {
      const text = (() => {
        try {
          return readFileSync(join(SYSTEMD, file), "utf8");
        } catch {
          return undefined; // a folder
        }
      })();
      if (text === undefined) continue;
      used.push([
        `systemd/${file}`,
        file.endsWith(".example") ? envFileNames(text) : unitEnvNames(text),
      ]);
    }
    const composeText = readFileSync(join(COMPOSE, "compose.yaml"), "utf8");
    used.push(["compose/compose.yaml (interpolated)", interpolatedNames(composeText)]);
    for (const [name, service] of Object.entries(services)) {
      used.push([`compose/compose.yaml service ${name}`, composeEnvNames(service)]);
    }
    used.push([
      "compose/env.example",
      envFileNames(readFileSync(join(COMPOSE, "env.example"), "utf8")),
    ]);
    for (const { file, doc } of manifests) {
      used.push([`k8s/${file} ${String(doc.kind)}`, manifestEnvNames(doc)]);
    }
    const all = used.flatMap(([, names]) => names);
    for (const name of ["NATS_URL", "GATEWAY_API_KEYS", "SHUTDOWN_GRACE_MS", "OPENAI_API_KEY"]) {
      assert.ok(all.includes(name), `the files were read: ${name} is among their names`);
    }
    const problems = used
      .map(([where, names]) => [where, undocumented(names)] as const)
      .filter(([, names]) => names.length > 0)
      .map(([where, names]) => `${where}: ${names.join(", ")}`);
    assert.deepEqual(problems, [], "names the README's configuration table does not document");
  });

  test("an undocumented variable fails the check", () => {
    const names = envFileNames(readFileSync(join(BROKEN, "env.example"), "utf8"));
    assert.deepEqual(undocumented(names), ["NATS_SERVERS"]);
  });
});
