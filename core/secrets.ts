/**
 * Secrets never leave the process in text: API keys (the providers', the gateway's, the
 * metrics token) are registered once when the configuration is read, and every log line,
 * LLM error message, span error and problem body passes through `redactSecrets`, which
 * replaces any occurrence with `[redacted]`. This is the last line of defence — no code
 * means to print a key — for the day a provider echoes a key back in an error.
 */
const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Values shorter than this are not treated as secrets (they would redact ordinary words). */
export const MIN_SECRET_LENGTH = 8;

export const REDACTED = "[redacted]";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Registers values to redact from now on, in this process. */
export function registerSecrets(...values: Array<string | undefined>): void {
  let added = false;
  for (const v of values) {
    const s = v?.trim();
    if (!s || s.length < MIN_SECRET_LENGTH || secrets.has(s)) continue;
    secrets.add(s);
    added = true;
  }
  if (!added) return;
  // Longest first, so a key that contains another is replaced whole.
  const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
  pattern = new RegExp(alternatives.join("|"), "g");
}

/** The text with every registered secret replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return pattern ? text.replace(pattern, REDACTED) : text;
}
