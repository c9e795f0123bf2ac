/**
 * Each assistant's output shape, as a check. A rerun hands its first stages the outputs of
 * the stages before them — edited ones from the request, or the original's stored ones — and
 * those stages read them as their types say: a wrong one is refused here, naming its field,
 * instead of crashing a later stage. Every field an assistant's output type requires is
 * required with its type; optional ones are checked when present; unknown extra fields pass
 * (no stage reads them). Only the assistants' types and a few light constants are imported
 * (no LLM, search, Markdown renderer or language detector), so the gateway can check a rerun.
 */
import type { FieldIssue } from "../../core/errors.ts";
import { MAX_SLUG_LENGTH } from "../../core/slug.ts";
import type { CheckResult } from "../article/checks.ts";
import type { FaqItem } from "../article/json-ld.ts";
import { isPagesArtifactName } from "../grounding/ground.ts";
import type { Grounding, GroundingSource } from "../grounding/types.ts";
import type { Overlap } from "../seo/cannibalisation.ts";
import type { Citation } from "../seo/citations.ts";
import type { ContentFactor, ContentScore } from "../seo/content-score.ts";
import type { InternalLink } from "../seo/internal-links.ts";
import type { LanguageCheck } from "../seo/language-detect.ts";
import type { ArticleOutput } from "./assemble.ts";
import type { DraftOutput } from "./draft.ts";
import type { ImportOutput } from "./import-article.ts";
import { MAX_FAQ, type OptimiseOutput } from "./optimise.ts";
import { MAX_SECTIONS, MIN_SECTIONS, type OutlineOutput, type OutlineSection } from "./outline.ts";
import { OutputShape, type Unchecked } from "./output-shape.ts";
import type { PublishOutput } from "./publish.ts";
import type { ResearchOutput } from "./research.ts";
import type { ReviewOutput } from "./review.ts";

/** Checks one output; `field` is where it sits in the input that carried it. */
export type OutputCheck = (value: unknown, field: string) => FieldIssue[];

/** A score as the pipeline gives them: 0–100. */
const PERCENT = { min: 0, max: 100 } as const;
const COUNT = { integer: true, min: 0 } as const;
const NON_EMPTY = { nonEmpty: true } as const;
/** What `slugify` gives: lower-case ASCII words joined by `-`. */
const SLUG = {
  nonEmpty: true,
  maxLength: MAX_SLUG_LENGTH,
  pattern: { test: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, says: "lower-case a-z and 0-9 words joined by -" },
} as const;

function research(s: OutputShape, v: unknown, f: string): void {
  const r = s.fields<ResearchOutput>(v, f);
  if (!r) return;
  s.strings(r.keywords, `${f}.keywords`);
  s.string(r.intent, `${f}.intent`);
  s.strings(r.questions, `${f}.questions`);
  s.strings(r.entities, `${f}.entities`);
  s.string(r.summary, `${f}.summary`);
  grounding(s, r.grounding, `${f}.grounding`);
  if (r.overlaps !== undefined) s.list(r.overlaps, `${f}.overlaps`, (o, at) => overlap(s, o, at));
}

function grounding(s: OutputShape, v: unknown, f: string): void {
  const g = s.fields<Grounding>(v, f, true);
  if (!g) return;
  s.string(g.provider, `${f}.provider`);
  s.string(g.query, `${f}.query`);
  const ids = new Set<number>();
  s.list(g.sources, `${f}.sources`, (x, at) => {
    const src = s.fields<GroundingSource>(x, at);
    if (!src) return;
    const id = s.number(src.id, `${at}.id`, { integer: true, min: 1 });
    // The draft cites sources by id, and assemble resolves each id to one page.
    if (id !== undefined && ids.has(id)) s.issue(`${at}.id`, `must be unique (${id} is repeated)`);
    if (id !== undefined) ids.add(id);
    s.string(src.url, `${at}.url`, NON_EMPTY);
    s.string(src.title, `${at}.title`);
    s.strings(src.facts, `${at}.facts`);
    s.strings(src.headings, `${at}.headings`);
    s.number(src.wordCount, `${at}.wordCount`, COUNT);
  });
  s.list(g.skipped, `${f}.skipped`, (x, at) => {
    const k = s.fields<Grounding["skipped"][number]>(x, at);
    if (!k) return;
    s.string(k.url, `${at}.url`);
    s.string(k.reason, `${at}.reason`);
  });
  s.strings(g.questions, `${f}.questions`);
  // Later stages read the named artifact as the ranking pages: only a pages artifact will do.
  if (g.pagesArtifact !== undefined) {
    const name = s.string(g.pagesArtifact, `${f}.pagesArtifact`);
    if (name !== undefined && !isPagesArtifactName(name)) {
      s.issue(
        `${f}.pagesArtifact`,
        `must name a research stage's pages (pages.<workflow id>.json)`,
      );
    }
  }
}

function overlap(s: OutputShape, v: unknown, f: string): void {
  const o = s.fields<Overlap>(v, f);
  if (!o) return;
  s.string(o.url, `${f}.url`);
  s.string(o.title, `${f}.title`);
  s.number(o.similarity, `${f}.similarity`, { min: 0, max: 1 });
}

function outline(s: OutputShape, v: unknown, f: string): void {
  const o = s.fields<OutlineOutput>(v, f);
  if (!o) return;
  s.string(o.h1, `${f}.h1`, NON_EMPTY);
  s.list(
    o.sections,
    `${f}.sections`,
    (x, at) => {
      const sec = s.fields<OutlineSection>(x, at);
      if (!sec) return;
      s.string(sec.heading, `${at}.heading`, NON_EMPTY);
      s.strings(sec.points, `${at}.points`);
    },
    { min: MIN_SECTIONS, max: MAX_SECTIONS },
  );
}

function draft(s: OutputShape, v: unknown, f: string): void {
  const d = s.fields<DraftOutput>(v, f);
  if (d) draftFields(s, d, f);
}

function draftFields(s: OutputShape, d: Unchecked<DraftOutput>, f: string): void {
  s.string(d.markdown, `${f}.markdown`, NON_EMPTY);
  s.number(d.wordCount, `${f}.wordCount`, COUNT);
}

/** A refresh's existing article: a draft, with where it came from and its score then. */
function importArticle(s: OutputShape, v: unknown, f: string): void {
  const i = s.fields<ImportOutput>(v, f);
  if (!i) return;
  draftFields(s, i, f);
  s.string(i.origin, `${f}.origin`, NON_EMPTY);
  contentScore(s, i.before, `${f}.before`);
}

function contentScore(s: OutputShape, v: unknown, f: string, optional = false): void {
  const c = s.fields<ContentScore>(v, f, optional);
  if (!c) return;
  s.number(c.score, `${f}.score`, PERCENT);
  s.list(c.factors, `${f}.factors`, (x, at) => {
    const k = s.fields<ContentFactor>(x, at);
    if (!k) return;
    s.string(k.id, `${at}.id`, NON_EMPTY);
    s.string(k.label, `${at}.label`);
    s.number(k.score, `${at}.score`, PERCENT);
    s.number(k.weight, `${at}.weight`, { min: 0, max: 1 });
    s.boolean(k.applicable, `${at}.applicable`);
    if (k.value !== null) s.number(k.value, `${at}.value`);
    s.string(k.target, `${at}.target`);
    s.string(k.detail, `${at}.detail`);
    s.strings(k.suggestions, `${at}.suggestions`);
  });
  s.string(c.version, `${f}.version`);
}

function optimise(s: OutputShape, v: unknown, f: string): void {
  const o = s.fields<OptimiseOutput>(v, f);
  if (!o) return;
  s.string(o.title, `${f}.title`, NON_EMPTY);
  s.string(o.metaDescription, `${f}.metaDescription`);
  s.string(o.slug, `${f}.slug`, SLUG);
  faq(s, o.faq, `${f}.faq`);
}

function faq(s: OutputShape, v: unknown, f: string): void {
  s.list(
    v,
    f,
    (x, at) => {
      const item = s.fields<FaqItem>(x, at);
      if (!item) return;
      s.string(item.question, `${at}.question`, NON_EMPTY);
      s.string(item.answer, `${at}.answer`, NON_EMPTY);
    },
    { max: MAX_FAQ },
  );
}

function review(s: OutputShape, v: unknown, f: string): void {
  const r = s.fields<ReviewOutput>(v, f);
  if (!r) return;
  s.number(r.score, `${f}.score`, PERCENT);
  contentScore(s, r.content, `${f}.content`, true);
  s.number(r.checksScore, `${f}.checksScore`, PERCENT);
  s.list(r.checks, `${f}.checks`, (x, at) => {
    const c = s.fields<CheckResult>(x, at);
    if (!c) return;
    s.string(c.id, `${at}.id`, NON_EMPTY);
    s.boolean(c.ok, `${at}.ok`);
    s.string(c.detail, `${at}.detail`);
  });
  const c = s.fields<ReviewOutput["critique"]>(r.critique, `${f}.critique`);
  if (c) {
    s.oneOf(c.verdict, `${f}.critique.verdict`, ["pass", "revise"]);
    s.number(c.score, `${f}.critique.score`, PERCENT);
    s.strings(c.issues, `${f}.critique.issues`);
    s.strings(c.suggestions, `${f}.critique.suggestions`);
  }
  const revision = s.fields<NonNullable<ReviewOutput["revision"]>>(
    r.revision,
    `${f}.revision`,
    true,
  );
  if (revision) {
    s.string(revision.reason, `${f}.revision.reason`);
    s.number(revision.below, `${f}.revision.below`, PERCENT);
  }
  previousReview(s, r.previous, `${f}.previous`);
}

function previousReview(s: OutputShape, v: unknown, f: string): void {
  const p = s.fields<NonNullable<ReviewOutput["previous"]>>(v, f, true);
  if (!p) return;
  s.number(p.score, `${f}.score`, PERCENT);
  s.number(p.contentScore, `${f}.contentScore`, PERCENT);
  s.number(p.iteration, `${f}.iteration`, COUNT);
}

function assemble(s: OutputShape, v: unknown, f: string): void {
  const a = s.fields<ArticleOutput>(v, f);
  if (!a) return;
  s.string(a.keyword, `${f}.keyword`, NON_EMPTY);
  s.string(a.language, `${f}.language`, NON_EMPTY);
  s.string(a.title, `${f}.title`, NON_EMPTY);
  s.string(a.metaDescription, `${f}.metaDescription`);
  s.string(a.slug, `${f}.slug`, SLUG);
  s.string(a.h1, `${f}.h1`, NON_EMPTY);
  s.string(a.markdown, `${f}.markdown`, NON_EMPTY);
  s.string(a.html, `${f}.html`, NON_EMPTY);
  s.object(a.jsonLd, `${f}.jsonLd`);
  faq(s, a.faq, `${f}.faq`);
  s.strings(a.outline, `${f}.outline`);
  s.number(a.wordCount, `${f}.wordCount`, COUNT);
  // The optional parts the result shows, each as assemble gives it.
  if (a.reviewScore !== undefined) s.number(a.reviewScore, `${f}.reviewScore`, PERCENT);
  contentScore(s, a.contentScore, `${f}.contentScore`, true);
  const r = s.fields<NonNullable<ArticleOutput["review"]>>(a.review, `${f}.review`, true);
  if (r) {
    s.number(r.score, `${f}.review.score`, PERCENT);
    s.number(r.contentScore, `${f}.review.contentScore`, PERCENT);
    previousReview(s, r.previous, `${f}.review.previous`);
  }
  const c = s.fields<NonNullable<ArticleOutput["citations"]>>(a.citations, `${f}.citations`, true);
  if (c) {
    s.list(c.sources, `${f}.citations.sources`, (x, at) => {
      const cite = s.fields<Citation>(x, at);
      if (!cite) return;
      s.number(cite.n, `${at}.n`, { integer: true, min: 1 });
      s.string(cite.url, `${at}.url`);
      s.string(cite.title, `${at}.title`);
    });
    s.number(c.removed, `${f}.citations.removed`, COUNT);
    s.strings(c.unresolved, `${f}.citations.unresolved`);
  }
  if (a.internalLinks !== undefined) {
    s.list(a.internalLinks, `${f}.internalLinks`, (x, at) => {
      const link = s.fields<InternalLink>(x, at);
      if (!link) return;
      s.string(link.url, `${at}.url`);
      s.string(link.anchor, `${at}.anchor`);
      s.number(link.score, `${at}.score`, { min: 0, max: 1 });
    });
  }
  if (a.internalLinksError !== undefined) s.string(a.internalLinksError, `${f}.internalLinksError`);
  const lc = s.fields<LanguageCheck>(a.languageCheck, `${f}.languageCheck`, true);
  if (lc) {
    s.boolean(lc.ok, `${f}.languageCheck.ok`);
    s.list(lc.parts, `${f}.languageCheck.parts`, (x, at) => {
      const part = s.fields<LanguageCheck["parts"][number]>(x, at);
      if (!part) return;
      s.string(part.id, `${at}.id`);
      s.boolean(part.ok, `${at}.ok`);
    });
  }
  const refresh = s.fields<NonNullable<ArticleOutput["refresh"]>>(a.refresh, `${f}.refresh`, true);
  if (refresh) {
    s.string(refresh.origin, `${f}.refresh.origin`, NON_EMPTY);
    contentScore(s, refresh.before, `${f}.refresh.before`);
    s.number(refresh.after, `${f}.refresh.after`, PERCENT);
  }
  if (a.overlaps !== undefined) s.list(a.overlaps, `${f}.overlaps`, (o, at) => overlap(s, o, at));
}

type Published = Extract<PublishOutput, { kind: string }>;

function publish(s: OutputShape, v: unknown, f: string): void {
  const o = s.object(v, f);
  if (!o) return;
  // One of three: skipped (with why), waiting for approval, or what the site answered.
  if (o.skipped !== undefined) {
    s.string(o.skipped, `${f}.skipped`);
    return;
  }
  if (o.awaitingApproval !== undefined) {
    if (o.awaitingApproval !== true) s.issue(`${f}.awaitingApproval`, "must be true when given");
    s.string(o.site, `${f}.site`, NON_EMPTY);
    return;
  }
  const p = o as Unchecked<Published>;
  s.oneOf(p.kind, `${f}.kind`, ["wordpress", "webhook"]);
  s.string(p.site, `${f}.site`, NON_EMPTY);
  s.string(p.target, `${f}.target`, NON_EMPTY);
  s.string(p.id, `${f}.id`, NON_EMPTY);
  s.string(p.status, `${f}.status`);
  s.boolean(p.updated, `${f}.updated`);
  if (p.url !== undefined) s.string(p.url, `${f}.url`);
  if (p.approvedBy !== undefined) s.string(p.approvedBy, `${f}.approvedBy`);
}

/** The generic assistant keeps whatever its prompt answered: text or any JSON value. */
function anything(): void {}

function check(read: (s: OutputShape, v: unknown, f: string) => void): OutputCheck {
  return (value, field) => {
    const s = new OutputShape();
    read(s, value, field);
    return s.issues;
  };
}

/** The check of each assistant's output, by assistant name (as `ASSISTANTS` has them). */
export const OUTPUT_CHECKS: Readonly<Record<string, OutputCheck>> = {
  research: check(research),
  outline: check(outline),
  draft: check(draft),
  optimise: check(optimise),
  review: check(review),
  assemble: check(assemble),
  prompt: check(anything),
  publish: check(publish),
  import: check(importArticle),
};

/**
 * The issues of outputs given by stage name, each checked against its stage's assistant and
 * named `<field>.<stage>…`. A stage the list does not have is left to whoever knows the
 * pipeline's stages; a null output stands for "keep the stored one" and is not checked.
 */
export function stageOutputIssues(
  stages: ReadonlyArray<{ name: string; assistant: string }>,
  outputs: Readonly<Record<string, unknown>>,
  field: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, output] of Object.entries(outputs)) {
    if (output === null || output === undefined) continue;
    const assistant = stages.find((s) => s.name === name)?.assistant;
    const check = assistant === undefined ? undefined : OUTPUT_CHECKS[assistant];
    if (check) issues.push(...check(output, `${field}.${name}`));
  }
  return issues;
}
