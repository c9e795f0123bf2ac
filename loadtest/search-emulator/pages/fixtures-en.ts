/**
 * Hand-written English result pages for "trail running shoes": four angles (a long buying
 * guide, a tested comparison, trail vs. road, care and lifespan) of different lengths, with
 * concrete numbers and FAQs. The brands and models are fictional, so no fact about a real
 * product is invented.
 */
import type { EmulatedPage } from "./types.ts";

export const EN_FIXTURE_KEYWORD = "trail running shoes";

export const EN_FIXTURE_PAGES: readonly EmulatedPage[] = [
  {
    lang: "en",
    slug: "how-to-choose-trail-running-shoes",
    keyword: EN_FIXTURE_KEYWORD,
    site: "TrailHub",
    title: "How to Choose Trail Running Shoes: The Complete Buying Guide",
    description:
      "Lug depth, drop, stack height, rock plates and fit: everything that matters when you choose trail running shoes, explained with numbers.",
    h1: "How to Choose Trail Running Shoes",
    author: "Megan Hollis",
    date: "2024-03-18",
    intro: [
      "Trail running shoes look like road shoes with a tougher sole, but the differences run deeper. The right pair keeps you upright on wet roots, protects your feet from sharp rocks and still feels light after 20 kilometres. The wrong pair gives you blisters on the first descent.",
      "We have tested more than 60 pairs over the last five years on everything from groomed gravel paths to scree fields in the Alps. This guide explains the five specifications that matter most and how to match them to the trails you actually run.",
    ],
    sections: [
      {
        heading: "Start with your terrain",
        paragraphs: [
          "The single most important question is where you run. A shoe built for muddy forest trails is overkill on a dry gravel path, and a light hybrid shoe will slide around on a wet mountain descent.",
        ],
        subsections: [
          {
            heading: "Light trails and gravel",
            paragraphs: [
              "On well-maintained paths you need little more than a road shoe with a grippier outsole. Lugs of 2 to 3 mm are enough, and a weight of around 250 g per shoe (men's US size 9) keeps the ride quick.",
            ],
          },
          {
            heading: "Technical and rocky trails",
            paragraphs: [
              "Roots, rocks and steep descents call for lugs of 4 to 5 mm, a firm heel counter and, ideally, a rock plate. Expect 290 to 330 g per shoe; the extra weight buys protection and stability.",
            ],
          },
          {
            heading: "Mud and soft ground",
            paragraphs: [
              "Deep, widely spaced lugs of 6 mm or more shed mud instead of packing it. These shoes grip well in soft ground but feel clumsy on hard surfaces, so they suit autumn and winter races more than everyday training.",
            ],
          },
        ],
      },
      {
        heading: "Lug depth and outsole rubber",
        paragraphs: [
          "Lugs are the studs on the outsole. Deeper lugs bite into soft ground; shallower lugs give more rubber contact on rock. The rubber compound matters as much as the shape: softer, stickier compounds grip wet rock far better but wear out faster, often after 500 km instead of 800 km.",
          "Look at the lug pattern as well. Lugs angled backwards at the heel help braking on descents, and lugs at the edge of the sole help on off-camber sections.",
        ],
      },
      {
        heading: "Drop and stack height",
        paragraphs: [
          "Drop is the height difference between heel and forefoot. Most trail shoes sit between 4 and 8 mm; zero-drop shoes exist but load the calves and Achilles tendons more. If your road shoes have a 10 mm drop, move down gradually, over six to eight weeks.",
          "Stack height is the total amount of material under your foot. A high stack of 35 mm or more cushions long ultras, while a low stack of around 20 mm gives better ground feel and stability on technical terrain, where a high shoe can roll on an uneven rock.",
        ],
      },
      {
        heading: "Protection: rock plates, toe caps and uppers",
        paragraphs: [
          "A rock plate is a thin layer of plastic or carbon in the midsole that spreads the pressure of sharp stones. It adds 10 to 20 g and is worth it on rocky routes. A reinforced toe cap saves your toes when you kick a root, which happens more often than anyone admits.",
          "Waterproof membranes such as Gore-Tex keep feet dry in shallow puddles and snow, but once water comes over the collar it stays inside. In summer a mesh upper that drains and dries in about an hour is usually the better choice.",
        ],
        list: [
          "Rock plate: recommended for rocky and alpine routes",
          "Toe cap: recommended for all technical trails",
          "Waterproof membrane: useful in winter and cold rain, not in summer",
          "Gaiter attachment: useful in sand, scree and snow",
        ],
      },
      {
        heading: "Getting the fit right",
        paragraphs: [
          "Trail shoes should hold your midfoot and heel firmly so your foot does not slide forward on descents, while leaving room for your toes. Leave about a thumb's width, roughly 1 cm, between your longest toe and the front of the shoe. Most runners end up half a size larger than their everyday shoes.",
          "Try shoes in the afternoon, when your feet are slightly swollen, and wear the socks you run in. Walk down a ramp or stairs in the shop: if your toes hit the front, the shoe is too short or the lacing too loose.",
        ],
      },
      {
        heading: "How much should you spend?",
        paragraphs: [
          "Good trail running shoes cost between $110 and $180. Below $100 you usually give up outsole quality; above $200 you pay for carbon plates and race-day weight savings that most runners do not need. Because a pair lasts 500 to 800 km, a $150 shoe costs roughly 20 to 30 cents per kilometre.",
        ],
      },
    ],
    faqTitle: "Frequently asked questions",
    faq: [
      {
        q: "Can I use trail running shoes on the road?",
        a: "Yes, for short stretches. Shoes with lugs under 4 mm handle roads well; deep-lugged shoes wear quickly on asphalt and feel unstable.",
      },
      {
        q: "Should trail running shoes be a size bigger?",
        a: "Usually half a size. You need about 1 cm of space in front of your longest toe so your toes do not hit the front on descents.",
      },
      {
        q: "Do I need waterproof trail running shoes?",
        a: "Only for cold, wet conditions and snow. In warm weather a breathable mesh upper dries faster than a membrane shoe once water gets in.",
      },
      {
        q: "How often should I replace trail running shoes?",
        a: "Every 500 to 800 km, or sooner when the lugs are worn flat or the midsole feels dead.",
      },
    ],
  },
  {
    lang: "en",
    slug: "best-trail-running-shoes-tested",
    keyword: EN_FIXTURE_KEYWORD,
    site: "Summit Gear Lab",
    title: "Best Trail Running Shoes of 2024: 6 Models Tested Over 1,200 km",
    description:
      "We ran 1,200 km in six trail running shoes and measured grip, weight and wear. Here are the best trail running shoes for every kind of runner.",
    h1: "The Best Trail Running Shoes of 2024",
    author: "Daniel Okafor",
    date: "2024-05-02",
    intro: [
      "Our team of four testers ran a combined 1,200 km in six trail running shoes this spring, on forest trails near Portland, on the rocky ridges of the Gorge and in two 50 km races. We weighed every shoe, measured lug depth with a caliper and checked outsole wear after 200 km.",
    ],
    sections: [
      {
        heading: "Our picks at a glance",
        paragraphs: [
          "All six shoes are good; the differences are in where they shine. Weights are for a men's US size 9.",
        ],
        table: {
          head: ["Model", "Weight", "Drop", "Lug depth", "Price", "Best for"],
          rows: [
            ["Ridgeline Apex 3", "285 g", "6 mm", "4.5 mm", "$150", "All-round trails"],
            ["Talus Swift", "240 g", "4 mm", "3.5 mm", "$135", "Fast, dry trails"],
            ["Cairn Pro GTX", "330 g", "8 mm", "5 mm", "$175", "Winter and wet weather"],
            ["Scree Grip 2", "300 g", "4 mm", "6 mm", "$145", "Mud and soft ground"],
            ["Switchback Ultra", "310 g", "6 mm", "4 mm", "$165", "Ultra distances"],
            ["Pathfinder Lite", "260 g", "8 mm", "3 mm", "$110", "Beginners on a budget"],
          ],
        },
      },
      {
        heading: "Best overall: Ridgeline Apex 3",
        paragraphs: [
          "The Apex 3 does everything well. Its 4.5 mm lugs gripped on wet roots and dry granite alike, the rock plate took the sting out of sharp gravel, and after 200 km the outsole showed only 0.5 mm of wear. At 285 g it is light enough for tempo runs.",
          "The only complaint from our testers: the tongue is thin, so lace pressure can be felt on long runs.",
        ],
      },
      {
        heading: "Best for wet weather: Cairn Pro GTX",
        paragraphs: [
          "With a waterproof membrane and a high collar, the Cairn Pro kept our feet dry through ankle-deep puddles and two hours of snow. It is the heaviest shoe in the test at 330 g and runs warm above 15 °C, so we would keep it for October to March.",
        ],
      },
      {
        heading: "Best for mud: Scree Grip 2",
        paragraphs: [
          "The 6 mm chevron lugs of the Scree Grip 2 never packed with mud in our tests, and the shoe stayed planted on steep, soft descents. On asphalt it feels like running on studs, so it is a second pair for bad conditions rather than a daily trainer.",
        ],
      },
      {
        heading: "How we tested",
        paragraphs: [
          "Each shoe ran at least 200 km with at least two testers. We rated grip on a 1 to 10 scale on five surfaces (wet rock, dry rock, mud, roots and gravel), measured lug wear every 50 km and asked testers to rate comfort after runs longer than 25 km.",
        ],
        list: [
          "Weight measured on a kitchen scale to the gram",
          "Lug depth measured with a digital caliper at three points",
          "Grip rated blind: testers did not know which shoe scored what before",
        ],
      },
    ],
    faqTitle: "FAQ",
    faq: [
      {
        q: "What is the best trail running shoe for beginners?",
        a: "A versatile shoe with moderate lugs of 3 to 4.5 mm and a drop of 6 to 8 mm, such as the Pathfinder Lite or the Ridgeline Apex 3, is the easiest start.",
      },
      {
        q: "Are expensive trail running shoes worth it?",
        a: "Up to about $160 you mostly get better rubber and durability. Above that, the extra money buys weight savings that matter mainly in races.",
      },
      {
        q: "How much should trail running shoes weigh?",
        a: "Between 240 and 330 g per shoe for most models. Lighter shoes feel faster; heavier ones usually add protection.",
      },
    ],
  },
  {
    lang: "en",
    slug: "trail-vs-road-running-shoes",
    keyword: EN_FIXTURE_KEYWORD,
    site: "Runner's Notebook",
    title: "Trail vs. Road Running Shoes: What's the Difference?",
    description:
      "Trail running shoes have deeper lugs, firmer uppers and more protection than road shoes. Here is when the difference matters and when it does not.",
    h1: "Trail vs. Road Running Shoes: What's the Difference?",
    author: "Priya Raman",
    date: "2023-11-09",
    intro: [
      "If you run on a mix of pavement and park paths, you may wonder whether you need trail running shoes at all. The short answer: it depends on how technical and how wet your trails are.",
    ],
    sections: [
      {
        heading: "Outsole and grip",
        paragraphs: [
          "Road shoes have flat, smooth outsoles with grooves only 1 to 2 mm deep, designed for traction and durability on asphalt. Trail shoes use lugs of 3 to 6 mm and softer rubber that grips loose and wet surfaces. On a muddy slope, a road shoe has roughly the grip of a dress shoe.",
        ],
      },
      {
        heading: "Upper and protection",
        paragraphs: [
          "Trail uppers use tighter, more abrasion-resistant mesh and a reinforced toe cap. Many trail shoes add a rock plate. Road shoes favour breathability and softness, which is comfortable but tears easily on brambles and rocks.",
        ],
      },
      {
        heading: "Cushioning and stability",
        paragraphs: [
          "Road shoes are often softer and higher, because asphalt is hard and predictable. Trail shoes sit a little lower and firmer to keep you stable on uneven ground, although maximal-cushion trail shoes with 35 mm stacks have become popular for ultras.",
        ],
      },
      {
        heading: "When road shoes are enough",
        paragraphs: [
          "On dry gravel paths and packed dirt, road shoes work fine. Switch to trail shoes when you regularly run on wet grass, mud, roots or rocks, or on descents steeper than about 10 %.",
        ],
      },
    ],
    faqTitle: "Common questions",
    faq: [
      {
        q: "Are trail running shoes heavier than road shoes?",
        a: "Usually by 20 to 50 g per shoe, because of the lugs, the tougher upper and the rock plate.",
      },
      {
        q: "Can I run a road race in trail shoes?",
        a: "You can, but deep lugs feel sluggish on asphalt and wear out quickly. Hybrid shoes with lugs under 3 mm are a good compromise.",
      },
    ],
  },
  {
    lang: "en",
    slug: "how-long-do-trail-running-shoes-last",
    keyword: EN_FIXTURE_KEYWORD,
    site: "Muddy Miles",
    title: "How Long Do Trail Running Shoes Last? Care and Replacement Tips",
    description:
      "Most trail running shoes last 500 to 800 km. Learn the signs of a worn-out pair and how to make your shoes last longer.",
    h1: "How Long Do Trail Running Shoes Last?",
    author: "Tom Reilly",
    date: "2024-01-22",
    intro: [
      "Most trail running shoes last between 500 and 800 km. Soft, sticky rubber and rocky terrain put a pair at the low end of that range; forest trails and a light stride put it at the high end.",
    ],
    sections: [
      {
        heading: "Signs your shoes are worn out",
        paragraphs: [
          "Check your shoes every month. Worn lugs are the easiest sign to see, but the midsole usually dies first, and that is what your knees notice.",
        ],
        list: [
          "Lugs worn down by half or more under the forefoot",
          "Creases in the midsole foam that stay when the shoe is unloaded",
          "The heel counter collapses when you press it",
          "New aches in the knees or shins after runs that used to feel easy",
        ],
      },
      {
        heading: "How to make them last longer",
        paragraphs: [
          "Rinse off mud with lukewarm water and a soft brush after muddy runs, never in a washing machine. Dry them at room temperature with newspaper inside; a radiator or dryer can weaken the glue and deform the foam.",
          "Rotating two pairs gives the midsole 24 to 48 hours to recover between runs, which can extend the life of each pair by 10 to 20 %.",
        ],
      },
    ],
    faqTitle: "FAQ",
    faq: [
      {
        q: "Can I put trail running shoes in the washing machine?",
        a: "It is not recommended: the heat and tumbling weaken the glue and the foam. Rinse and brush them by hand instead.",
      },
      {
        q: "How many kilometres do trail running shoes last?",
        a: "Between 500 and 800 km for most shoes, depending on the rubber, the terrain and your weight.",
      },
    ],
  },
];
