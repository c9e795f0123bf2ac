/**
 * A zero-cost, in-process LLM stand-in for benchmarks: fixed, valid answers per task, no
 * network. It measures the engine alone; benchmark output says when it is in use.
 */
import type {
  LlmClient,
  LlmProvider,
  LlmRequest,
  LlmResponse,
  ProviderAnswer,
} from "../../core/llm/types.ts";

function answerFor(req: LlmRequest): string {
  const kw = /"keyword": "([^"]*)"/.exec(req.user)?.[1] ?? "keyword";
  switch (req.task) {
    case "research":
      return JSON.stringify({
        keywords: [kw, `${kw} guide`, `best ${kw}`],
        intent: "informational",
        questions: [`What is ${kw}?`, `How to choose ${kw}?`],
        entities: ["Example"],
        summary: `People want to understand ${kw}.`,
      });
    case "outline":
      return JSON.stringify({
        h1: `${kw}: the complete guide`,
        sections: [
          { heading: `What ${kw} means`, points: ["basics"] },
          { heading: "How to choose", points: ["criteria"] },
          { heading: "Conclusion", points: ["summary"] },
        ],
      });
    case "draft": {
      const para = `${kw} matters because readers want clear answers. `.repeat(12);
      return `# ${kw}: the complete guide\n\n${para}\n\n## What ${kw} means\n\n${para}\n\n## How to choose\n\n${para}\n\n## Conclusion\n\n${para}`;
    }
    case "optimise":
      return JSON.stringify({
        title: `${kw}: the complete guide`,
        metaDescription: `Everything about ${kw}: what it means, how to choose and what to avoid, explained simply for beginners.`,
        faq: [{ question: `Is ${kw} worth it?`, answer: "Usually, yes." }],
      });
    case "review":
      return JSON.stringify({
        verdict: "pass",
        score: 90,
        issues: [],
        suggestions: ["Add examples."],
      });
    default:
      return JSON.stringify({ text: `About ${kw}.` });
  }
}

export class CannedLlm implements LlmClient {
  calls = 0;
  async complete(req: LlmRequest): Promise<LlmResponse> {
    this.calls++;
    const text = answerFor(req);
    return {
      text,
      provider: "canned",
      model: "canned",
      usage: {
        promptTokens: Math.ceil(req.user.length / 4),
        completionTokens: Math.ceil(text.length / 4),
      },
      latencyMs: 0,
      costUsd: 0,
      attempts: 1,
      fallback: false,
    };
  }
}

/**
 * The same canned answers as a provider behind the real router (so LLM spans, metrics,
 * limits and pricing run), under the name of every route step it stands in for.
 */
export function cannedProviders(names: string[]): LlmProvider[] {
  const canned = new CannedLlm();
  return names.map((name) => ({
    name,
    async complete(model: string, req: LlmRequest): Promise<ProviderAnswer> {
      const r = await canned.complete(req);
      return { text: r.text, model, usage: r.usage, latencyMs: 0 };
    },
  }));
}
