/**
 * Reading a stage output that came from outside the pipeline (a rerun's edited outputs, or
 * stored ones reused) field by field against the shape its assistant produces. Each reader
 * adds an issue naming the field's JSON path when the value does not fit and answers
 * undefined, so one pass lists every wrong field. Fields it is not asked about are ignored:
 * later stages read only the ones they know.
 */
import type { FieldIssue } from "../../core/errors.ts";

export interface StringRule {
  /** A blank string is refused. @default false */
  nonEmpty?: boolean;
  /** The string must match. */
  pattern?: { test: RegExp; says: string };
  /** Most characters. */
  maxLength?: number;
}

export interface NumberRule {
  /** Whole numbers only. @default false */
  integer?: boolean;
  min?: number;
  max?: number;
}

export interface ListRule {
  /** Fewest items. @default 0 */
  min?: number;
  /** Most items. */
  max?: number;
}

/** An object's fields before they are checked: any of T's keys, any value. */
export type Unchecked<T> = { readonly [K in keyof T]?: unknown };

/**
 * Issues kept of one output: enough to fix it by, while a long list of wrong items (a body
 * can hold thousands) cannot make the answer or the dead letter's reason huge.
 */
export const MAX_OUTPUT_ISSUES = 20;

/** Collects the issues of one output; readers return undefined where the value is wrong. */
export class OutputShape {
  readonly issues: FieldIssue[] = [];

  issue(field: string, message: string): void {
    if (this.issues.length < MAX_OUTPUT_ISSUES) this.issues.push({ field, message });
  }

  /** An object (not an array, not null); `optional` lets undefined pass without an issue. */
  object(v: unknown, field: string, optional = false): Record<string, unknown> | undefined {
    if (v === undefined && optional) return undefined;
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      this.issue(field, `must be an object (got ${describeValue(v)})`);
      return undefined;
    }
    return v as Record<string, unknown>;
  }

  /**
   * An object read as the fields of T, unchecked: a check that names a field T does not have
   * fails to compile, so an output type and its check cannot drift apart by a rename.
   */
  fields<T>(v: unknown, field: string, optional = false): Unchecked<T> | undefined {
    return this.object(v, field, optional) as Unchecked<T> | undefined;
  }

  string(v: unknown, field: string, rule: StringRule = {}): string | undefined {
    if (typeof v !== "string") {
      this.issue(
        field,
        `must be a ${rule.nonEmpty ? "non-empty " : ""}string (got ${describeValue(v)})`,
      );
      return undefined;
    }
    if (rule.nonEmpty && v.trim() === "") {
      this.issue(field, "must be a non-empty string");
      return undefined;
    }
    if (rule.maxLength !== undefined && v.length > rule.maxLength) {
      this.issue(field, `must be at most ${rule.maxLength} characters (got ${v.length})`);
      return undefined;
    }
    if (rule.pattern && !rule.pattern.test.test(v)) {
      this.issue(field, `must be ${rule.pattern.says} (got ${describeValue(v)})`);
      return undefined;
    }
    return v;
  }

  /** A finite number (JSON has no other kind, but a decoded payload might). */
  number(v: unknown, field: string, rule: NumberRule = {}): number | undefined {
    const { integer = false, min, max } = rule;
    const ok =
      typeof v === "number" &&
      Number.isFinite(v) &&
      (!integer || Number.isInteger(v)) &&
      (min === undefined || v >= min) &&
      (max === undefined || v <= max);
    if (!ok) {
      const kind = integer ? "an integer" : "a number";
      const range =
        min !== undefined && max !== undefined
          ? ` from ${min} to ${max}`
          : min !== undefined
            ? ` ≥ ${min}`
            : max !== undefined
              ? ` ≤ ${max}`
              : "";
      this.issue(field, `must be ${kind}${range} (got ${describeValue(v)})`);
      return undefined;
    }
    return v as number;
  }

  boolean(v: unknown, field: string): boolean | undefined {
    if (typeof v !== "boolean") {
      this.issue(field, `must be true or false (got ${describeValue(v)})`);
      return undefined;
    }
    return v;
  }

  /** One of a few strings. */
  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
      this.issue(field, `must be one of ${allowed.join(", ")} (got ${describeValue(v)})`);
      return undefined;
    }
    return v as T;
  }

  /** A list of strings: named as a whole, the way a reader of the message thinks of it. */
  strings(v: unknown, field: string): string[] | undefined {
    if (!Array.isArray(v)) {
      this.issue(field, `must be a list of strings (got ${describeValue(v)})`);
      return undefined;
    }
    const at = v.findIndex((s) => typeof s !== "string");
    if (at !== -1) {
      this.issue(field, `must be a list of strings (item ${at} is ${describeValue(v[at])})`);
      return undefined;
    }
    return v as string[];
  }

  /** A list whose items `each` reads, each named `field[i]`. */
  list(
    v: unknown,
    field: string,
    each: (item: unknown, field: string) => void,
    rule: ListRule = {},
  ): unknown[] | undefined {
    if (!Array.isArray(v)) {
      this.issue(field, `must be a list (got ${describeValue(v)})`);
      return undefined;
    }
    const { min = 0, max } = rule;
    if (v.length < min || (max !== undefined && v.length > max)) {
      const between = max === undefined ? `at least ${min}` : `${min} to ${max}`;
      this.issue(field, `must have ${between} items (got ${v.length})`);
      return undefined;
    }
    for (const [i, item] of v.entries()) each(item, `${field}[${i}]`);
    return v;
  }
}

/** A value as a message shows it: short, and never a whole document. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "object") return "an object";
  return String(v);
}
