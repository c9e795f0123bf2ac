/**
 * Prometheus file-based service discovery from `seo-actors`: actor processes come and go
 * with the load, so the supervisor writes their `/metrics` addresses to a file that
 * Prometheus watches (`file_sd_configs`), and a short-lived actor is still scraped.
 */
import type { ActorAnnouncement } from "../core/actors-registry.ts";

/** One entry of a `file_sd_configs` file. */
export interface SdTargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * The target groups for the announced actors that serve metrics, plus extra processes
 * (the supervisor itself). Sorted, so an unchanged set writes an identical file.
 */
export function prometheusSdTargets(
  actors: ActorAnnouncement[],
  extra: Array<{ target: string; role: string }> = [],
): SdTargetGroup[] {
  const groups: SdTargetGroup[] = [];
  for (const a of actors) {
    if (!a.metricsTarget) continue;
    groups.push({
      targets: [a.metricsTarget],
      labels: {
        job: "seo-farm-actor",
        role: "actor",
        stages: [...a.stages].sort().join(","),
        ...(a.host ? { host: a.host } : {}),
      },
    });
  }
  for (const e of extra) {
    groups.push({ targets: [e.target], labels: { job: `seo-farm-${e.role}`, role: e.role } });
  }
  return groups.sort((x, y) => (x.targets[0] ?? "").localeCompare(y.targets[0] ?? ""));
}

/** `host:port` where a process bound to `bindHost` can be scraped from other hosts. */
export function metricsTarget(bindHost: string, port: number, hostName: string): string {
  const wildcard = bindHost === "0.0.0.0" || bindHost === "::" || bindHost === "";
  const host = wildcard ? hostName : bindHost;
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
