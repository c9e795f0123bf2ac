/**
 * Templates: `{slot}` placeholders, and an optional leading tag (`[p]`, `[a,g]`) naming the
 * topic kinds a template suits. A template renders only if every slot has a value, which is
 * how keyword-specific grammar opts templates in and out.
 */
import type { TopicKind } from "../lexicon-types.ts";

const TAG = /^\[([a-z,]+)\]\s*/;
const KIND_OF_TAG: Record<string, TopicKind> = { p: "product", a: "activity", g: "general" };

/** The template without its tag. */
export function templateBody(template: string): string {
  return template.replace(TAG, "");
}

/** Whether a template suits a topic kind (untagged templates suit all). */
export function suitsKind(template: string, kind: TopicKind): boolean {
  const m = TAG.exec(template);
  if (!m) return true;
  return m[1]!.split(",").some((t) => KIND_OF_TAG[t] === kind);
}

export type SlotLookup = Readonly<Record<string, string>> | ((name: string) => string | undefined);

/** Fills the slots; undefined when a slot has no value. */
export function render(template: string, slots: SlotLookup): string | undefined {
  let missing = false;
  const text = templateBody(template).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = typeof slots === "function" ? slots(name) : slots[name];
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? undefined : text;
}

/** Every template of a list that suits the kind and renders, with its text. */
export function renderAll(
  templates: readonly string[],
  kind: TopicKind,
  slots: Readonly<Record<string, string>>,
): Array<{ template: string; text: string }> {
  const out: Array<{ template: string; text: string }> = [];
  for (const template of templates) {
    if (!suitsKind(template, kind)) continue;
    const text = render(template, slots);
    if (text !== undefined) out.push({ template, text });
  }
  return out;
}
