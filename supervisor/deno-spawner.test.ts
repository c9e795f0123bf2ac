/**
 * Deno only (`deno task test`): the Deno spawner's hold on processes it did not start, as a
 * new leader adopts a dead leader's actors, and the command lines it starts actors with.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DenoActorSpawner } from "./deno-spawner.ts";

test("attach: a running process is signalled by pid and its exit noticed; a gone one is refused", async () => {
  const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
  const spawner = new DenoActorSpawner({ env: {} });
  const actor = spawner.attach(sleeper.pid, "research");
  assert.ok(actor, "a live pid is adopted");
  assert.equal(actor.stage, "research");
  assert.notEqual(actor.rssMb(), undefined, "its memory is read from /proc");
  actor.terminate();
  const status = await sleeper.status;
  assert.equal(status.signal, "SIGTERM");
  await actor.exited;
  assert.equal(spawner.attach(sleeper.pid, "research"), undefined, "an exited pid is refused");
});

test("Deno actors get the heap limit as a V8 flag; Node actors as a Node flag", () => {
  const deno = new DenoActorSpawner({ env: {}, maxOldSpaceMb: 300 }).command("draft");
  assert.equal(deno.binary, Deno.execPath());
  assert.ok(deno.args.includes("--v8-flags=--max-old-space-size=300"), deno.args.join(" "));
  assert.match(deno.args.at(-3) ?? "", /\/actors\/main-deno\.ts$/);
  assert.deepEqual(deno.args.slice(-2), ["--stage", "draft"]);

  const node = new DenoActorSpawner({ env: {}, runtime: "node" }).command("draft");
  assert.equal(node.binary, "node");
  assert.equal(node.args[0], "--max-old-space-size=384");
  assert.match(node.args[1] ?? "", /\/bin\/seo-farm\.js$/);
  assert.deepEqual(node.args.slice(2), ["actor", "--stage", "draft"]);
});
