/**
 * The edge gateway as Deno Deploy runs it (and locally: `deno run -A gateway/deno-edge.ts`):
 * `Deno.serve` with the `fetch` handler of `edge.ts`, NATS over WebSocket only. Prints
 * `{"type":"ready","url":…}` on stdout once it listens.
 */
import { edgeGateway } from "./edge.ts";

const handler = edgeGateway({ env: Deno.env.toObject() });
const server = Deno.serve(
  {
    port: Number(Deno.env.get("PORT") ?? 8000),
    hostname: Deno.env.get("HOST") ?? "127.0.0.1",
    onListen: ({ hostname, port }) =>
      console.log(JSON.stringify({ type: "ready", url: `http://${hostname}:${port}`, port })),
  },
  (req) => handler.fetch(req),
);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(sig, () => {
    void server.shutdown().then(() => Deno.exit(0));
  });
}
