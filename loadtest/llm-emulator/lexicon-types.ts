/**
 * The shape of a language's lexicon: sentence templates, headings, questions and the small
 * grammar the templates need. Templates hold `{slot}` placeholders and may start with a tag
 * such as `[p]` or `[a,g]` that limits them to topic kinds (product, activity, general).
 * A template whose slots the keyword cannot fill is skipped, so English templates that need
 * a noun ("{aKw}", "{is}") are never used for a keyword such as "how to bake bread".
 */

/** What the keyword names: a thing you buy, something you do, or anything else. */
export type TopicKind = "product" | "activity" | "general";

export type SearchIntent = "informational" | "commercial" | "transactional" | "navigational";

/** What a section of an article is about; decides which sentences it is written from. */
export type SectionRole =
  | "basics"
  | "benefits"
  | "choosing"
  | "start"
  | "cost"
  | "care"
  | "mistakes"
  | "tips"
  | "question"
  | "conclusion";

export interface RoleText {
  /** H2 headings for a section of this role. */
  headings: readonly string[];
  /** Outline points: short noun phrases, no keyword. */
  points: readonly string[];
  /** Sentences for the section's paragraphs. */
  sentences: readonly string[];
  /** One or two sentences that answer an FAQ question of this role. */
  answers: readonly string[];
}

/** The keyword as the templates see it. */
export interface KeywordGrammar {
  kind: TopicKind;
  intent: SearchIntent;
  /** Slot values derived from the keyword: `kw`, `Kw`, `qkw`, `Topic`, and per language more. */
  slots: Readonly<Record<string, string>>;
  /** A shorter phrase inside the keyword that is a search term of its own, if any. */
  subPhrase?: string;
}

export interface Lexicon {
  language: "en" | "cs";
  analyse(keyword: string): KeywordGrammar;
  /** The role of a heading or question, from its words; undefined when unclear. */
  roleOf(heading: string): SectionRole | undefined;
  /** Section roles in reading order, per topic kind (basics first, conclusion implied). */
  sectionOrder: Readonly<Record<TopicKind, readonly SectionRole[]>>;
  conclusionHeading: string;
  relatedTerms: readonly string[];
  questions: readonly string[];
  entities: Readonly<Record<TopicKind, readonly string[]>>;
  summaries: Readonly<Record<SearchIntent, readonly string[]>>;
  h1: readonly string[];
  titles: readonly string[];
  metaLeads: readonly string[];
  metaTails: readonly string[];
  roles: Readonly<Record<SectionRole, RoleText>>;
  /** Opening sentences of an article: each holds the keyword. */
  intro: readonly string[];
  /** Sentences after the first in an introduction. */
  introFollow: readonly string[];
  /** Sentences that fit any section. */
  filler: readonly string[];
  /** A sentence that introduces a bulleted list of an outline section's points. */
  listLeads: readonly string[];
  /** Sentences built around an outline point (`{point}`). */
  pointLeads: readonly string[];
  /** Sentence openers ("In practice, "), for templates that start with a plain word. */
  openers: readonly string[];
  /** Templates an opener must not precede. */
  noOpener: RegExp;
  /** A sentence addressing the audience (`{audience}`). */
  audience: readonly string[];
  review: {
    issues: readonly string[];
    suggestions: readonly string[];
    /** Issue text per failed automatic check id; `{detail}` is the check's detail. */
    checks: Readonly<Record<string, string>>;
    /** Issue text for a check id not listed above; `{check}` is the whole check line. */
    otherCheck: string;
  };
}
