/**
 * English page templates for any keyword: six angles, each filled with the keyword and with
 * numbers and wording drawn from a generator seeded by the keyword and the angle.
 */
import type { SeededRandom } from "../rng.ts";
import type { EmulatedPage, PageSection } from "./types.ts";

export const EN_ANGLES = [
  "guide",
  "mistakes",
  "compared",
  "beginners",
  "questions",
  "costs",
] as const;
export type EnAngle = (typeof EN_ANGLES)[number];

const SITES = [
  "The Practical Guide",
  "Everyday Expert",
  "HowWise",
  "Field Notes Weekly",
  "Smart Picks",
  "The Honest Review",
];
const AUTHORS = [
  "Sarah Chen",
  "Michael Brooks",
  "Anna Kowalski",
  "James Whitfield",
  "Laura Jensen",
];
const BRANDS = ["Northway", "Keystone", "Bluefield", "Arcadia", "Ironbark", "Lumen", "Brightwater"];
const MODELS = ["One", "Pro", "Plus", "Classic", "Max", "Lite", "S2"];

function cap(text: string): string {
  return text.charAt(0).toLocaleUpperCase("en") + text.slice(1);
}

function title(text: string): string {
  return text.replace(/\b\p{L}/gu, (c) => c.toLocaleUpperCase("en"));
}

interface Ctx {
  k: string;
  K: string;
  r: SeededRandom;
}

function faqFor(c: Ctx, count: number) {
  const { k, r } = c;
  const all = [
    {
      q: `What should you look for in ${k}?`,
      a: `Start with how often you will use it, then compare quality, price and reviews. In our survey of ${r.int(300, 900)} readers, ${r.int(55, 75)} % named quality as the deciding factor.`,
    },
    {
      q: `How much do ${k} cost?`,
      a: `Entry-level options start at around $${r.int(20, 60)}, mid-range ones cost $${r.int(80, 150)} and premium choices $${r.int(200, 400)} or more.`,
    },
    {
      q: `How long does it take to get started with ${k}?`,
      a: `Most people feel confident after ${r.int(2, 4)} to ${r.int(5, 8)} weeks of regular practice, about ${r.int(2, 4)} sessions a week.`,
    },
    {
      q: `Are ${k} worth it?`,
      a: `For ${r.int(70, 90)} % of the people we asked, yes: the benefit showed within the first ${r.int(2, 6)} months.`,
    },
    {
      q: `What is the most common mistake with ${k}?`,
      a: "Buying or committing too quickly. Take an hour to compare at least three options and read the small print.",
    },
    {
      q: `Where can I learn more about ${k}?`,
      a: "Local clubs, specialist shops and independent reviews are more useful than advertising. Ask people who have used it for at least a year.",
    },
  ];
  return r.sample(all, count);
}

function guide(
  c: Ctx,
): Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date"> {
  const { k, K, r } = c;
  const years = r.int(5, 12);
  const tested = r.int(20, 60);
  const sections: PageSection[] = [
    {
      heading: `What to know about ${k}`,
      paragraphs: [
        `${K} is a topic where small details make a big difference. Over ${years} years we have looked at more than ${tested} options and talked to dozens of people who use them every day.`,
        `The good news: you do not need to be an expert. Three or four questions, answered honestly, narrow the choice down to a handful of good options.`,
      ],
    },
    {
      heading: `How to choose ${k}`,
      paragraphs: [
        `Begin with your budget and how often you will use it. Someone who needs it ${r.int(2, 4)} times a week has different priorities than someone who needs it twice a year.`,
      ],
      subsections: [
        {
          heading: "Quality and durability",
          paragraphs: [
            `Better materials usually last ${r.int(2, 4)} times longer. Over ${r.int(3, 6)} years that often makes the more expensive option the cheaper one.`,
          ],
        },
        {
          heading: "Comfort and ease of use",
          paragraphs: [
            `If something is awkward to use, you will use it less. In our tests, ${r.int(60, 80)} % of people preferred the simpler option even when it had fewer features.`,
          ],
        },
      ],
    },
    {
      heading: "Our checklist",
      paragraphs: [`Before you decide on ${k}, go through this list:`],
      list: [
        "Set a budget, including running costs",
        "Compare at least three options side by side",
        "Read independent reviews, not only the seller's page",
        "Check the warranty and the return policy",
      ],
    },
  ];
  return {
    title: `${title(k)}: The Complete Guide for 2024`,
    description: `Everything you need to know about ${k}: how to choose, what it costs and the mistakes to avoid, based on ${tested} options we looked at.`,
    h1: `${title(k)}: The Complete Guide`,
    intro: [
      `Looking into ${k} for the first time can feel overwhelming: there are many options, and every seller claims to be the best.`,
      `This guide cuts through the noise. It explains what matters, what it costs and where people most often go wrong.`,
    ],
    sections,
    faqTitle: "Frequently asked questions",
    faq: faqFor(c, 4),
  };
}

function mistakes(
  c: Ctx,
): Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date"> {
  const { k, K, r } = c;
  const n = r.int(5, 7);
  const items = [
    [
      "Not setting a budget first",
      `Without a limit it is easy to spend ${r.int(30, 60)} % more than planned.`,
    ],
    [
      "Choosing on price alone",
      `The cheapest option failed within a year in ${r.int(3, 5)} of ${r.int(8, 10)} cases we followed.`,
    ],
    [
      "Ignoring reviews from long-term users",
      "First impressions say little about how something holds up after months of use.",
    ],
    [
      "Skipping the small print",
      `Warranty terms differ more than you would expect: from ${r.int(6, 12)} months to ${r.int(3, 5)} years.`,
    ],
    [
      "Doing too much too soon",
      `Most people who give up do so in the first ${r.int(3, 6)} weeks, usually because they started too ambitiously.`,
    ],
    [
      "Not asking for advice",
      "A ten-minute conversation with an experienced user saves hours of research.",
    ],
    [
      "Forgetting running costs",
      `Maintenance and accessories add ${r.int(10, 25)} % a year on top of the purchase price.`,
    ],
  ];
  return {
    title: `${n} Common Mistakes With ${title(k)} (and How to Avoid Them)`,
    description: `These ${n} mistakes cost people time and money with ${k}. Here is how to recognise them and what to do instead.`,
    h1: `${n} Common Mistakes With ${title(k)}`,
    intro: [
      `We asked ${r.int(200, 600)} readers what they would do differently if they started with ${k} again. The same answers came up again and again.`,
    ],
    sections: items.slice(0, n).map(([heading, text], i) => ({
      heading: `${i + 1}. ${heading}`,
      paragraphs: [text as string, `${K} rewards patience: take the time to get this step right.`],
    })),
    faqTitle: "FAQ",
    faq: faqFor(c, 3),
  };
}

function compared(
  c: Ctx,
): Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date"> {
  const { k, r } = c;
  const names = r.sample(BRANDS, 4).map((b) => `${b} ${r.pick(MODELS)}`);
  const rows = names.map((name) => [
    name,
    `$${r.int(40, 300)}`,
    `${r.int(6, 9)}.${r.int(0, 9)} / 10`,
    r.pick(["Best overall", "Best value", "Premium pick", "Best for beginners"]),
  ]);
  return {
    title: `Best ${title(k)} in 2024: ${names.length} Options Compared`,
    description: `We compared ${names.length} popular choices for ${k} on price, quality and ease of use. See which one fits you best.`,
    h1: `Best ${title(k)} in 2024`,
    intro: [
      `We spent ${r.int(4, 10)} weeks comparing the most popular options for ${k}. Each was scored on quality, ease of use and value for money.`,
    ],
    sections: [
      {
        heading: "Comparison at a glance",
        paragraphs: ["Prices are typical retail prices at the time of writing."],
        table: { head: ["Option", "Price", "Our score", "Verdict"], rows },
      },
      {
        heading: `Best overall: ${names[0]}`,
        paragraphs: [
          `The ${names[0]} scored highest in our test thanks to its build quality and simple setup. It is not the cheapest, but it was the one our testers kept using after the test ended.`,
        ],
      },
      {
        heading: `Best value: ${names[1]}`,
        paragraphs: [
          `At roughly ${r.int(40, 70)} % of the price of our top pick, the ${names[1]} covers what most people need. The trade-off is a shorter warranty.`,
        ],
      },
      {
        heading: "How we compared",
        paragraphs: [
          `Every option was used by at least ${r.int(2, 4)} testers for a minimum of ${r.int(10, 30)} hours.`,
        ],
      },
    ],
    faqTitle: "FAQ",
    faq: faqFor(c, 3),
  };
}

function beginners(
  c: Ctx,
): Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date"> {
  const { k, K, r } = c;
  return {
    title: `${title(k)} for Beginners: Everything You Need to Start`,
    description: `New to ${k}? A step-by-step start for beginners: what you need, what it costs and how long it takes.`,
    h1: `${title(k)} for Beginners`,
    intro: [
      `Everyone starts somewhere. This short guide shows how to get going with ${k} without wasting money or motivation.`,
    ],
    sections: [
      {
        heading: "What you need to get started",
        paragraphs: [
          `Less than you think. A basic setup costs about $${r.int(30, 120)}, and you can upgrade later once you know what you like.`,
        ],
        list: [
          "The basics, not the premium version",
          "An hour a week to practise",
          "One reliable source of advice",
        ],
      },
      {
        heading: "Your first four weeks",
        paragraphs: [
          `Plan ${r.int(2, 3)} short sessions a week. Most beginners see clear progress after ${r.int(3, 5)} weeks.`,
          `${K} gets easier quickly once the basics become routine.`,
        ],
      },
      {
        heading: "Where beginners go wrong",
        paragraphs: [
          `The most common problem is impatience: ${r.int(40, 60)} % of beginners in our survey said they tried to do too much in the first month.`,
        ],
      },
    ],
    faqTitle: "Beginner questions",
    faq: faqFor(c, 3),
  };
}

function questions(
  c: Ctx,
): Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date"> {
  const { k, r } = c;
  const faq = faqFor(c, 6);
  return {
    title: `${title(k)}: Answers to the ${faq.length} Most Common Questions`,
    description: `Short, clear answers to the questions people ask most about ${k}, from prices to common mistakes.`,
    h1: `${title(k)}: Your Questions Answered`,
    intro: [
      `We collected the questions our readers ask most about ${k}: ${r.int(150, 500)} of them in the last year alone.`,
    ],
    sections: [
      {
        heading: "The short version",
        paragraphs: [
          `If you only read one paragraph: compare at least three options, set a budget including running costs, and give yourself ${r.int(3, 6)} weeks before judging the results.`,
        ],
      },
    ],
    faqTitle: "All questions and answers",
    faq,
  };
}

function costs(
  c: Ctx,
): Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date"> {
  const { k, r } = c;
  const low = r.int(20, 60);
  const mid = r.int(80, 160);
  const high = r.int(200, 450);
  return {
    title: `${title(k)}: Prices, Costs and What You Get for Your Money`,
    description: `What ${k} really cost: entry-level from $${low}, mid-range around $${mid}, premium from $${high}, plus the running costs nobody mentions.`,
    h1: `What Do ${title(k)} Cost?`,
    intro: [
      `Prices for ${k} vary widely. Here is what each price range gets you, and where spending more stops paying off.`,
    ],
    sections: [
      {
        heading: "Price ranges",
        paragraphs: ["Typical prices at the time of writing:"],
        table: {
          head: ["Range", "Typical price", "Good for"],
          rows: [
            ["Entry level", `$${low}`, "Trying it out"],
            ["Mid-range", `$${mid}`, "Regular use"],
            ["Premium", `$${high}+`, "Daily, demanding use"],
          ],
        },
      },
      {
        heading: "Running costs",
        paragraphs: [
          `Plan on ${r.int(10, 25)} % of the purchase price per year for maintenance and accessories.`,
        ],
      },
      {
        heading: "When spending more is worth it",
        paragraphs: [
          `If you use it more than ${r.int(2, 4)} times a week, the mid-range option usually pays for itself within ${r.int(12, 24)} months.`,
        ],
      },
    ],
    faqTitle: "FAQ",
    faq: faqFor(c, 3),
  };
}

const BUILDERS: Record<EnAngle, (c: Ctx) => ReturnType<typeof guide>> = {
  guide,
  mistakes,
  compared,
  beginners,
  questions,
  costs,
};

/** One English page for a keyword and an angle. */
export function generateEnPage(
  keyword: string,
  angle: EnAngle,
  slug: string,
  r: SeededRandom,
): EmulatedPage {
  const k = keyword.trim().replace(/\s+/g, " ");
  const body = BUILDERS[angle]({ k, K: cap(k), r });
  return {
    lang: "en",
    slug,
    keyword: k,
    site: r.pick(SITES),
    author: r.pick(AUTHORS),
    date: `2024-0${r.int(1, 9)}-${String(r.int(1, 28)).padStart(2, "0")}`,
    ...body,
  };
}
