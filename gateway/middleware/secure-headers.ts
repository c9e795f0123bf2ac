/**
 * Secure response headers, with a Content-Security-Policy fit for the dashboard that will be
 * served from the gateway's own origin: scripts, styles, fetches and images from that origin
 * only (images also as data: URLs), no inline scripts, no plugins, never framed.
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** The policy's directives, in Hono's option form (exported for the tests and the docs). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function gatewaySecureHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    // The API is called cross-origin when GATEWAY_CORS_ORIGINS allows it; CORS decides who.
    crossOriginResourcePolicy: "cross-origin",
    referrerPolicy: "no-referrer",
    // The same as frame-ancestors 'none', for browsers that predate CSP.
    xFrameOptions: "DENY",
  });
}
