/**
 * A fictional outdoor magazine, "Trail & Pace", for internal links and the cannibalisation
 * check: 20 articles (10 English, 10 Czech) on running, hiking, shoes and nutrition, each at
 * `/site/<lang>/<slug>`, listed by a sitemap index (`/site/sitemap.xml`) that points to one
 * sitemap per language. One article per language is about the test keyword ("trail running
 * shoes", "běžecké boty"), so a new article on it overlaps an existing one.
 */
import { escapeHtml } from "./pages/render.ts";
import type { PageLanguage } from "./pages/types.ts";

export const SITE_NAME = "Trail & Pace";

export interface SiteArticle {
  lang: PageLanguage;
  slug: string;
  title: string;
  paragraphs: string[];
  /** ISO date of the last change (sitemap `lastmod`). */
  lastmod: string;
}

export const SITE_ARTICLES: readonly SiteArticle[] = [
  {
    lang: "en",
    slug: "trail-running-shoes-how-we-choose",
    title: "Trail Running Shoes: How We Choose Ours",
    lastmod: "2024-03-02",
    paragraphs: [
      "Every member of our team runs in different trail running shoes, but we all choose them the same way: terrain first, fit second, everything else third. For rocky mountain routes we want 4 to 5 mm lugs and a rock plate; for forest trails a lighter shoe with 3 mm lugs is enough.",
      "We replace our shoes every 600 to 700 km and keep an older pair for muddy days. Fit matters more than any feature: a thumb's width in front of the longest toe and a heel that does not slip.",
    ],
  },
  {
    lang: "en",
    slug: "first-trail-run",
    title: "Your First Trail Run: A Step-by-Step Plan",
    lastmod: "2024-02-14",
    paragraphs: [
      "Pick a well-marked loop of 5 to 8 km with little climbing, and plan to walk the uphills. Trail running is slower than road running: expect to take 20 to 30 % longer for the same distance.",
      "Tell someone where you are going, carry a charged phone and 500 ml of water, and look a few metres ahead rather than at your feet.",
    ],
  },
  {
    lang: "en",
    slug: "hiking-boots-vs-trail-runners",
    title: "Hiking Boots or Trail Runners? Choosing Footwear for Day Hikes",
    lastmod: "2023-09-21",
    paragraphs: [
      "Trail runners weigh about half as much as leather hiking boots, and every kilogram on your feet feels like five on your back. For day hikes on good paths, many hikers now prefer them.",
      "Boots still win with a heavy pack, in deep snow and on loose scree, where ankle support and a stiff sole matter.",
    ],
  },
  {
    lang: "en",
    slug: "running-nutrition-long-runs",
    title: "What to Eat Before, During and After Long Runs",
    lastmod: "2024-01-08",
    paragraphs: [
      "Eat a carbohydrate-rich meal two to three hours before a long run. During runs longer than 75 minutes, aim for 30 to 60 g of carbohydrate per hour from gels, bars or sports drinks.",
      "Afterwards, a meal with carbohydrate and 20 to 30 g of protein within two hours helps recovery.",
    ],
  },
  {
    lang: "en",
    slug: "hydration-vests",
    title: "Hydration Vests Explained: How Much Water to Carry",
    lastmod: "2023-07-30",
    paragraphs: [
      "Most runners need 400 to 800 ml of fluid per hour, more in heat. A vest with two 500 ml soft flasks covers two to three hours if there is a refill point on the way.",
      "Choose a vest by fit, not capacity: it should not bounce when full.",
    ],
  },
  {
    lang: "en",
    slug: "running-recovery",
    title: "Recovery After a Hard Run: Sleep, Food and Easy Days",
    lastmod: "2023-11-17",
    paragraphs: [
      "Sleep is the most effective recovery tool: seven to nine hours a night. Follow hard sessions with one or two easy days.",
      "Gentle movement such as walking or cycling speeds recovery more than complete rest.",
    ],
  },
  {
    lang: "en",
    slug: "day-hike-checklist",
    title: "The Day-Hike Checklist: 12 Things to Pack",
    lastmod: "2024-04-03",
    paragraphs: [
      "Water, food, a rain jacket, a warm layer, a map, a phone, a power bank, a headlamp, sun protection, a first-aid kit, a knife and a whistle.",
      "In the mountains add gloves and a hat even in summer: temperatures drop by about 0.65 °C for every 100 m of climbing.",
    ],
  },
  {
    lang: "en",
    slug: "prevent-blisters-long-runs",
    title: "How to Prevent Blisters on Long Runs",
    lastmod: "2023-06-12",
    paragraphs: [
      "Blisters come from friction, heat and moisture. Seamless synthetic or merino socks, shoes that fit and a little anti-chafe balm prevent most of them.",
      "Tape hot spots before the run, not after the blister appears.",
    ],
  },
  {
    lang: "en",
    slug: "uphill-downhill-running-technique",
    title: "Uphill and Downhill Running Technique",
    lastmod: "2023-10-05",
    paragraphs: [
      "Uphill, shorten your stride, lean slightly from the ankles and power-hike when the gradient passes about 15 %.",
      "Downhill, keep your feet under your hips, use quick light steps and let your arms widen for balance.",
    ],
  },
  {
    lang: "en",
    slug: "winter-running-gear",
    title: "Winter Running: Layers, Lights and Traction",
    lastmod: "2023-12-01",
    paragraphs: [
      "Dress as if it were 10 °C warmer than it is: a base layer, a light insulating layer and a windproof jacket.",
      "On ice, slip-on spikes give grip that no rubber compound can match; a headlamp of at least 300 lumens keeps you visible.",
    ],
  },
  {
    lang: "cs",
    slug: "bezecke-boty-jak-vybirame",
    title: "Běžecké boty: jak vybíráme ty naše",
    lastmod: "2024-03-02",
    paragraphs: [
      "Každý z naší redakce běhá v jiných běžeckých botách, ale vybíráme je všichni stejně: nejdřív povrch, potom padnutí a teprve pak všechno ostatní. Do hor chceme vzorek hluboký 4 až 5 mm a ochrannou destičku, na lesní cesty stačí lehčí bota se vzorkem 3 mm.",
      "Boty měníme každých 600 až 700 km a starší pár si necháváme na bláto. Padnutí je důležitější než jakákoli funkce: před nejdelším prstem místo na šířku palce a pata, která neklouže.",
    ],
  },
  {
    lang: "cs",
    slug: "prvni-beh-v-terenu",
    title: "První běh v terénu: plán krok za krokem",
    lastmod: "2024-02-14",
    paragraphs: [
      "Vyberte si dobře značený okruh dlouhý 5 až 8 km s malým převýšením a do kopců klidně choďte. Běh v terénu je pomalejší než po silnici: na stejnou vzdálenost počítejte s o 20 až 30 % delším časem.",
      "Řekněte někomu, kam jdete, vezměte si nabitý telefon a půl litru vody a dívejte se pár metrů před sebe, ne pod nohy.",
    ],
  },
  {
    lang: "cs",
    slug: "turisticke-boty-nebo-trailovky",
    title: "Turistické boty, nebo trailovky? Obuv na jednodenní túry",
    lastmod: "2023-09-21",
    paragraphs: [
      "Trailové boty váží zhruba polovinu toho, co kožené turistické boty, a každý kilogram na nohou se počítá jako pět na zádech. Na jednodenní túry po dobrých cestách je proto dnes volí mnoho turistů.",
      "S těžkým batohem, v hlubokém sněhu a na sutích ale dál vítězí kotníkové boty s tuhou podrážkou.",
    ],
  },
  {
    lang: "cs",
    slug: "vyziva-pred-dlouhym-behem",
    title: "Co jíst před dlouhým během, během něj a po něm",
    lastmod: "2024-01-08",
    paragraphs: [
      "Dvě až tři hodiny před dlouhým během si dejte jídlo bohaté na sacharidy. Při bězích delších než 75 minut doplňujte 30 až 60 g sacharidů za hodinu z gelů, tyčinek nebo iontových nápojů.",
      "Po běhu pomůže regeneraci jídlo se sacharidy a 20 až 30 g bílkovin do dvou hodin.",
    ],
  },
  {
    lang: "cs",
    slug: "bezecke-vesty",
    title: "Běžecké vesty: kolik vody s sebou nosit",
    lastmod: "2023-07-30",
    paragraphs: [
      "Většina běžců potřebuje 400 až 800 ml tekutin za hodinu, v horku víc. Vesta se dvěma měkkými lahvemi po 500 ml vystačí na dvě až tři hodiny, pokud je cestou kde doplnit vodu.",
      "Vestu vybírejte podle padnutí, ne podle objemu: plná nesmí poskakovat.",
    ],
  },
  {
    lang: "cs",
    slug: "regenerace-po-behu",
    title: "Regenerace po náročném běhu: spánek, jídlo a volné dny",
    lastmod: "2023-11-17",
    paragraphs: [
      "Nejúčinnějším nástrojem regenerace je spánek: sedm až devět hodin denně. Po náročném tréninku zařaďte jeden až dva lehké dny.",
      "Mírný pohyb, třeba chůze nebo kolo, urychlí zotavení víc než úplný odpočinek.",
    ],
  },
  {
    lang: "cs",
    slug: "co-sbalit-na-turu",
    title: "Co sbalit na jednodenní túru: 12 věcí",
    lastmod: "2024-04-03",
    paragraphs: [
      "Voda, jídlo, bunda do deště, teplá vrstva, mapa, telefon, powerbanka, čelovka, ochrana proti slunci, lékárnička, nůž a píšťalka.",
      "Do hor přibalte i v létě rukavice a čepici: na každých 100 výškových metrů klesne teplota zhruba o 0,65 °C.",
    ],
  },
  {
    lang: "cs",
    slug: "puchyre-pri-behu",
    title: "Jak předejít puchýřům při dlouhém běhu",
    lastmod: "2023-06-12",
    paragraphs: [
      "Puchýře vznikají třením, teplem a vlhkostí. Většině z nich zabrání bezešvé funkční nebo merino ponožky, dobře padnoucí boty a trocha krému proti odření.",
      "Citlivá místa přelepte před během, ne až když se puchýř objeví.",
    ],
  },
  {
    lang: "cs",
    slug: "technika-behu-do-kopce",
    title: "Technika běhu do kopce a z kopce",
    lastmod: "2023-10-05",
    paragraphs: [
      "Do kopce zkraťte krok, mírně se nakloňte z kotníků a od sklonu zhruba 15 % přejděte do rychlé chůze.",
      "Z kopce držte chodidla pod boky, dělejte rychlé lehké kroky a ruce nechte roztažené pro rovnováhu.",
    ],
  },
  {
    lang: "cs",
    slug: "beh-v-zime",
    title: "Běh v zimě: vrstvy, světla a protiskluzové návleky",
    lastmod: "2023-12-01",
    paragraphs: [
      "Oblékejte se, jako by bylo o 10 °C tepleji: funkční první vrstva, lehká zateplovací vrstva a bunda proti větru.",
      "Na ledu drží protiskluzové návleky lépe než jakákoli pryž a čelovka s alespoň 300 lumeny vás udělá viditelnými.",
    ],
  },
];

/** The site's sitemaps, one per language. */
export const SITE_SITEMAPS: Readonly<Record<PageLanguage, string>> = {
  en: "sitemap-en.xml",
  cs: "sitemap-cs.xml",
};

/** The absolute URL of an article. */
export function siteArticleUrl(base: string, a: Pick<SiteArticle, "lang" | "slug">): string {
  return `${base}/site/${a.lang}/${a.slug}`;
}

/** `/site/sitemap.xml`: a sitemap index pointing to the per-language sitemaps. */
export function sitemapIndexXml(base: string): string {
  const entries = (Object.keys(SITE_SITEMAPS) as PageLanguage[])
    .map((lang) => {
      const lastmod = SITE_ARTICLES.filter((a) => a.lang === lang)
        .map((a) => a.lastmod)
        .sort()
        .at(-1);
      return `  <sitemap>\n    <loc>${base}/site/${SITE_SITEMAPS[lang]}</loc>\n    <lastmod>${lastmod}</lastmod>\n  </sitemap>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}\n</sitemapindex>\n`;
}

/** `/site/sitemap-<lang>.xml`: the language's articles. */
export function sitemapXml(base: string, lang: PageLanguage): string {
  const urls = SITE_ARTICLES.filter((a) => a.lang === lang)
    .map(
      (a) =>
        `  <url>\n    <loc>${escapeHtml(siteArticleUrl(base, a))}</loc>\n    <lastmod>${a.lastmod}</lastmod>\n  </url>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

/** The first paragraph, cut at a word boundary to at most 155 characters. */
function summaryOf(article: SiteArticle): string {
  const first = article.paragraphs[0] ?? "";
  if (first.length <= 155) return first;
  return `${first.slice(0, first.lastIndexOf(" ", 154))}…`;
}

/** An article page: the site's navigation, the article, links to three other articles, a footer. */
export function renderSiteArticle(base: string, article: SiteArticle): string {
  const others = SITE_ARTICLES.filter(
    (a) => a.lang === article.lang && a.slug !== article.slug,
  ).slice(0, 3);
  const related = article.lang === "cs" ? "Další články" : "More articles";
  const rights = article.lang === "cs" ? "Všechna práva vyhrazena." : "All rights reserved.";
  return `<!doctype html>
<html lang="${article.lang}">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(article.title)} | ${SITE_NAME}</title>
  <meta name="description" content="${escapeHtml(summaryOf(article))}">
  <link rel="canonical" href="${escapeHtml(siteArticleUrl(base, article))}">
</head>
<body>
  <header><a href="${base}/site/${article.lang}/">${SITE_NAME}</a></header>
  <main>
    <article>
      <h1>${escapeHtml(article.title)}</h1>
${article.paragraphs.map((p) => `      <p>${escapeHtml(p)}</p>`).join("\n")}
    </article>
    <aside>
      <h2>${related}</h2>
      <ul>${others.map((o) => `<li><a href="${escapeHtml(siteArticleUrl(base, o))}">${escapeHtml(o.title)}</a></li>`).join("")}</ul>
    </aside>
  </main>
  <footer>© 2024 ${SITE_NAME}. ${rights}</footer>
</body>
</html>
`;
}

/** The articles of a language. */
export function siteArticle(lang: string, slug: string): SiteArticle | undefined {
  return SITE_ARTICLES.find((a) => a.lang === lang && a.slug === slug);
}
