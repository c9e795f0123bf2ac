#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when they are missing or stale,
// builds the TypeScript when the build is older than the sources, and installs Debian's
// nats-server when it is missing (as root; otherwise it says what to run); for the tests,
// Debian's prometheus, chromium and wordpress (with php) too.
// Plain JavaScript with no dependencies, because it runs before `npm ci` has.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

process.env.DEBIAN_FRONTEND ??= "noninteractive";
const root = fileURLToPath(new URL("..", import.meta.url));
const quiet = process.argv.includes("--quiet");
const say = (line) => {
  if (!quiet) console.error(`[setup] ${line}`);
};

function run(cmd, args) {
  say(`${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith("."))
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    // The dashboard's sources (gateway/web) and its build script count too.
    else if (/\.(ts|json|md|css|html|svg|mjs)$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// 1. npm dependencies: `npm ci` when node_modules is missing or older than the lock file.
const lock = join(root, "package-lock.json");
const marker = join(root, "node_modules", ".package-lock.json");
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

// 2. nats-server: the stack and the tests start their own; Debian packages it.
const hasNats = spawnSync("sh", ["-c", "command -v nats-server"], { stdio: "ignore" }).status === 0;
if (!hasNats && !process.env.NATS_SERVER_BIN) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    say("nats-server is missing: installing Debian's package");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "nats-server"]);
  } else {
    console.error(
      "[setup] nats-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install nats-server`), " +
        "set NATS_SERVER_BIN to its path, or point NATS_URL at a running server with JetStream.",
    );
    if (process.argv.includes("--test")) process.exit(1);
  }
}

// 2b. For the tests only: Debian packages some tests drive for real; without them those
// tests skip and say why.
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
function installForTests(pkgs, present, what) {
  if (!process.argv.includes("--test") || present) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const pkg = [pkgs].flat().join(" ");
  if (isRoot && has("apt-get")) {
    say(`${pkg} is missing: installing Debian's package (for ${what})`);
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...[pkgs].flat()]);
  } else {
    say(
      `${pkg} is not installed: ${what} will be skipped (Debian/Ubuntu: \`sudo apt-get install ${pkg}\`)`,
    );
  }
}
// Prometheus and promtool: the metrics tests scrape with a real one.
installForTests("prometheus", has("prometheus") && has("promtool"), "the Prometheus tests");
// Chromium for the dashboard's browser test (playwright-core downloads no browser of its own).
installForTests(
  "chromium",
  has("chromium") || Boolean(process.env.CHROMIUM_PATH),
  "the dashboard's browser test",
);
// WordPress served by PHP's built-in server, for the WordPress publisher's test (it uses the
// MariaDB at 127.0.0.1:3306, or WORDPRESS_TEST_DB_HOST).
installForTests(
  ["wordpress", "php-cli", "php-mysql"],
  has("php") &&
    spawnSync("php", ["-r", 'exit(extension_loaded("mysqli") ? 0 : 1);']).status === 0 &&
    existsSync("/usr/share/wordpress/wp-settings.php"),
  "the WordPress publisher's test",
);

// 3. Build when any source is newer than the last build.
const stamp = join(root, "dist", ".build-stamp");
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (newestMtime(root) > built) {
  run("npm", ["run", "--silent", "build"]);
  execFileSync(process.execPath, [
    "-e",
    `require("fs").writeFileSync(${JSON.stringify(stamp)}, "")`,
  ]);
}
