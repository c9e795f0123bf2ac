/**
 * The live queue chart: per stage, the backlog over the last readings of `GET /v1/stats` as
 * a sparkline (one scale for all stages, so they compare), the backlog now, and the actor
 * processes serving the stage (busy / all).
 */
import type { StatsView } from "../routes/stats.ts";
import { h, svg } from "./dom.ts";

/** Readings kept: two minutes at one reading every two seconds. */
const HISTORY = 60;
const WIDTH = 120;
const HEIGHT = 28;

export class QueueChart {
  readonly #history = new Map<string, number[]>();
  #last: StatsView | undefined;

  constructor(
    readonly body: HTMLTableSectionElement,
    readonly footer: HTMLElement,
  ) {}

  push(stats: StatsView): void {
    this.#last = stats;
    for (const s of stats.stages) {
      const series = this.#history.get(s.stage) ?? [];
      series.push(s.backlog);
      if (series.length > HISTORY) series.shift();
      this.#history.set(s.stage, series);
    }
    this.render();
  }

  render(): void {
    const stats = this.#last;
    if (!stats) return;
    // A floor keeps a backlog of 1 from filling the chart.
    const peak = Math.max(5, ...[...this.#history.values()].flat());
    this.body.replaceChildren(
      ...stats.stages.map((s) => {
        const series = this.#history.get(s.stage) ?? [];
        return h(
          "tr",
          { "data-stage": s.stage },
          h("th", { scope: "row" }, s.stage),
          h("td", {}, sparkline(s.stage, series, peak)),
          h("td", { class: "num", "data-field": "backlog" }, s.backlog),
          h(
            "td",
            { class: "num", "data-field": "workers" },
            h("span", { class: s.active > 0 ? "busy" : "" }, `${s.active}`),
            ` / ${s.workers}`,
          ),
        );
      }),
    );
    this.footer.textContent = `${stats.actors} actor process${stats.actors === 1 ? "" : "es"} · read ${new Date(stats.at).toLocaleTimeString()}`;
  }
}

function sparkline(stage: string, series: number[], peak: number): SVGSVGElement {
  const step = WIDTH / (HISTORY - 1);
  const x0 = WIDTH - (series.length - 1) * step;
  const points = series.map((v, i) => {
    const x = (x0 + i * step).toFixed(1);
    const y = (HEIGHT - 1 - (v / peak) * (HEIGHT - 2)).toFixed(1);
    return `${x},${y}`;
  });
  const now = series.at(-1) ?? 0;
  const label = `${stage} backlog over the last ${series.length} readings: now ${now}, peak ${Math.max(0, ...series)}`;
  const chart = svg(
    "svg",
    {
      class: "spark",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      width: WIDTH,
      height: HEIGHT,
      role: "img",
      "aria-label": label,
    },
    svg("line", { class: "base", x1: 0, y1: HEIGHT - 1, x2: WIDTH, y2: HEIGHT - 1 }),
  );
  if (points.length > 1) {
    chart.append(
      svg("polygon", {
        class: "area",
        points: `${x0.toFixed(1)},${HEIGHT - 1} ${points.join(" ")} ${WIDTH},${HEIGHT - 1}`,
      }),
      svg("polyline", { class: "line", points: points.join(" ") }),
    );
  }
  return chart;
}
