/**
 * English test fixtures, written for seo-farm: competitor pages for "running shoes" as the
 * fetcher's readable extraction gives them, and drafts — balanced, keyword-stuffed and thin.
 */
import type { CompetitorPage } from "../competitors.ts";
import { wordTokens } from "../tokenise.ts";

function page(
  url: string,
  title: string,
  headings: Array<[number, string]>,
  paragraphs: string[],
): CompetitorPage {
  const text = [title, ...headings.map(([, h]) => h), ...paragraphs].join("\n\n");
  return {
    url,
    title,
    text,
    headings: headings.map(([level, t]) => ({ level, text: t })),
    wordCount: wordTokens(text).length,
  };
}

export const KEYWORD_EN = "running shoes";

export const COMPETITORS_EN: CompetitorPage[] = [
  page(
    "https://www.runnersguide.example/how-to-choose-running-shoes",
    "How to Choose Running Shoes: A Beginner's Guide",
    [
      [1, "How to choose running shoes"],
      [2, "Road or trail?"],
      [2, "Cushioning and heel drop"],
      [2, "How should running shoes fit?"],
      [2, "When to replace your shoes"],
    ],
    [
      "The right pair of running shoes makes the difference between a habit you enjoy and sore knees after the first few weeks. Many beginners buy shoes for their looks or because a friend wears them. A better place to start is asking where and how often you will run.",
      "If you run mostly on pavement and sidewalks, choose road shoes with a smoother outsole and good cushioning. Forest paths, roots and mud call for trail shoes with deep lugs that grip on wet ground. Mixed surfaces suit hybrid models with a moderate tread.",
      "Cushioning protects your joints on impact. Heavier beginners benefit from well-cushioned shoes such as the Brooks Ghost 15 or the Hoka Clifton 9. Heel drop is the height difference between heel and toe, usually between 4 and 12 mm. A drop of around 10 mm is a safer start because it puts less strain on the Achilles tendon and calves.",
      "Try shoes on in the afternoon, when your feet are at their largest. Leave about a thumb's width between your longest toe and the front of the shoe. Your heel should not slip, and the laces should not press on the top of your foot. Sizes vary between brands, so do not rely on the number on the box.",
      "Running shoes last roughly 300 to 500 miles. After that the midsole foam breaks down and stops protecting your joints, even if the upper still looks new. If you run three times a week, expect to replace them about once a year.",
      "Don't forget your socks. Cotton socks soak up sweat and cause blisters on longer runs, so choose technical running socks made of synthetic fibres or merino wool. A good pair costs around $15 and lasts several seasons. It also matters how you dry your shoes after a wet run: stuff them with newspaper and leave them at room temperature, never on a radiator, because heat damages the glue and the midsole foam.",
    ],
  ),
  page(
    "https://www.fitrunmag.example/best-running-shoes-for-beginners",
    "The Best Running Shoes for Beginners in 2024",
    [
      [1, "Best running shoes for beginners"],
      [2, "What to look for"],
      [2, "Cushioning"],
      [2, "Pronation and gait"],
      [2, "How should running shoes fit?"],
      [2, "Our picks"],
    ],
    [
      "Choosing your first pair of running shoes is not easy. A store wall holds dozens of models, and every one promises comfort and speed. For a beginner, three things matter most: cushioning, stability and the right fit.",
      "Cushioning decides how much impact the midsole foam absorbs. Soft shoes feel good on long, easy runs on pavement. Shoes that are too soft can feel unstable, especially if your ankles are weak.",
      "Pronation is the natural inward roll of the foot as it lands. If your foot rolls in a lot, you overpronate, and stability shoes with arch support can help. A specialty running store can analyse your gait on a treadmill for free.",
      "Wear running socks when you try shoes on. The toe box should leave about half an inch of space in front of your longest toe. If you have wide feet, look for wide versions of the model you like.",
      "For most beginners we recommend the Brooks Ghost 15, which is stable and well cushioned, or the Nike Pegasus 40 for lighter runners. If you want maximum cushioning, try the Hoka Clifton 9. All three weigh around 280 g and cost between $120 and $150.",
      "Don't buy shoes based on online reviews alone. Every foot is different, and a model that fits one runner perfectly can give another blisters. Ideally, try shoes on in the store and jog a few steps on a treadmill or at least down the aisle. Some stores let you return shoes within 30 days even after you have run in them, so you can test a model without risk.",
    ],
  ),
  page(
    "https://www.outdoorgearlab.example/types-of-running-shoes",
    "Running Shoes Explained: Road, Trail and Racing",
    [
      [1, "Types of running shoes"],
      [2, "Road running shoes"],
      [2, "Trail running shoes"],
      [2, "Racing shoes with carbon plates"],
      [2, "How long do running shoes last?"],
    ],
    [
      "Running shoes differ by surface and purpose. A beginner who jogs twice a week in the park needs different shoes from a racer training for a marathon.",
      "Road running shoes have a smoother outsole and more cushioning under the heel. They are made for asphalt, concrete and groomed gravel paths. Typical examples are the Nike Pegasus 40 and the Asics Gel-Nimbus 25.",
      "Trail running shoes have an aggressive outsole with lugs around 5 mm deep, a tougher upper and often a toe guard against rocks. They suit roots, mud and wet grass. A popular choice is the Salomon Speedcross 6.",
      "Racing shoes with carbon plates are light and stiff and help at fast paces. They are not a good choice for beginners, because they offer little ankle stability and wear out quickly.",
      "Everyday training shoes last 300 to 500 miles. The outsole wears down and the foam loses its bounce. You can tell worn-out shoes when your knees and calves feel tired after runs that used to be easy.",
      "Minimalist shoes with zero drop and a thin sole are a category of their own. They strengthen the muscles of the foot and teach runners to land on the forefoot. The switch has to be gradual, though, or you risk an Achilles injury or a stress fracture. We only recommend them to beginners after several months of regular running, and only for short distances. Weight plays a role too: light shoes under 250 g feel great for faster sessions, while heavier models around 300 g usually offer more cushioning and last longer.",
    ],
  ),
  page(
    "https://www.healthyrunning.example/choosing-running-shoes",
    "Choosing Running Shoes Step by Step",
    [
      [1, "Choosing running shoes step by step"],
      [2, "Find out how you land"],
      [2, "Try shoes on in the afternoon"],
      [2, "Cushioning versus stability"],
      [2, "Frequently asked questions"],
      [3, "How long do running shoes last?"],
      [3, "Can I run in gym shoes?"],
    ],
    [
      "Choosing running shoes starts with your feet. Look at the outsole of your old shoes: if it is worn more on the inside edge, you probably overpronate. A specialty store can analyse your gait.",
      "Feet swell during the day, so try shoes on in the afternoon and in the socks you will run in. Leave about a thumb's width between your toes and the end of the shoe. The heel must sit firmly.",
      "Soft cushioning protects your joints, while stability shoes guide the foot. Beginners who are heavier or who overpronate should choose stability; lighter runners with a neutral gait can prefer cushioning. A drop between 8 and 10 mm is a sensible start.",
      "Running shoes last roughly 300 to 500 miles, depending on your weight and the surface. Gym shoes and casual sneakers are not made for running: they lack cushioning, and their outsole is not built for repeated impact.",
      "New shoes do not need a long break-in period; modern materials are comfortable from day one. Still, start with a shorter run and notice whether the shoes pinch or rub at the heel. If blisters appear after a few runs, try a different lacing pattern or different socks before you return the shoes. For winter running, look for shoes with a Gore-Tex membrane that keeps water out and an outsole that grips on snow and ice.",
    ],
  ),
];

/** A balanced English draft: clear structure, the keyword in H1 and one H2, natural density. */
export const DRAFT_EN_BALANCED = `# Running shoes for beginners: how to choose the right pair

Just started running and not sure which running shoes to buy? A good pair protects you from injury and makes every run more enjoyable. This guide covers surface, cushioning, heel drop, fit and when to replace your shoes.

## Road or trail: where will you run?

First decide where you will run most often. Pavement and sidewalks call for road shoes with a smoother outsole and good cushioning under the heel. Forest paths, roots and mud need trail shoes with deep lugs that grip on wet ground. If you mix park loops with gravel paths, pick a hybrid model with a moderate tread.

## Cushioning, heel drop and stability

Cushioning protects your joints every time your foot lands. Heavier beginners benefit from more cushioning, while lighter runners can choose firmer, lighter shoes. Heel drop is the height difference between heel and toe. A drop of 8 to 10 mm is a safe start because it puts less strain on the Achilles tendon and calves.

Pronation matters too. It is the natural inward roll of the foot. If you overpronate, stability shoes with arch support can help. A specialty running store can check your gait on a treadmill for free.

## How should running shoes fit?

Try shoes on in the afternoon, when your feet are at their largest, and bring your running socks. Leave about a thumb's width between your longest toe and the front of the shoe. Your heel should not slip, and the laces should not press on the top of your foot. Sizes vary between brands, so do not trust the number on the box.

## When is it time to replace them?

Training shoes last roughly 300 to 500 miles. After that the midsole foam loses its bounce, even if the upper still looks new. Sore knees or tired calves after easy runs are often the first sign of wear. If you run three times a week, plan on a new pair about once a year.

## Recommended models to start with

The Brooks Ghost 15 is a reliable choice: stable and well cushioned. Lighter runners get on well with the Nike Pegasus 40, and fans of maximum cushioning can try the Hoka Clifton 9. For trails, look at the Salomon Speedcross 6. These models cost around $120 to $150 and weigh about 280 g.

Leave racing shoes with carbon plates for later. They are light and fast, but give a beginner's ankles little support.
`;

/** The same article, stuffed: the keyword in every sentence and repeated exact-match headings. */
export const DRAFT_EN_STUFFED = `# Running shoes

Running shoes are the best running shoes. Running shoes for beginners are the running shoes you need. Buy running shoes because running shoes protect you.

## Running shoes

Running shoes for the road are running shoes with an outsole. Running shoes for trails are also running shoes. Choose running shoes by surface, because running shoes matter. Running shoes have cushioning.

## Running shoes

Running shoes with cushioning are running shoes for your joints. Running shoes have a 10 mm drop and running shoes handle pronation. Buy running shoes in a store that sells running shoes.

## Running shoes

Try running shoes in the afternoon. Running shoes need a thumb's width at the toe. Running shoes last 500 miles and then running shoes must be replaced by new running shoes.

## Running shoes

The Brooks Ghost 15 running shoes are running shoes. The Nike Pegasus 40 running shoes are running shoes. Running shoes are running shoes and the best running shoes are running shoes.
`;

/** A thin draft: one heading and two sentences. */
export const DRAFT_EN_THIN = `# Running shoes

Running shoes are important for running. Pick a comfortable pair that fits you and start running.
`;

/** An English paragraph of everyday prose (not about running). */
export const PARAGRAPH_EN =
  "We took the early train to Edinburgh and spent the afternoon walking up to the castle. The weather held, even though the forecast had promised rain all day. In the evening we found a small pub near the station, had dinner by the fire and only got back to the hotel late at night, tired but happy.";

/** A German paragraph: a section in the wrong language. */
export const PARAGRAPH_DE =
  "Die richtigen Laufschuhe entscheiden darüber, ob Ihnen das Laufen Spaß macht oder ob Sie nach den ersten Wochen mit Knieschmerzen aufhören. Viele Anfänger kaufen Schuhe nach dem Aussehen. Besser ist es, zuerst zu überlegen, wo und wie oft Sie laufen werden.";
