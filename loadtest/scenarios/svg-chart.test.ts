import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseScenarioOptions } from "./options.ts";
import { buildReport } from "./report.ts";
import { niceStep, renderSvgChart, xmlEscape } from "./svg-chart.ts";
import { syntheticRun } from "./test-fixtures.ts";

/**
 * A small well-formedness check (no XML parser in the dependencies): one root, every tag
 * closed in order, attributes quoted, no raw `<` or stray `&` in text or attribute values.
 */
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, `stray & in text: ${text}`);
    if (stack.length === 0) assert.equal(text.trim(), "", `text outside the root: ${text}`);
    if (lt === -1) break;
    tagRe.lastIndex = lt;
    const m = tagRe.exec(body);
    assert.ok(m, `malformed tag at ${lt}: ${body.slice(lt, lt + 80)}`);
    const [, closing, name, attrs, selfClosing] = m;
    for (const v of attrs!.matchAll(/="([^"]*)"/g)) {
      assert.doesNotMatch(v[1]!, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, `stray & in ${v[1]}`);
    }
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
    i = tagRe.lastIndex;
  }
  assert.deepEqual(stack, [], "every element is closed");
  assert.equal(roots, 1, "one root element");
}

describe("SVG chart", () => {
  test("is well-formed XML with a panel for latency, throughput and workers", () => {
    const o = parseScenarioOptions("loadtest", {});
    const svg = renderSvgChart(buildReport(o, syntheticRun(20)));
    assertWellFormedXml(svg);
    assert.match(svg, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
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
