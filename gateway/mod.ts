/** The gateway's public surface (runtime-neutral): the app and the backend contract. */
export {
  type ApiKeyPolicy,
  ApiKeyring,
  type ApiKeySpec,
  parseApiKeysFile,
} from "./api-keys.ts";
export { createApp, DEFAULT_MAX_BODY_BYTES, type GatewayOptions } from "./app.ts";
export { type StaticAsset, type StaticAssets, staticRoutes } from "./assets.ts";
export type { GatewayBackend, GatewayStats, StageStats, SubmitReceipt } from "./backend.ts";
export { type BindDecision, gatewayBindHost, isLoopbackHost, LOOPBACK_HOST } from "./bind-host.ts";
export type { GatewayEnv, GatewayVariables } from "./context.ts";
export { CONTENT_SECURITY_POLICY } from "./middleware/secure-headers.ts";
export { NatsGatewayBackend } from "./nats-backend.ts";
export { type RateDecision, RateLimiter, type RateLimiterOptions } from "./rate-limiter.ts";
export { type WorkflowView, workflowView } from "./workflow-view.ts";
