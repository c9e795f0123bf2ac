/**
 * The user's path through the CLI: `seo-farm up` brings the stack up against a nats-server,
 * `seo-farm submit … --wait` prints a finished article, and Ctrl-C stops everything.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { freePort, startNatsServer, type TestNatsServer } from "./helpers/nats-server.ts";
import { CLI, FAST_ENV, waitFor } from "./helpers/stack.ts";

let nats: TestNatsServer | undefined;
const tmp = mkdtempSync(join(tmpdir(), "seo-farm-cli-"));
after(async () => {
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 90_000,
  });
}

test("--help works for the CLI and every command", () => {
  const top = run(["--help"]);
  assert.equal(top.status, 0);
  assert.match(top.stdout, /Commands:/);
  for (const cmd of [
    "up",
    "submit",
    "status",
    "actor",
    "gateway",
    "emulator",
    "setup",
    "supervisor",
    "ps",
    "cache",
    "bench",
  ]) {
    const r = run([cmd, "--help"]);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(r.stdout, /Usage/i, cmd);
  }
});

test("bad usage exits 2 with a message", () => {
  const r = run(["submit"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give a keyword/);
  assert.equal(run(["frobnicate"]).status, 2);
  assert.match(run(["submit", "x", "--bogus"]).stderr, /Unknown option/i);
});

test("a command that cannot reach NATS says so in one sentence, without a stack, and exits 1", async () => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  for (const args of [["dlq", "list"], ["ps"], ["setup"]]) {
    const r = run(args, { NATS_URL: url });
    assert.equal(r.status, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`cannot reach NATS at ${url} \\(connection refused\\)`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(" ")}: no stack trace`);
  }
});

test("up, then submit --wait prints a finished article, then Ctrl-C stops everything", async () => {
  nats = await startNatsServer();
  const port = await freePort();
  const env = {
    ...process.env,
    ...FAST_ENV,
    NATS_URL: nats.url,
    PORT: String(port),
    EMULATOR_PORT: String(await freePort()),
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    LOG_LEVEL: "warn",
  };
  const up = spawn(process.execPath, [CLI, "up"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  up.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  up.stderr.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((r) => up.once("exit", (code) => r(code)));
  await waitFor(
    "the up banner",
    () => (out.includes("Press Ctrl-C to stop") ? true : undefined),
    60_000,
  );
  assert.match(out, /LLM EMULATOR/, "the banner says the emulator answers");
  assert.match(out, new RegExp(`Gateway: http://127.0.0.1:${port}`));
  assert.match(out, new RegExp(`Dashboard: http://127.0.0.1:${port}/dashboard`));
  const dashboard = await fetch(`http://127.0.0.1:${port}/dashboard`);
  assert.equal(dashboard.status, 200);
  assert.match(await dashboard.text(), /<title>seo-farm dashboard<\/title>/);

  const file = join(tmp, "article.md");
  const submit = spawn(
    process.execPath,
    [
      CLI,
      "submit",
      "trail running shoes",
      "--wait",
      "--out",
      file,
      "--url",
      `http://127.0.0.1:${port}`,
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let submitOut = "";
  submit.stdout.on("data", (d: Buffer) => {
    submitOut += d.toString();
  });
  submit.stderr.on("data", (d: Buffer) => {
    submitOut += d.toString();
  });
  const code = await new Promise<number | null>((r) => submit.once("exit", (c) => r(c)));
  assert.equal(code, 0, submitOut);
  for (const stage of ["research", "outline", "draft", "optimise", "review", "assemble"]) {
    assert.match(submitOut, new RegExp(`✓ ${stage}`));
  }
  assert.match(submitOut, /completed/);
  assert.match(submitOut, /title: {2}.*[Tt]rail running shoes/);
  assert.match(submitOut, /slug: {3}trail-running-shoes/);
  assert.match(readFileSync(file, "utf8"), /^# .*[Tt]rail running shoes/);

  up.kill("SIGINT");
  assert.equal(await exited, 0, out);
  assert.match(out, /stopped\./);
});
