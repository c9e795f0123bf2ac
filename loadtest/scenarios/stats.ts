/**
 * Statistics for the load scenarios' reports: latency percentiles (nearest rank, as the
 * benchmarks compute them), the rise of RSS floors that turns samples into growth per hour,
 * and how many workflows really overlapped.
 */
import { percentile } from "../bench/stats.ts";

/** A latency distribution in milliseconds. `count` 0 means no samples (the rest are null). */
export interface LatencySummary {
  count: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** P50/P95/P99 (nearest rank), min, mean and max of `values`; nulls when there are none. */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) {
    return { count: 0, min: null, mean: null, p50: null, p95: null, p99: null, max: null };
  }
  const sorted = [...finite].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    min: sorted[0]!,
    mean: sum / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * How fast the floor of a sawtooth series rises, per unit of x: the minimum of the second
 * half of the points minus the minimum of the first half, over the distance between the
 * halves' midpoints. RSS floors (the lows right after garbage collections) are what a leak
 * raises; a least-squares slope through the sawtooth mostly measures where the last
 * collection happened. Null with fewer than `minPoints` points or no spread in x.
 */
export function floorGrowth(
  points: ReadonlyArray<{ x: number; y: number }>,
  minPoints = 4,
): number | null {
  if (points.length < minPoints) return null;
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const half = Math.floor(sorted.length / 2);
  const early = sorted.slice(0, half);
  const late = sorted.slice(half);
  const mid = (ps: typeof sorted) => (ps[0]!.x + ps[ps.length - 1]!.x) / 2;
  const dx = mid(late) - mid(early);
  if (!(dx > 0)) return null;
  const floor = (ps: typeof sorted) => Math.min(...ps.map((p) => p.y));
  return (floor(late) - floor(early)) / dx;
}

/**
 * The most intervals [start, end) that overlap at one moment: how many workflows really ran
 * in parallel, whatever the driver aimed at.
 */
export function peakOverlap(intervals: ReadonlyArray<{ start: number; end: number }>): number {
  const edges: Array<[number, number]> = [];
  for (const i of intervals) {
    if (!(i.end > i.start)) continue;
    edges.push([i.start, 1], [i.end, -1]);
  }
  // An end and a start at the same instant do not overlap: ends sort first.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of edges) {
    open += d;
    peak = Math.max(peak, open);
  }
  return peak;
}
