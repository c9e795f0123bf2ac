/**
 * Keywords from pasted text or an uploaded file: one per line, or a CSV whose first column
 * is the keyword (a `keyword` header line is skipped). Blank lines and repeats are dropped.
 */
export function parseKeywords(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    let k = raw.trim();
    if (k.startsWith('"')) {
      // A quoted CSV field: up to the closing quote, "" standing for one quote.
      const m = /^"((?:[^"]|"")*)"/.exec(k);
      k = m ? m[1]!.replace(/""/g, '"') : k.slice(1);
    } else if (/[,;\t]/.test(k)) {
      k = k.split(/[,;\t]/)[0]!;
    }
    k = k.trim();
    if (k && !(out.size === 0 && /^keywords?$/i.test(k))) out.add(k);
  }
  return [...out];
}
