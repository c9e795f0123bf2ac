/**
 * The report as an SVG chart, hand-written (no dependency): panels over the run's time —
 * end-to-end latency of each workflow at its end, throughput and workflows in flight, actor
 * processes per stage, and (with --monitor-memory) RSS per process.
 */
import type { ScenarioReport } from "./report.ts";

const WIDTH = 960;
const PANEL_H = 200;
const LEFT = 70;
const RIGHT = 200;
const TOP = 40;
const GAP = 50;
const COLORS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Escapes text and attribute values for XML. */
export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** 1, 2 or 5 × a power of ten: a tick step giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

interface Series {
  name: string;
  points: Array<[number, number]>;
  kind: "line" | "step" | "dots";
  dashed?: boolean;
  /** Pixels up, so equal step lines (1 process per stage…) stay visible side by side. */
  nudgePx?: number;
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "0");

function panel(index: number, title: string, unit: string, xMax: number, series: Series[]): string {
  const top = TOP + index * (PANEL_H + GAP);
  const plotW = WIDTH - LEFT - RIGHT;
  const yMaxRaw = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const yStep = niceStep(yMaxRaw || 1);
  const yMax = Math.max(yStep, Math.ceil((yMaxRaw || 1) / yStep) * yStep);
  const xStep = niceStep(xMax || 1, 6);
  const X = (x: number) => LEFT + (x / (xMax || 1)) * plotW;
  const Y = (y: number) => top + PANEL_H - (y / yMax) * PANEL_H;
  const out: string[] = [
    `<g class="panel">`,
    `<text x="${LEFT}" y="${top - 10}" font-weight="bold">${xmlEscape(title)}</text>`,
    `<rect x="${LEFT}" y="${top}" width="${plotW}" height="${PANEL_H}" fill="none" stroke="#999"/>`,
  ];
  for (let y = 0; y <= yMax + 1e-9; y += yStep) {
    out.push(
      `<line x1="${LEFT}" y1="${f(Y(y))}" x2="${LEFT + plotW}" y2="${f(Y(y))}" stroke="#eee"/>`,
      `<text x="${LEFT - 6}" y="${f(Y(y) + 4)}" text-anchor="end">${xmlEscape(fmtTick(y))}</text>`,
    );
  }
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    out.push(
      `<text x="${f(X(x))}" y="${top + PANEL_H + 16}" text-anchor="middle">${xmlEscape(fmtTick(x))}</text>`,
    );
  }
  out.push(
    `<text x="${LEFT - 50}" y="${top + PANEL_H / 2}" transform="rotate(-90 ${LEFT - 50} ${top + PANEL_H / 2})" text-anchor="middle">${xmlEscape(unit)}</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    if (s.kind === "dots") {
      for (const [x, y] of s.points) {
        out.push(
          `<circle cx="${f(X(x))}" cy="${f(Y(y))}" r="2" fill="${color}" fill-opacity="0.6"/>`,
        );
      }
    } else if (s.points.length) {
      const pts: string[] = [];
      const up = s.nudgePx ?? 0;
      let prev: [number, number] | undefined;
      for (const p of s.points) {
        if (s.kind === "step" && prev) pts.push(`${f(X(p[0]))},${f(Y(prev[1]) - up)}`);
        pts.push(`${f(X(p[0]))},${f(Y(p[1]) - up)}`);
        prev = p;
      }
      out.push(
        `<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`,
      );
    }
    const ly = top + 12 + i * 16;
    out.push(
      `<rect x="${LEFT + plotW + 12}" y="${ly - 8}" width="10" height="10" fill="${color}"/>`,
      `<text x="${LEFT + plotW + 28}" y="${ly + 1}">${xmlEscape(s.name)}</text>`,
    );
  });
  out.push("</g>");
  return out.join("\n");
}

function fmtTick(v: number): string {
  if (v === 0) return "0";
  if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1);
}

/** Throughput per bucket: workflows ended per second in each of about 30 windows. */
function throughputSeries(report: ScenarioReport, xMax: number): Array<[number, number]> {
  const bucket = Math.max(0.5, xMax / 30);
  const n = Math.max(1, Math.ceil(xMax / bucket));
  const counts = new Array<number>(n).fill(0);
  for (const r of report.runs) {
    if (r.status !== "completed" || r.end === null) continue;
    counts[Math.min(n - 1, Math.floor(r.end / bucket))]!++;
  }
  return counts.map((c, i) => [Math.min(xMax, (i + 0.5) * bucket), c / bucket]);
}

export function renderSvgChart(report: ScenarioReport): string {
  const ends = report.runs.map((r) => r.end ?? r.start);
  const xMax = Math.max(report.wallS, ...ends, ...report.timeline.map((p) => p.t), 1);
  const latency: Series[] = [
    {
      name: "end to end, per workflow",
      kind: "dots",
      points: report.runs
        .filter((r) => r.status === "completed" && r.end !== null)
        .map((r) => [r.end!, (r.end! - r.start) * 1000]),
    },
  ];
  const p95 = report.latencyMs.endToEnd.p95;
  if (p95 !== null) {
    latency.push({
      name: `P95 ${Math.round(p95)} ms`,
      kind: "line",
      dashed: true,
      points: [
        [0, p95],
        [xMax, p95],
      ],
    });
  }
  const load: Series[] = [
    { name: "completed/s", kind: "line", points: throughputSeries(report, xMax) },
    { name: "in flight", kind: "step", points: report.timeline.map((p) => [p.t, p.inFlight]) },
    {
      name: "aimed at",
      kind: "step",
      dashed: true,
      points: report.timeline.map((p) => [p.t, p.target]),
    },
  ];
  // Pipeline order: intake, then the stages as the latency table lists them.
  const order = ["intake", ...Object.keys(report.latencyMs.stages)];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const stages = [...new Set(report.timeline.flatMap((p) => Object.keys(p.workers)))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const workers: Series[] = stages.map((s, i) => ({
    name: s,
    kind: "step",
    nudgePx: i * 1.5,
    points: report.timeline.map((p) => [p.t, p.workers[s] ?? 0]),
  }));
  const memory: Series[] = report.processes
    .filter((p) => p.rssSeries?.length)
    .map((p) => ({ name: p.key, kind: "line", points: p.rssSeries! }));
  const panels = [
    panel(0, "Latency (end to end)", "ms", xMax, latency),
    panel(1, "Throughput and workflows in flight", "workflows", xMax, load),
    panel(2, "Actor processes per stage", "processes", xMax, workers),
  ];
  if (memory.length) panels.push(panel(3, "RSS per process", "MB", xMax, memory));
  const height = TOP + panels.length * (PANEL_H + GAP) + 10;
  const title = `seo-farm ${report.scenario}: ${report.workflows.completed}/${report.workflows.submitted} completed in ${report.wallS} s (x: seconds since the first submit)`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${xmlEscape(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="18" font-size="14" font-weight="bold">${xmlEscape(title)}</text>`,
    ...panels,
    "</svg>",
    "",
  ].join("\n");
}
