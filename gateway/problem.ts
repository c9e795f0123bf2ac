/**
 * RFC 9457 problem details: every error answer is `application/problem+json` with a stable
 * `type`, and for validation errors the list of fields that are wrong.
 */
import type { FieldIssue } from "../core/errors.ts";
import { redactSecrets } from "../core/secrets.ts";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const TYPE_BASE = "https://seo-farm.dev/problems/";

export function problem(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `${TYPE_BASE}${slug}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(redactSecrets(JSON.stringify(p)), {
    status: p.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, ...headers },
  });
}
