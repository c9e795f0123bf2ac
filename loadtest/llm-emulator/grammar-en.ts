/**
 * Just enough English grammar to put an arbitrary keyword into a sentence: is it plural
 * ("running shoes are"), a mass noun ("budget travel is"), a countable thing ("an indoor
 * herb garden is") or a whole phrase ("how to bake bread", only quoted)? Plus the topic kind
 * and the search intent. Pure heuristics, table-tested.
 */
import type { KeywordGrammar, SearchIntent, SectionRole, TopicKind } from "./lexicon-types.ts";
import { capitalize } from "./text.ts";

export type EnglishForm = "plural" | "mass" | "count" | "phrase";

const PHRASE_START =
  /^(how|what|why|when|where|which|who|whose|can|could|should|is|are|do|does|will|would)\b/i;
const LEADING_MODIFIERS = /^((best|top|cheap|cheapest|affordable|good|new|used|budget)\s+)+/i;

const IRREGULAR_PLURALS = new Set([
  "children",
  "men",
  "women",
  "people",
  "feet",
  "teeth",
  "mice",
  "geese",
  "clothes",
  "jeans",
  "trousers",
  "pants",
  "shorts",
  "glasses",
  "scissors",
]);

const MASS_NOUNS = new Set(
  `travel coffee tea food software equipment advice insurance marketing fitness health nutrition
  water energy music art furniture clothing gear jewelry jewellery luggage homework research
  information knowledge money finance wellness yoga pilates photography sleep security privacy
  seo content data hardware wine beer bread chocolate rice pasta meat fish care tourism
  education traffic weather parking storage plumbing electricity heating insulation lighting
  flooring decor fashion makeup hair golf tennis football soccer basketball chess poker
  meditation mindfulness productivity leadership management accounting recruitment hosting
  transport shipping delivery packaging recycling compost soil fertilizer fertiliser paint wood
  skincare haircare loss gain training coaching therapy diet cardio keto vegan`.split(/\s+/),
);

/** Words ending in -ing that name things, not activities. */
const COUNT_ING = new Set(
  `ring king wing thing string spring sibling pudding earring swing building wedding ceiling
  painting clothing bedding flooring lighting packaging housing ping icing filling topping
  stuffing dressing seasoning frosting`.split(/\s+/),
);

const PRODUCT_NOUNS = new Set(
  `shoe shoes boot boots sneaker sneakers trainer trainers sandal sandals jacket jackets coat
  coats backpack backpacks bag bags tent tents bike bikes bicycle bicycles scooter scooters car
  cars tyre tyres tire tires laptop laptops notebook phone phones smartphone smartphones tablet
  tablets headphone headphones earbuds speaker speakers tv tvs television televisions monitor
  monitors camera cameras lens lenses printer printers router routers watch watches smartwatch
  smartwatches mattress mattresses pillow pillows sofa sofas couch chair chairs desk desks bed
  beds lamp lamps vacuum vacuums cleaner cleaners washer washers dryer dryers fridge fridges
  refrigerator freezer oven ovens microwave blender blenders mixer mixers kettle kettles toaster
  toasters grinder grinders machine machines maker makers fryer fryers cooker cookers knife
  knives pan pans pot pots grill grills drill drills saw saws mower mowers stroller strollers
  pram crib cot toys toy console consoles keyboard keyboards mouse ssd drive drives heater
  heaters purifier purifiers humidifier dehumidifier fan fans glasses sunglasses skis
  snowboard helmet helmets gloves socks jeans suitcase suitcases stove stoves thermostat
  charger chargers battery batteries ebike e-bike treadmill rower kayak paddleboard`.split(/\s+/),
);

const ACTIVITY_NOUNS = new Set(
  `travel yoga pilates meditation photography golf tennis football soccer chess poker
  gardening composting diet cardio workout workouts training`.split(/\s+/),
);

const ADVICE_NOUNS = new Set(
  `tips ideas guide guides mistakes hacks tricks advice checklist plan plans recipes recipe
  steps questions examples`.split(/\s+/),
);

function words(keyword: string): string[] {
  return keyword
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
}

/** The word the grammar agrees with: the last word, ignoring trailing years and numbers. */
function headWord(keyword: string): string {
  const ws = words(keyword.replace(LEADING_MODIFIERS, "")).filter((w) => !/^\d+$/.test(w));
  return ws[ws.length - 1] ?? "";
}

export function englishForm(keyword: string): EnglishForm {
  const kw = keyword.trim();
  if (PHRASE_START.test(kw) || kw.endsWith("?") || /\bvs\.?\b|\bversus\b/i.test(kw))
    return "phrase";
  const head = headWord(kw);
  if (!head) return "phrase";
  if (IRREGULAR_PLURALS.has(head)) return "plural";
  if (MASS_NOUNS.has(head)) return "mass";
  if (head.endsWith("ing") && !COUNT_ING.has(head)) return "mass";
  if (/(ness|ism|ship|ics)$/.test(head)) return "mass";
  if (/s$/.test(head) && !/(ss|us|is|news|series|species)$/.test(head)) return "plural";
  return "count";
}

export function englishKind(keyword: string): TopicKind {
  const head = headWord(keyword);
  const all = words(keyword);
  if (ADVICE_NOUNS.has(head)) return "general";
  if (PRODUCT_NOUNS.has(head)) return "product";
  if (all.some((w) => /^(buy|price|prices|review|reviews|cheapest)$/.test(w))) return "product";
  if (ACTIVITY_NOUNS.has(head) || (head.endsWith("ing") && !COUNT_ING.has(head))) return "activity";
  return "general";
}

export function englishIntent(keyword: string, kind: TopicKind): SearchIntent {
  const kw = keyword.toLocaleLowerCase();
  if (/\b(login|log in|sign in|official site|website|customer service|opening hours)\b/.test(kw)) {
    return "navigational";
  }
  if (/\b(buy|order|coupon|near me|for sale|discount|deals?)\b/.test(kw)) return "transactional";
  if (kind === "product" && /\b(price|prices|cheap|cheapest|sale)\b/.test(kw))
    return "transactional";
  if (/\b(best|top|reviews?|vs|versus|compare|comparison|alternatives?)\b/.test(kw))
    return "commercial";
  return kind === "product" ? "commercial" : "informational";
}

/** "a" or "an" before a word, by how it sounds. */
export function indefiniteArticle(word: string): "a" | "an" {
  if (/^[A-Z]{2,5}\b/.test(word)) return /^[AEFHILMNORSX]/.test(word) ? "an" : "a";
  const w = word.toLocaleLowerCase();
  if (/^(eu|one|once|uni|use|usu|ura|ure|uro|uti|uto)/.test(w)) return "a";
  if (/^(hour|honest|honou?r|heir)/.test(w)) return "an";
  return /^[aeiou]/.test(w) ? "an" : "a";
}

export function analyseEnglish(keyword: string): KeywordGrammar {
  const kw = keyword.trim();
  const form = englishForm(kw);
  const kind = englishKind(kw);
  const slots: Record<string, string> = {
    k: kw,
    qkw: `“${kw}”`,
    Topic: capitalize(kw),
  };
  if (form !== "phrase") {
    const plural = form === "plural";
    const aKw = form === "count" ? `${indefiniteArticle(kw)} ${kw}` : kw;
    Object.assign(slots, {
      kw,
      Kw: capitalize(kw),
      aKw,
      AKw: capitalize(aKw),
      is: plural ? "are" : "is",
      Is: plural ? "Are" : "Is",
      does: plural ? "do" : "does",
      has: plural ? "have" : "has",
      it: plural ? "they" : "it",
      It: plural ? "They" : "It",
      its: plural ? "their" : "its",
      itObj: plural ? "them" : "it",
    });
  }
  const ws = kw.split(/\s+/);
  const grammar: KeywordGrammar = { kind, intent: englishIntent(kw, kind), slots };
  if (form !== "phrase" && ws.length >= 3) {
    const sub = ws.slice(-2).join(" ");
    if (!/^(for|to|of|in|on|with|and|or|the|a|an)\b/i.test(sub)) grammar.subPhrase = sub;
  }
  return grammar;
}

/** The role of a heading or question, from its words. Order matters: first match wins. */
export function englishRoleOf(heading: string): SectionRole | undefined {
  const h = heading.toLocaleLowerCase();
  if (/^(conclusion|summary|final thoughts|wrapping up|in closing)\b/.test(h)) return "conclusion";
  if (/\b(mistakes?|errors?|avoid|pitfalls?|wrong)\b/.test(h)) return "mistakes";
  if (/\b(cost|costs|price|prices|pricing|budget|cheap|expensive|afford\w*|pay|money)\b/.test(h)) {
    return "cost";
  }
  if (
    /\b(care|maintenance|maintain|clean\w*|last|lifespan|storage|store|durab\w*|look after)\b/.test(
      h,
    )
  ) {
    return "care";
  }
  if (/\b(choos\w*|choice|select\w*|pick|compar\w*|look for|features|buy\w*|best)\b/.test(h)) {
    return "choosing";
  }
  if (/\b(start\w*|begin\w*|first steps?|step by step|step-by-step|plan)\b/.test(h)) return "start";
  if (/\b(benefits?|advantages?|why|worth it|pros)\b/.test(h)) return "benefits";
  if (/\b(tips?|tricks|advice|hacks|best practices|get more|expert)\b/.test(h)) return "tips";
  if (
    /\b(what is|what are|basics|explained|at a glance|understanding|overview|introduction|know)\b/.test(
      h,
    )
  ) {
    return "basics";
  }
  return undefined;
}
