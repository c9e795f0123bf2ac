/** `/healthz`: the process is up and NATS with JetStream answers. */
import { Hono } from "hono";
import type { GatewayBackend } from "../backend.ts";

export function healthRoutes(backend: GatewayBackend) {
  const app = new Hono();
  app.get("/healthz", async (c) => {
    const h = await backend.health();
    const ok = h.nats && h.jetstream;
    return c.json({ status: ok ? "ok" : "unavailable", ...h }, ok ? 200 : 503);
  });
  return app;
}
