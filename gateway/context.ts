/** What the gateway's middleware puts on the Hono context for the routes after it. */
import type { ApiKeyPolicy } from "./api-keys.ts";

export interface GatewayVariables {
  /** The authenticated API key's name; unset when authentication is off. */
  apiKey?: string;
  /** The authenticated key's settings (never its secret); unset when authentication is off. */
  apiKeyPolicy?: ApiKeyPolicy;
}

/** The Hono environment of every gateway app and route group. */
export interface GatewayEnv {
  Variables: GatewayVariables;
}
