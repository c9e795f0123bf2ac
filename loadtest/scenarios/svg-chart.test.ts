import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseScenarioOptions } from "./options.ts";
import { buildReport } from "./report.ts";
import { niceStep, renderSvgChart, xmlEscape } from "./svg-chart.ts";
import { assertWellFormedXml, syntheticRun } from "./test-fixtures.ts";

describe("SVG chart", () => {
  test("is well-formed XML with a panel for latency, throughput and workers", () => {
    const o = parseScenarioOptions("loadtest", {});
    const svg = renderSvgChart(buildReport(o, syntheticRun(20)));
    assertWellFormedXml(svg);
    assert.match(svg, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<title>seo-farm loadtest: 19\/20 completed/, "a title for screen readers");
    assert.equal(svg.match(/<g class="panel">/g)?.length, 3);
    assert.match(svg, /Latency \(end to end\)/);
    assert.match(svg, /Actor processes per stage/);
    assert.ok((svg.match(/<circle /g)?.length ?? 0) === 19, "a dot per completed workflow");
  });

  test("adds an RSS panel with --monitor-memory and escapes every name", () => {
    const o = parseScenarioOptions("memtest", { "monitor-memory": true });
    const data = syntheticRun(10);
    data.processes[1]!.key = `actor:<draft>&"x"`;
    for (const s of data.samples) {
      const p = s.processes["actor:research#2"]!;
      delete s.processes["actor:research#2"];
      s.processes[`actor:<draft>&"x"`] = p;
    }
    const svg = renderSvgChart(buildReport(o, data));
    assertWellFormedXml(svg);
    assert.equal(svg.match(/<g class="panel">/g)?.length, 4);
    assert.match(svg, /actor:&lt;draft&gt;&amp;&quot;x&quot;/);
  });

  test("an empty run still draws a valid chart", () => {
    const data = syntheticRun(0, { seconds: 0 });
    const svg = renderSvgChart(buildReport(parseScenarioOptions("loadtest", {}), data));
    assertWellFormedXml(svg);
    assert.doesNotMatch(svg, /NaN|Infinity/);
  });

  test("the checker itself refuses broken XML", () => {
    assert.throws(() => assertWellFormedXml("<svg><g></svg>"));
    assert.throws(() => assertWellFormedXml("<svg><text>a & b</text></svg>"));
    assert.throws(() => assertWellFormedXml('<svg x="1"></svg><svg></svg>'));
  });

  test("helpers: escaping and tick steps", () => {
    assert.equal(xmlEscape(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    assert.equal(niceStep(100), 50);
    assert.equal(niceStep(7), 2);
    assert.equal(niceStep(0), 1);
  });
});
