/** schema.org JSON-LD for an article: an Article and, when there is one, its FAQPage. */

export interface FaqItem {
  question: string;
  answer: string;
}

export interface JsonLdInput {
  title: string;
  metaDescription: string;
  language: string;
  keywords: string[];
  wordCount: number;
  datePublished: string;
  faq: FaqItem[];
}

export function articleJsonLd(a: JsonLdInput): Record<string, unknown> {
  const graph: Record<string, unknown>[] = [
    {
      "@type": "Article",
      headline: a.title,
      description: a.metaDescription,
      inLanguage: a.language,
      keywords: a.keywords.join(", "),
      wordCount: a.wordCount,
      datePublished: a.datePublished,
    },
  ];
  if (a.faq.length > 0) {
    graph.push({
      "@type": "FAQPage",
      inLanguage: a.language,
      mainEntity: a.faq.map((f) => ({
        "@type": "Question",
        name: f.question,
        acceptedAnswer: { "@type": "Answer", text: f.answer },
      })),
    });
  }
  return { "@context": "https://schema.org", "@graph": graph };
}
