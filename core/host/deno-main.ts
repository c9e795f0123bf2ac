/**
 * Runs a Deno entry's command (`deno run … actors/main-deno.ts --stage S`) the way
 * `bin/cli.ts` runs one on Node: bad flags exit 2, our own errors print one line and exit 1,
 * and a finished command ends the process even if a library left a handle open.
 */
import { errorMessage, SeoFarmError } from "../errors.ts";

export async function runDenoMain(
  command: string,
  run: (argv: string[]) => Promise<number>,
): Promise<never> {
  let code: number;
  try {
    code = await run(Deno.args);
  } catch (err) {
    if (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`seo-farm ${command}: ${err.message}`);
      code = 2;
    } else {
      if (err instanceof SeoFarmError || err instanceof TypeError || err instanceof RangeError) {
        console.error(`seo-farm: ${errorMessage(err)}`);
      } else {
        console.error(err);
      }
      code = 1;
    }
  }
  Deno.exit(code);
}
