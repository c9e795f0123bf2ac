/**
 * Statistics for the load scenarios' reports: latency percentiles (nearest rank, as the
 * benchmarks compute them) and the least-squares slope that turns RSS samples into growth
 * per hour.
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
 * The least-squares slope of y over x, or null with fewer than `minPoints` points or no
 * spread in x. RSS in MB over time in hours gives MB per hour.
 */
export function slope(
  points: ReadonlyArray<{ x: number; y: number }>,
  minPoints = 3,
): number | null {
  if (points.length < minPoints) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
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
