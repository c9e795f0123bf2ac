/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by playwright-core,
 * against a whole stack with API keys on. A user opens the dashboard, pastes the key,
 * submits a keyword, watches it complete in the live list, opens its timeline and the
 * article preview. The page must run under the gateway's CSP without a single violation.
 * Saves test-artifacts/dashboard.png and prints the navigation timing (for
 * docs/benchmarks.md; not asserted).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { startStack, type TestStack } from "./helpers/stack.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const KEY = "dashboard-secret-0123456789";
const KEYWORD = "browser trail shoes";

const skip = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (Debian/Ubuntu: apt-get install chromium, or set CHROMIUM_PATH)`;

describe("dashboard in Chromium", { skip }, () => {
  let stack: TestStack;
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), "seo-farm-chromium-"));
  /** What the page reported that a user would not want: CSP violations, errors. */
  const problems: string[] = [];

  before(async () => {
    // No actor yet: the test starts one once the page has submitted, so the page must cope
    // with a workflow that is accepted but not yet recorded.
    stack = await startStack({ env: { GATEWAY_API_KEYS: `dash:${KEY}` }, apiKey: KEY });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
    });
    // Every document reports what the Content-Security-Policy blocks.
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      // Failed loads are judged by their responses below.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) {
        problems.push(`console: ${m.text()}`);
      }
    });
    page.on("response", (r) => {
      // The API answers 401 until the key is pasted and 404 until intake records the new
      // workflow: both are the flow under test. Every file must load; no call may fail.
      const api = new URL(r.url()).pathname.startsWith("/v1/");
      if (r.status() >= (api ? 500 : 400)) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  });
  after(async () => {
    await context?.close();
    await stack?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  test("submit a keyword, watch it complete, open its timeline and the article", async () => {
    try {
      await userFlow();
    } catch (err) {
      // A failure leaves what the page showed, for the one reading the CI log.
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "dashboard-failure.png"), fullPage: true });
      throw err;
    }
  });

  async function userFlow(): Promise<void> {
    await page.goto(`${stack.gateway!.url}/dashboard`);
    // Navigation timing, first load and a reload (HTML revalidated, hashed assets cached).
    for (const load of ["first load", "reload"]) {
      if (load === "reload") await page.reload({ waitUntil: "load" });
      await page.waitForLoadState("load");
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const files = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
        return {
          domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
          load: Math.round(nav.loadEventEnd),
          bytes: nav.transferSize + files.reduce((n, f) => n + f.transferSize, 0),
        };
      });
      console.log(
        `dashboard navigation timing (${load}): domContentLoaded ${t.domContentLoaded} ms, load ${t.load} ms, ${t.bytes} bytes transferred`,
      );
    }

    // No key yet: the page says so and opens the key form.
    await page.getByText("This gateway asks for an API key").waitFor();
    await page.getByLabel("API key", { exact: true }).fill(KEY);
    await page.getByRole("button", { name: "Use key" }).click();
    await page.getByText(/^Live/).waitFor();

    await page.getByLabel("Keyword", { exact: true }).fill(KEYWORD);
    await page.getByRole("button", { name: "Write", exact: true }).click();
    // The page opens the new workflow at once; nothing has recorded it yet.
    await page.getByText(`Queued “${KEYWORD}”.`).waitFor();
    assert.equal(await page.locator("#detail-title").textContent(), "Loading…");
    await stack.startActor("all");

    const row = page.locator("#workflow-rows tr", { hasText: KEYWORD });
    await row.locator('[data-status="completed"]').waitFor({ timeout: 60_000 });
    assert.equal(await row.getByRole("progressbar").getAttribute("value"), "6");
    // The open workflow followed its events to the end by itself.
    await page.locator("#detail-title", { hasText: "completed" }).waitFor();
    await row.getByRole("button", { name: KEYWORD }).click();
    await page.getByRole("tab", { name: "Timeline" }).click();
    const stages = page.locator("#panel-timeline .waterfall li");
    await stages.nth(5).waitFor();
    assert.deepEqual(await stages.evaluateAll((els) => els.map((e) => e.dataset.stage)), [
      "research",
      "outline",
      "draft",
      "optimise",
      "review",
      "assemble",
    ]);
    assert.equal(await page.locator("#panel-timeline .bar").count(), 6);

    await page.getByRole("tab", { name: "Article" }).click();
    const heading = page.locator("#panel-article .preview h1");
    await heading.waitFor();
    const h1 = (await heading.textContent()) ?? "";
    assert.ok(h1.toLowerCase().includes(KEYWORD), `the article's heading: ${h1}`);
    assert.ok((await page.locator("#panel-article .preview h2").count()) >= 2);
    await page.getByRole("button", { name: "Copy Markdown" }).waitFor();

    // The queue chart shows the actor serving every stage.
    // (It is read every 2 s, so it may show the actor a moment after the workflow is done.)
    await page
      .locator('#queue-rows tr[data-stage="draft"] [data-field="workers"]', { hasText: /\/ 1$/ })
      .waitFor({ timeout: 10_000 });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
    assert.deepEqual(problems, []);
  }
});
