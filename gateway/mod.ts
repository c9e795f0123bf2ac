/** The gateway's public surface (runtime-neutral): the app and the backend contract. */
export { createApp, DEFAULT_MAX_BODY_BYTES, type GatewayOptions } from "./app.ts";
export type { GatewayBackend, SubmitReceipt } from "./backend.ts";
export { NatsGatewayBackend } from "./nats-backend.ts";
export { type WorkflowView, workflowView } from "./workflow-view.ts";
