/**
 * Workflow events on `seo.events.<id>.<kind>`, captured by the SEO_EVENTS stream for the
 * gateway's progress stream and the dashboard. JSON, so any client can read them. Published
 * with plain NATS publish: an event is progress news, not a unit of work.
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { type EventKind, eventSubject } from "./subjects.ts";

export interface WorkflowEvent {
  workflowId: string;
  kind: EventKind;
  at: number;
  [field: string]: unknown;
}

const encoder = new TextEncoder();

export function publishEvent(
  nc: NatsConnection,
  workflowId: string,
  kind: EventKind,
  data: Record<string, unknown> = {},
): void {
  const event: WorkflowEvent = { workflowId, kind, at: Date.now(), ...data };
  nc.publish(eventSubject(workflowId, kind), encoder.encode(JSON.stringify(event)));
}
