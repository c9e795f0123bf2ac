/**
 * `Idempotency-Key` on `POST /v1/workflows`: a retried create makes no second workflow.
 * The key (scoped to the API key that sent it) decides the workflow id, so the existing
 * machinery answers: the workflow state (or, just after the first submit, JetStream's
 * duplicate window on `Nats-Msg-Id`) says the create already happened. The same key with a
 * different request is a 409. No extra storage, and the guarantee lasts as long as the
 * workflow's record.
 */
import { canonicalJson, sha256Hex } from "../core/hash.ts";
import type { WorkflowRequest } from "../core/request.ts";

/** Keys are opaque client strings; a UUID is typical. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** The workflow id a create with this idempotency key gets: `ik-` and 26 base-36 digits. */
export async function idempotentWorkflowId(idempotencyKey: string, scope: string): Promise<string> {
  const hex = await sha256Hex(`${scope}\n${idempotencyKey}`);
  let id = "ik-";
  for (let i = 0; i < 26; i++)
    id += ALPHABET[Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 36];
  return id;
}

/** Whether two requests ask for the same thing (field order and defaults aside). */
export function sameRequest(a: WorkflowRequest, b: WorkflowRequest): boolean {
  const strip = (r: WorkflowRequest) => {
    const { id: _id, ...rest } = r;
    return canonicalJson(rest);
  };
  return strip(a) === strip(b);
}
