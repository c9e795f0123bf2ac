/**
 * Server-Sent Events over `fetch`: `EventSource` cannot send an `Authorization` header, and
 * the API key must not travel in a URL (logs, history). The parser reads the event stream
 * format as the gateway writes it: `id`, `event` and `data` lines, comments, blocks ended by
 * a blank line, `\n` line ends.
 */
import { ApiError } from "./api.ts";

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Splits a growing text buffer into complete events; returns them and the unfinished rest. */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let start = 0;
  for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n", start)) {
    const block = buffer.slice(start, end);
    start = end + 2;
    const e: SseEvent = { event: "message", data: "" };
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") data.push(value);
      else if (field === "event") e.event = value;
      else if (field === "id") e.id = value;
    }
    if (data.length > 0) {
      e.data = data.join("\n");
      events.push(e);
    }
  }
  return { events, rest: buffer.slice(start) };
}

export interface StreamOptions {
  headers: Record<string, string>;
  /** Resume after this event id. */
  lastEventId?: string;
  signal: AbortSignal;
  onEvent(e: SseEvent): void;
}

/**
 * Reads the event stream at `url` until the server ends it or the signal aborts (resolves),
 * or the connection fails (rejects; the caller resumes after the last event it was given).
 */
export async function readEventStream(url: string, opts: StreamOptions): Promise<void> {
  const res = await fetch(url, {
    headers: {
      Accept: "text/event-stream",
      ...opts.headers,
      ...(opts.lastEventId ? { "Last-Event-ID": opts.lastEventId } : {}),
    },
    signal: opts.signal,
    cache: "no-store",
  });
  if (!res.ok || !res.body) throw new ApiError(res.status, `events: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const parsed = parseSse(buffer + value);
      buffer = parsed.rest;
      for (const e of parsed.events) opts.onEvent(e);
    }
  } catch (err) {
    if (opts.signal.aborted) return;
    throw err;
  } finally {
    reader.releaseLock();
  }
}
