/**
 * A request's `site` checked against the site ids the intake actors serve
 * (core/site-catalog.ts): refused at the gateway, naming the field, rather than accepted
 * and dead-lettered at intake. Without word from intake the gateway cannot tell, and
 * intake decides as before.
 */
import type { FieldIssue } from "../core/errors.ts";
import type { GatewayBackend } from "./backend.ts";

/** The issue for `site` at `field`, or undefined when it is known (or cannot be checked). */
export async function unknownSiteIssue(
  backend: GatewayBackend,
  site: string,
  field: string,
): Promise<FieldIssue | undefined> {
  const ids = await backend.siteIds?.();
  if (!ids || ids.includes(site)) return undefined;
  return {
    field,
    message: ids.length
      ? `unknown site "${site}" (the sites file has: ${ids.join(", ")})`
      : "no sites file is configured (SITES_FILE) on the intake actors",
  };
}
