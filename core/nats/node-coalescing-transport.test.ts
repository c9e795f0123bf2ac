import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startNatsServer, type TestNatsServer } from "../../test/helpers/nats-server.ts";
import { connectNats } from "./node-connect.ts";

let srv: TestNatsServer;

before(async () => {
  srv = await startNatsServer();
});

after(async () => {
  await srv?.stop();
});

test("coalesced writes keep their order across bursts and turns", async () => {
  const sender = await connectNats(srv.url, { name: "coalesce-sender" });
  const receiver = await connectNats(srv.url, { name: "coalesce-receiver" });
  const got: number[] = [];
  const sub = receiver.subscribe("coalesce.order", { max: 3000 });
  const done = (async () => {
    for await (const m of sub) got.push(Number(new TextDecoder().decode(m.data)));
  })();
  await receiver.flush();
  let n = 0;
  for (let turn = 0; turn < 30; turn++) {
    // Many microtask bursts in one turn, then the next turn.
    for (let burst = 0; burst < 10; burst++) {
      await Promise.resolve();
      for (let i = 0; i < 10; i++) sender.publish("coalesce.order", String(n++));
    }
    await new Promise((r) => setImmediate(r));
  }
  await sender.flush();
  await done;
  assert.equal(got.length, 3000);
  assert.deepEqual(
    got,
    Array.from({ length: 3000 }, (_, i) => i),
  );
  await sender.close();
  await receiver.close();
});

test("what was sent just before a drain still reaches the server", async () => {
  const receiver = await connectNats(srv.url, { name: "coalesce-receiver" });
  const got: string[] = [];
  const sub = receiver.subscribe("coalesce.drain", { max: 1 });
  const done = (async () => {
    for await (const m of sub) got.push(new TextDecoder().decode(m.data));
  })();
  await receiver.flush();
  const sender = await connectNats(srv.url, { name: "coalesce-sender" });
  sender.publish("coalesce.drain", "last words");
  await sender.drain();
  await done;
  assert.deepEqual(got, ["last words"]);
  await receiver.close();
});

test("NATS_COALESCE_WRITES=0 uses the library's transport and still works", async () => {
  process.env.NATS_COALESCE_WRITES = "0";
  try {
    const nc = await connectNats(srv.url, { name: "plain" });
    const sub = nc.subscribe("coalesce.plain", { max: 1 });
    await nc.flush();
    nc.publish("coalesce.plain", "x");
    for await (const m of sub) assert.equal(new TextDecoder().decode(m.data), "x");
    await nc.close();
  } finally {
    delete process.env.NATS_COALESCE_WRITES;
  }
});
