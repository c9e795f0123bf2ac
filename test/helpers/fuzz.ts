/**
 * Property-based fuzzing settings shared by the fuzz tests: how many cases (`FUZZ_RUNS`,
 * default 1000 per target), a seed to replay (`FUZZ_SEED`, and `FUZZ_PATH` to jump to the
 * shrunk counterexample), and a failure message that always carries the seed and the
 * command that replays it.
 */
import fc from "fast-check";

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Runs a property; on failure throws fast-check's report plus the replay command. */
export async function fuzz<Ts>(
  target: string,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  opts: { numRuns?: number } = {},
): Promise<void> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const path = process.env.FUZZ_PATH;
  const out = await fc.check(property as fc.IAsyncProperty<Ts>, {
    numRuns: opts.numRuns ?? FUZZ_RUNS,
    ...(seed !== undefined ? { seed } : {}),
    ...(path ? { path } : {}),
    // Every case talks to real servers: shrinking a few steps is enough to read the case.
    endOnFailure: false,
  });
  if (out.failed) {
    const replay = `FUZZ_SEED=${out.seed} FUZZ_PATH=${out.counterexamplePath ?? ""}`;
    // Printed as well as thrown: a test runner may cut a long assertion message.
    console.error(`[fuzz] ${target} failed; replay with ${replay}`);
    throw new Error(
      `${target}: ${String(out.errorInstance ?? "")}\n${fc.defaultReportMessage(out)}\nreplay with: ${replay}`,
    );
  }
  console.log(`[fuzz] ${target}: ${out.numRuns} cases passed (seed ${out.seed})`);
}

/** Characters that break naive text handling: surrogates, bidi, zero-width, NUL, newlines. */
export const ODD_CHARS = [
  "\ud800",
  "\udfff",
  "\ud83d\ude00",
  "\u202e",
  "\u200f",
  "\u200b",
  "\u200d",
  "\ufeff",
  "\u0000",
  "\u0007",
  "\u0085",
  "\u2028",
  "\r\n",
  "\t",
  "🏃‍♀️",
  "ǅ",
  "e\u0301",
  "\ufdfd",
  "<",
  '"',
  "\\",
  "{{input}}",
  "```",
];

/** Strings mixing any code units (lone surrogates included) with the odd characters above. */
export const oddString = (maxLength = 12): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ unit: "binary", maxLength: 4 }), fc.constantFrom(...ODD_CHARS)), {
      maxLength,
    })
    .map((parts) => parts.join(""));

/** A JSON text nested `depth` levels deep in arrays or objects. */
export function deepJson(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}
