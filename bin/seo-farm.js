#!/usr/bin/env node
// The seo-farm CLI. The TypeScript is compiled to dist/ by `npm run build` (npm start and
// npm test do it for you); this shim only finds it.
import { existsSync } from "node:fs";

const cli = new URL("../dist/bin/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error(
    "seo-farm is not built yet: run `npm run setup` (or `npm start`) in the project folder.",
  );
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
