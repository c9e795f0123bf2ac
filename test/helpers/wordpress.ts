/**
 * Starts a real WordPress for a test: Debian's `wordpress` package (/usr/share/wordpress)
 * served by `php -S` on a random port, on a fresh MariaDB database of its own (a random
 * name, dropped on stop), with the test mu-plugin (test/fixtures/wordpress/) that registers
 * the SEO meta fields. Nothing is written outside a temp dir and that database: the router
 * script loads WordPress with the test's own wp-config.php, so Debian's, which looks in
 * /etc/wordpress, is never read.
 *
 * Needs `php` (php-cli, php-mysql) and `wordpress` from Debian, and a MariaDB/MySQL server:
 * WORDPRESS_TEST_DB_HOST (default 127.0.0.1:3306), WORDPRESS_TEST_DB_USER (root),
 * WORDPRESS_TEST_DB_PASSWORD (empty); PHP_BIN and WORDPRESS_DIR override where php and
 * WordPress are.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, haltNatsServer } from "./nats-server.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURES = join(ROOT, "test", "fixtures", "wordpress");
const PHP = process.env.PHP_BIN ?? "php";
const WORDPRESS_DIR = process.env.WORDPRESS_DIR ?? "/usr/share/wordpress";

export interface WordPressOptions {
  /** Pretty permalinks (`/%postname%/`, the API at /wp-json/); off: only ?rest_route=. @default true */
  permalinks?: boolean;
  /** The REST API's `Link` header on pages; off: clients must probe for the API. @default true */
  restLinkHeader?: boolean;
  /** The test plugin registers the SEO meta fields; off: a site without them. @default true */
  meta?: boolean;
  /** Print the PHP server's log to stderr. @default false */
  debug?: boolean;
}

export interface TestWordPress extends AsyncDisposable {
  /** The site's address, `http://127.0.0.1:<port>`. */
  url: string;
  /** The administrator. */
  username: string;
  applicationPassword: string;
  /** A user with the author role: may publish, may not post `<script>` (no unfiltered_html). */
  author: { username: string; applicationPassword: string };
  /** The database, for a test that wants to look. */
  database: string;
  stop(): Promise<void>;
}

/**
 * Why a WordPress cannot be started here (what is missing), or undefined when it can.
 */
export function wordPressMissing(): string | undefined {
  const php = spawnSync(PHP, ["-r", 'exit(extension_loaded("mysqli") ? 0 : 3);']);
  if (php.error) return `php not found (${PHP}): apt-get install php-cli php-mysql`;
  if (php.status === 3) return "php has no mysqli extension: apt-get install php-mysql";
  if (!existsSync(join(WORDPRESS_DIR, "wp-settings.php"))) {
    return `no WordPress in ${WORDPRESS_DIR}: apt-get install wordpress`;
  }
  return undefined;
}

/**
 * The `skip` of a test that needs WordPress: the reason when it is missing, except in CI
 * (CI=true), where a missing WordPress must fail the test, not hide it.
 */
export function wordPressSkip(): string | false {
  const missing = wordPressMissing();
  if (!missing || process.env.CI === "true") return false;
  return `${missing} (CI installs it: .ci/run)`;
}

function dbEnv(name: string): Record<string, string> {
  return {
    SEO_FARM_WP_DB_NAME: name,
    SEO_FARM_WP_DB_HOST: process.env.WORDPRESS_TEST_DB_HOST ?? "127.0.0.1:3306",
    SEO_FARM_WP_DB_USER: process.env.WORDPRESS_TEST_DB_USER ?? "root",
    SEO_FARM_WP_DB_PASSWORD: process.env.WORDPRESS_TEST_DB_PASSWORD ?? "",
  };
}

/** Runs install.php; resolves with its stdout. */
function runInstallScript(mode: "install" | "drop", env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      PHP,
      [join(FIXTURES, "install.php"), mode],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`php install.php ${mode} failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

function phpString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function wpConfig(dir: string, url: string, db: Record<string, string>): string {
  const salt = randomBytes(24).toString("hex");
  const keys = ["AUTH", "SECURE_AUTH", "LOGGED_IN", "NONCE"].flatMap((k) => [
    `${k}_KEY`,
    `${k}_SALT`,
  ]);
  return [
    "<?php",
    "// The test WordPress's configuration (test/helpers/wordpress.ts); Debian's is not read.",
    `define('DB_NAME', ${phpString(db.SEO_FARM_WP_DB_NAME ?? "")});`,
    `define('DB_USER', ${phpString(db.SEO_FARM_WP_DB_USER ?? "")});`,
    `define('DB_PASSWORD', ${phpString(db.SEO_FARM_WP_DB_PASSWORD ?? "")});`,
    `define('DB_HOST', ${phpString(db.SEO_FARM_WP_DB_HOST ?? "")});`,
    "define('DB_CHARSET', 'utf8mb4');",
    "define('DB_COLLATE', '');",
    "$table_prefix = 'wp_';",
    ...keys.map((k) => `define('${k}', ${phpString(`${k}-${salt}`)});`),
    `define('ABSPATH', ${phpString(WORDPRESS_DIR.endsWith("/") ? WORDPRESS_DIR : `${WORDPRESS_DIR}/`)});`,
    `define('WP_CONTENT_DIR', ${phpString(join(dir, "wp-content"))});`,
    `define('WP_HOME', ${phpString(url)});`,
    `define('WP_SITEURL', ${phpString(url)});`,
    "define('WP_DEBUG', false);",
    "define('DISABLE_WP_CRON', true);",
    "define('AUTOMATIC_UPDATER_DISABLED', true);",
    "define('WP_HTTP_BLOCK_EXTERNAL', true);",
    "require_once ABSPATH . 'wp-settings.php';",
    "",
  ].join("\n");
}

export async function startWordPress(opts: WordPressOptions = {}): Promise<TestWordPress> {
  const missing = wordPressMissing();
  if (missing) throw new Error(`cannot start WordPress: ${missing}`);
  const dir = mkdtempSync(join(tmpdir(), "seo-farm-wordpress-"));
  const database = `seofarm_wp_${randomBytes(6).toString("hex")}`;
  const db = dbEnv(database);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configPath = join(dir, "wp-config.php");
  for (const sub of ["mu-plugins", "plugins", "themes", "uploads"]) {
    mkdirSync(join(dir, "wp-content", sub), { recursive: true });
  }
  copyFileSync(
    join(FIXTURES, "seo-farm-test-seo-meta.php"),
    join(dir, "wp-content", "mu-plugins", "seo-farm-test-seo-meta.php"),
  );
  writeFileSync(configPath, wpConfig(dir, url, db));

  let server: ChildProcess | undefined;
  let installed = false;
  /** Stops the server, drops the database, removes the temp dir; safe to call twice. */
  const cleanup = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s) await haltNatsServer(s, "SIGTERM");
    if (installed) await runInstallScript("drop", db).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const username = "admin";
    installed = true; // from here on the database may exist: drop it on failure
    const out = await runInstallScript("install", {
      ...db,
      SEO_FARM_WP_CONFIG: configPath,
      SEO_FARM_WP_INSTALL: JSON.stringify({
        url,
        title: "seo-farm test site",
        username,
        password: randomBytes(16).toString("hex"),
        email: "admin@example.com",
        permalinks: opts.permalinks ?? true,
        hideRestLink: opts.restLinkHeader === false,
        noMeta: opts.meta === false,
      }),
    });
    const creds = JSON.parse(out) as {
      applicationPassword: string;
      author: { username: string; applicationPassword: string };
    };
    // The CLI server leaves opcache off by default; on, each request skips compiling WordPress.
    const args = ["-d", "opcache.enable_cli=1", "-S", `127.0.0.1:${port}`, "-t", dir];
    server = spawn(PHP, [...args, join(FIXTURES, "router.php")], {
      env: { ...process.env, SEO_FARM_WP_CONFIG: configPath },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    server.stderr?.on("data", (d: Buffer) => {
      if (opts.debug) process.stderr.write(d);
      else log = (log + d.toString()).slice(-4000);
    });
    await waitForHttp(url, server, () => log);
    return {
      url,
      username,
      applicationPassword: creds.applicationPassword,
      author: creds.author,
      database,
      stop: cleanup,
      [Symbol.asyncDispose]: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Resolves once the server answers HTTP at all; rejects if it exits or takes 15 s. */
async function waitForHttp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`php -S exited with ${child.exitCode}:\n${log()}`);
    try {
      await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`php -S did not answer in 15 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
