/**
 * `/healthz`: the process is up and NATS with JetStream answers. `/readyz`: and the
 * streams the gateway submits to exist, so it can take work (a load balancer's check).
 */
import { Hono } from "hono";
import type { GatewayBackend } from "../backend.ts";

export function healthRoutes(backend: GatewayBackend) {
  const app = new Hono();
  app.get("/healthz", async (c) => {
    const h = await backend.health();
    const ok = h.nats && h.jetstream;
    return c.json({ status: ok ? "ok" : "unavailable", ...h }, ok ? 200 : 503);
  });
  app.get("/readyz", async (c) => {
    const r = await backend.ready();
    const ok = r.nats && r.jetstream && r.topology;
    return c.json({ status: ok ? "ready" : "not-ready", ...r }, ok ? 200 : 503);
  });
  return app;
}
