/**
 * The emulator's counters and injected faults. Faults are consumed in order: each serves
 * `count` requests of its wire (or of any wire), then is gone.
 */

export const WIRES = ["searxng", "brave", "dataforseo"] as const;
export type Wire = (typeof WIRES)[number];
/** What a fault applies to: one search wire, the result pages, or any of them. */
export type FaultTarget = Wire | "pages" | "any";

export interface FaultSpec {
  /** @default "any" */
  wire?: FaultTarget;
  /** Answer with this HTTP status in the wire's error shape (429 adds `Retry-After: 1`). */
  status?: number;
  /** Answer 200 with a body that is not the wire's shape (SearXNG: an HTML page). */
  malformed?: boolean;
  /** Wait this long before answering (alone: then answer normally). @default 0 */
  delayMs?: number;
  /** How many requests the fault serves. @default 1 */
  count?: number;
}

export interface Fault {
  wire: FaultTarget;
  status: number | undefined;
  malformed: boolean;
  delayMs: number;
  remaining: number;
}

export interface SearchEmulatorStats {
  /** Queries answered per wire format (faults and rejected requests included). */
  queries: Record<Wire, number>;
  queriesTotal: number;
  /** Result pages served (`/pages/…`). */
  pages: number;
  /** Site articles served (`/site/<lang>/<slug>`). */
  sitePages: number;
  /** Sitemaps served. */
  sitemaps: number;
  /** `/redirect` answers. */
  redirects: number;
  /** Requests answered by an injected fault. */
  faults: number;
  /** Requests refused for a missing key or an invalid parameter. */
  rejected: number;
}

const TARGETS: readonly FaultTarget[] = [...WIRES, "pages", "any"];

/** Validates a fault; a bad field is a RangeError naming it. */
export function parseFault(spec: unknown): Fault {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new RangeError("a fault must be a JSON object");
  }
  const s = spec as Record<string, unknown>;
  const known = new Set(["wire", "status", "malformed", "delayMs", "count"]);
  for (const key of Object.keys(s)) {
    if (!known.has(key)) throw new RangeError(`unknown fault field "${key}"`);
  }
  const wire = (s.wire ?? "any") as FaultTarget;
  if (!TARGETS.includes(wire)) {
    throw new RangeError(
      `wire must be one of ${TARGETS.join(", ")} (got ${JSON.stringify(s.wire)})`,
    );
  }
  if (
    s.status !== undefined &&
    (!Number.isInteger(s.status) || (s.status as number) < 100 || (s.status as number) > 599)
  ) {
    throw new RangeError(
      `status must be an HTTP status from 100 to 599 (got ${JSON.stringify(s.status)})`,
    );
  }
  if (s.malformed !== undefined && typeof s.malformed !== "boolean") {
    throw new RangeError(`malformed must be true or false (got ${JSON.stringify(s.malformed)})`);
  }
  const delayMs = s.delayMs ?? 0;
  if (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 600_000) {
    throw new RangeError(
      `delayMs must be an integer from 0 to 600000 (got ${JSON.stringify(s.delayMs)})`,
    );
  }
  const count = s.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1_000_000) {
    throw new RangeError(
      `count must be an integer from 1 to 1000000 (got ${JSON.stringify(s.count)})`,
    );
  }
  if (s.status === undefined && s.malformed !== true && delayMs === 0) {
    throw new RangeError("a fault needs a status, malformed: true or a delayMs");
  }
  return {
    wire,
    status: s.status as number | undefined,
    malformed: s.malformed === true,
    delayMs: delayMs as number,
    remaining: count as number,
  };
}

export class SearchEmulatorState {
  #stats = SearchEmulatorState.#empty();
  #faults: Fault[] = [];

  static #empty(): SearchEmulatorStats {
    return {
      queries: { searxng: 0, brave: 0, dataforseo: 0 },
      queriesTotal: 0,
      pages: 0,
      sitePages: 0,
      sitemaps: 0,
      redirects: 0,
      faults: 0,
      rejected: 0,
    };
  }

  stats(): SearchEmulatorStats {
    return { ...this.#stats, queries: { ...this.#stats.queries } };
  }

  countQuery(wire: Wire): void {
    this.#stats.queries[wire]++;
    this.#stats.queriesTotal++;
  }

  count(what: "pages" | "sitePages" | "sitemaps" | "redirects" | "rejected"): void {
    this.#stats[what]++;
  }

  addFault(spec: unknown): Fault {
    const fault = parseFault(spec);
    this.#faults.push(fault);
    return { ...fault };
  }

  faults(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /** The next fault for a request of `target`, consumed; undefined when none applies. */
  takeFault(target: Wire | "pages"): Fault | undefined {
    const fault = this.#faults.find((f) => f.wire === target || f.wire === "any");
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    this.#stats.faults++;
    return { ...fault };
  }

  /** Clears the counters and the faults. */
  reset(): void {
    this.#stats = SearchEmulatorState.#empty();
    this.#faults = [];
  }
}
