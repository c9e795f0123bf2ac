/** SEO quality measures (runtime-neutral, pure): tokenising, stemming, language, readability, competitors, the content score, cannibalisation. */
export {
  type CannibalisationCandidate,
  DEFAULT_OVERLAP_THRESHOLD,
  type ExistingArticle,
  findOverlaps,
  type Overlap,
  type OverlapOptions,
  overlapCoefficient,
} from "./cannibalisation.ts";
export {
  type Citation,
  type CitationSource,
  type ResolvedCitations,
  referencesHeading,
  resolveCitations,
} from "./citations.ts";
export {
  analyseCompetitors,
  type CommonHeading,
  type CompetitorAnalysis,
  type CompetitorAnalysisOptions,
  type CompetitorEntity,
  type CompetitorPage,
  median,
  type WeightedTerm,
} from "./competitors.ts";
export {
  CONTENT_SCORE_VERSION,
  CONTENT_SCORE_WEIGHTS,
  type ContentFactor,
  type ContentFactorId,
  type ContentScore,
  type ContentScoreInput,
  scoreContent,
} from "./content-score.ts";
export {
  type AddInternalLinksOptions,
  addInternalLinks,
  type InternalLink,
  type InternalLinksResult,
  type LinkCandidate,
} from "./internal-links.ts";
export {
  bcp47FromIso6393,
  checkLanguage,
  DEFAULT_MIN_WORDS,
  type DetectedLanguage,
  type DetectOptions,
  detectLanguage,
  type LanguageCheck,
  type LanguagePart,
  type LanguagePartResult,
} from "./language-detect.ts";
export {
  type Readability,
  type ReadabilityBand,
  type ReadabilityMeasure,
  readabilityOf,
} from "./readability.ts";
export { readSitemap, type SitemapEntry, SitemapError, titleFromUrl } from "./sitemap.ts";
export { hasStemmer, type Stemmer, stemmerFor } from "./stem.ts";
export { primaryLanguage, stopwordsFor } from "./stopwords.ts";
export {
  type MarkdownHeading,
  markdownToText,
  type ParsedMarkdown,
  paragraphs,
  parseMarkdown,
  sentences,
  words,
  wordTokens,
} from "./tokenise.ts";
