/** Workflow ids made by seo-farm: time-ordered (they sort by creation), 22 characters. */

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export function newWorkflowId(now = Date.now()): string {
  const time = now.toString(36).padStart(10, "0");
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b % 36];
  return `${time}${rand}`;
}
