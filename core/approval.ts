/**
 * Publishing that waits for a person. The publish stage of a site with `publish.approval`
 * parks the workflow as `awaiting_approval` (its article readable, its publish-stage message
 * kept as an artifact). Approving writes the approval into the state with compare-and-set,
 * then asks intake — through `seo.submit`, the one subject the gateway may publish work to —
 * to send the kept message to the publish stage again. Both steps are safe to repeat: a
 * second approval of an approved workflow only asks again, and the stage message carries a
 * `Nats-Msg-Id` of its own, so it is queued once.
 */
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { WorkflowState, WorkflowStore } from "./state.ts";
import { SUBJECT_SUBMIT } from "./subjects.ts";

/** Header that makes a `seo.submit` message a command instead of a request. */
export const HEADER_COMMAND = "Seo-Farm-Command";
export const COMMAND_APPROVE = "approve";

/** The artifact holding a parked workflow's publish-stage message. */
export function approvalArtifactName(workflowId: string): string {
  return `approval.${workflowId}.json`;
}

export type ApproveOutcome =
  | { outcome: "approved"; state: WorkflowState }
  | { outcome: "unknown" }
  | { outcome: "not-awaiting"; state: WorkflowState };

/** Approved and not yet published: an approval whose command may not have been sent. */
function approvedPending(s: WorkflowState): boolean {
  return s.status === "running" && s.approval?.approvedAt !== undefined;
}

export async function approveWorkflow(
  js: JetStreamClient,
  store: WorkflowStore,
  id: string,
  by: string,
): Promise<ApproveOutcome> {
  const current = await store.get(id);
  if (!current) return { outcome: "unknown" };
  let state = current.state;
  if (state.status === "awaiting_approval") {
    const res = await store.update(id, (s) => {
      if (s.status !== "awaiting_approval") return null;
      s.status = "running";
      s.approval = {
        requestedAt: s.approval?.requestedAt ?? Date.now(),
        approvedAt: Date.now(),
        by,
      };
      return s;
    });
    if (!res) return { outcome: "unknown" };
    state = res.state;
  }
  if (!approvedPending(state)) return { outcome: "not-awaiting", state };
  const h = natsHeaders();
  h.set(HEADER_COMMAND, COMMAND_APPROVE);
  h.set("Content-Type", "application/json");
  await js.publish(SUBJECT_SUBMIT, new TextEncoder().encode(JSON.stringify({ workflowId: id })), {
    headers: h,
    msgID: `approve.${id}`,
  });
  return { outcome: "approved", state };
}
