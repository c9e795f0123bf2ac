/** Path parameters the routes share, checked once: a bad one is a 400 naming it. */
import { InvalidRequestError } from "../core/errors.ts";
import { WORKFLOW_ID_PATTERN } from "../core/subjects.ts";

/** A workflow id from a path, or a 400 problem naming `id`. */
export function workflowIdParam(id: string): string {
  if (!WORKFLOW_ID_PATTERN.test(id)) {
    throw new InvalidRequestError([
      { field: "id", message: "must be 1–100 characters of [A-Za-z0-9_-]" },
    ]);
  }
  return id;
}
