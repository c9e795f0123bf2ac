/**
 * České šablony stránek pro libovolné klíčové slovo: šest úhlů pohledu, vyplněných klíčovým
 * slovem a čísly a formulacemi z generátoru, který je inicializovaný klíčovým slovem a úhlem.
 * Klíčové slovo stojí v nadpisech v 1. pádě a v textu v uvozovkách, takže věty zůstávají
 * gramaticky správné pro jakékoli slovo.
 */
import type { SeededRandom } from "../rng.ts";
import type { EmulatedPage, PageSection } from "./types.ts";

export const CS_ANGLES = [
  "pruvodce",
  "chyby",
  "srovnani",
  "zacatecnici",
  "otazky",
  "cena",
] as const;
export type CsAngle = (typeof CS_ANGLES)[number];

const SITES = [
  "Praktický rádce",
  "Chytrý výběr",
  "Poradna.info",
  "Testujeme za vás",
  "Domácí expert",
];
const AUTHORS = [
  "Eva Svobodová",
  "Tomáš Marek",
  "Kateřina Veselá",
  "Pavel Černý",
  "Jana Procházková",
];
const BRANDS = ["Severka", "Javor", "Modrava", "Sokol", "Lipno", "Orlík", "Radegast"];
const MODELS = ["Plus", "Pro", "Klasik", "Max", "Lite", "Duo", "S2"];

function cap(text: string): string {
  return text.charAt(0).toLocaleUpperCase("cs") + text.slice(1);
}

/** `3500` → `3 500 Kč` (grouped by hand: the runtime's locale data may lack Czech). */
function kc(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0")}\u00a0Kč`;
}

interface Ctx {
  k: string;
  K: string;
  q: string;
  r: SeededRandom;
}

type Body = Omit<EmulatedPage, "lang" | "slug" | "keyword" | "site" | "author" | "date">;

function faqFor(c: Ctx, count: number) {
  const { q, r } = c;
  const all = [
    {
      q: `Na co se zaměřit, když řešíte ${q}?`,
      a: `Nejdřív si ujasněte, jak často to budete využívat, a pak porovnejte kvalitu, cenu a recenze. V naší anketě mezi ${r.int(300, 900)} čtenáři označilo kvalitu za rozhodující ${r.int(55, 75)} % z nich.`,
    },
    {
      q: `Kolik stojí ${q}?`,
      a: `Základní varianty začínají zhruba na ${kc(r.int(5, 15) * 100)}, střední třída vyjde na ${kc(r.int(20, 40) * 100)} a prémiové varianty na ${kc(r.int(50, 120) * 100)} a více.`,
    },
    {
      q: `Jak dlouho trvá, než se v tématu ${q} zorientujete?`,
      a: `Většina lidí se cítí jistě po ${r.int(3, 8)} týdnech pravidelné praxe, přibližně ${r.int(2, 4)}krát týdně.`,
    },
    {
      q: `Vyplatí se ${q}?`,
      a: `Podle ${r.int(70, 90)} % dotázaných ano: přínos se projevil během prvních ${r.int(2, 6)} měsíců.`,
    },
    {
      q: `Jaká je nejčastější chyba, když jde o ${q}?`,
      a: "Příliš rychlé rozhodnutí. Věnujte hodinu porovnání alespoň tří možností a přečtěte si i drobné písmo.",
    },
    {
      q: `Kde se o tématu ${q} dozvědět víc?`,
      a: "Víc než reklama pomohou místní kluby, specializované obchody a nezávislé recenze. Zeptejte se lidí, kteří s tím mají alespoň roční zkušenost.",
    },
  ];
  return r.sample(all, count);
}

function pruvodce(c: Ctx): Body {
  const { K, q, r } = c;
  const tested = r.int(20, 60);
  const sections: PageSection[] = [
    {
      heading: "Co potřebujete vědět na začátku",
      paragraphs: [
        `Téma ${q} je oblast, kde drobnosti dělají velký rozdíl. Za ${r.int(5, 12)} let jsme prošli přes ${tested} možností a mluvili s desítkami lidí, kteří s tím mají každodenní zkušenost.`,
        "Dobrá zpráva: nemusíte být odborník. Tři nebo čtyři poctivě zodpovězené otázky zúží výběr na několik dobrých možností.",
      ],
    },
    {
      heading: "Jak vybírat",
      paragraphs: [
        `Začněte rozpočtem a tím, jak často to budete využívat. Kdo to potřebuje ${r.int(2, 4)}krát týdně, má jiné priority než ten, kdo to potřebuje dvakrát do roka.`,
      ],
      subsections: [
        {
          heading: "Kvalita a životnost",
          paragraphs: [
            `Kvalitnější materiály obvykle vydrží ${r.int(2, 4)}krát déle. Za ${r.int(3, 6)} let tak dražší varianta často vyjde levněji.`,
          ],
        },
        {
          heading: "Pohodlí a jednoduchost",
          paragraphs: [
            `Co je nepohodlné, to používáte méně. V našich testech dalo ${r.int(60, 80)} % lidí přednost jednodušší variantě, i když měla méně funkcí.`,
          ],
        },
      ],
    },
    {
      heading: "Kontrolní seznam",
      paragraphs: ["Než se rozhodnete, projděte si tento seznam:"],
      list: [
        "Stanovte si rozpočet včetně provozních nákladů",
        "Porovnejte alespoň tři možnosti vedle sebe",
        "Čtěte nezávislé recenze, ne jen stránky prodejce",
        "Zkontrolujte záruku a podmínky vrácení",
      ],
    },
  ];
  return {
    title: `${K}: kompletní průvodce pro rok 2024`,
    description: `Vše, co potřebujete vědět: ${q} – jak vybírat, kolik to stojí a jakým chybám se vyhnout. Na základě ${tested} možností, které jsme prošli.`,
    h1: `${K}: kompletní průvodce`,
    intro: [
      `Když se poprvé pouštíte do tématu ${q}, může to působit zmateně: možností je mnoho a každý prodejce tvrdí, že je nejlepší.`,
      "Tento průvodce vám pomůže se zorientovat. Vysvětluje, na čem záleží, kolik to stojí a kde lidé nejčastěji chybují.",
    ],
    sections,
    faqTitle: "Časté dotazy",
    faq: faqFor(c, 4),
  };
}

function chyby(c: Ctx): Body {
  const { K, q, r } = c;
  const n = r.int(5, 7);
  const items: Array<[string, string]> = [
    [
      "Chybí předem stanovený rozpočet",
      `Bez limitu se snadno utratí o ${r.int(30, 60)} % víc, než bylo v plánu.`,
    ],
    [
      "Rozhoduje jen cena",
      `Nejlevnější varianta v ${r.int(3, 5)} z ${r.int(8, 10)} sledovaných případů nevydržela ani rok.`,
    ],
    [
      "Ignorování dlouhodobých recenzí",
      "První dojem toho o výdrži po měsících používání moc neřekne.",
    ],
    [
      "Nečtení drobného písma",
      `Záruční podmínky se liší víc, než byste čekali: od ${r.int(6, 12)} měsíců po ${r.int(3, 5)} roky.`,
    ],
    [
      "Příliš mnoho najednou",
      `Většina lidí, kteří to vzdají, skončí v prvních ${r.int(3, 6)} týdnech, obvykle kvůli příliš ambicióznímu začátku.`,
    ],
    ["Nikoho se nezeptat", "Desetiminutový rozhovor se zkušeným uživatelem ušetří hodiny hledání."],
    [
      "Zapomenuté provozní náklady",
      `Údržba a doplňky přidají ročně ${r.int(10, 25)} % k pořizovací ceně.`,
    ],
  ];
  return {
    title: `${K}: ${n} nejčastějších chyb a jak se jim vyhnout`,
    description: `Těchto ${n} chyb stojí lidi čas i peníze, když řeší ${q}. Poradíme, jak je poznat a co dělat jinak.`,
    h1: `${K}: ${n} nejčastějších chyb`,
    intro: [
      `Zeptali jsme se ${r.int(200, 600)} čtenářů, co by udělali jinak, kdyby s tématem ${q} začínali znovu. Stejné odpovědi se opakovaly pořád dokola.`,
    ],
    sections: items.slice(0, n).map(([heading, text], i) => ({
      heading: `${i + 1}. ${heading}`,
      paragraphs: [text, "Trpělivost se vyplácí: dejte si na tomto kroku záležet."],
    })),
    faqTitle: "Časté dotazy",
    faq: faqFor(c, 3),
  };
}

function srovnani(c: Ctx): Body {
  const { K, q, r } = c;
  const names = r.sample(BRANDS, 4).map((b) => `${b} ${r.pick(MODELS)}`);
  const rows = names.map((name) => [
    name,
    kc(r.int(10, 80) * 100),
    `${r.int(6, 9)},${r.int(0, 9)} / 10`,
    r.pick([
      "Nejlepší celkově",
      "Nejlepší poměr ceny a výkonu",
      "Prémiová volba",
      "Pro začátečníky",
    ]),
  ]);
  return {
    title: `${K}: srovnání a doporučení pro rok 2024`,
    description: `Porovnali jsme ${names.length} oblíbené možnosti – ${q} – podle ceny, kvality a jednoduchosti. Podívejte se, která se hodí právě vám.`,
    h1: `${K}: srovnání ${names.length} možností`,
    intro: [
      `Celkem ${r.int(4, 10)} týdnů jsme porovnávali nejoblíbenější možnosti pro ${q}. Každou jsme hodnotili podle kvality, jednoduchosti a poměru ceny a výkonu.`,
    ],
    sections: [
      {
        heading: "Srovnání v tabulce",
        paragraphs: ["Ceny jsou běžné maloobchodní ceny v době psaní článku."],
        table: { head: ["Varianta", "Cena", "Naše hodnocení", "Verdikt"], rows },
      },
      {
        heading: `Nejlepší celkově: ${names[0]}`,
        paragraphs: [
          `${names[0]} získal v testu nejvyšší hodnocení díky kvalitnímu zpracování a jednoduchému nastavení. Není nejlevnější, ale testeři ho používali i po skončení testu.`,
        ],
      },
      {
        heading: `Nejlepší poměr ceny a výkonu: ${names[1]}`,
        paragraphs: [
          `Za zhruba ${r.int(40, 70)} % ceny vítěze nabízí ${names[1]} vše, co většina lidí potřebuje. Daní je kratší záruka.`,
        ],
      },
      {
        heading: "Jak jsme srovnávali",
        paragraphs: [
          `Každou variantu používali alespoň ${r.int(2, 4)} testeři nejméně ${r.int(10, 30)} hodin.`,
        ],
      },
    ],
    faqTitle: "Časté dotazy",
    faq: faqFor(c, 3),
  };
}

function zacatecnici(c: Ctx): Body {
  const { K, q, r } = c;
  return {
    title: `${K} pro začátečníky: jak začít`,
    description: `Začínáte a řešíte ${q}? Postup krok za krokem: co potřebujete, kolik to stojí a jak dlouho to trvá.`,
    h1: `${K} pro začátečníky`,
    intro: [
      `Každý někde začínal. Tento krátký návod ukazuje, jak se do tématu ${q} pustit bez zbytečných výdajů a ztráty motivace.`,
    ],
    sections: [
      {
        heading: "Co potřebujete na začátek",
        paragraphs: [
          `Méně, než si myslíte. Základní vybavení stojí kolem ${kc(r.int(5, 25) * 100)} a vylepšovat můžete později, až budete vědět, co vám vyhovuje.`,
        ],
        list: [
          "Základní variantu, ne prémiovou",
          "Hodinu týdně na praxi",
          "Jeden spolehlivý zdroj rad",
        ],
      },
      {
        heading: "První čtyři týdny",
        paragraphs: [
          `Naplánujte si ${r.int(2, 3)} krátké bloky týdně. Většina začátečníků vidí jasný pokrok po ${r.int(3, 5)} týdnech.`,
          "Jakmile se ze základů stane rutina, jde všechno mnohem snáz.",
        ],
      },
      {
        heading: "Kde začátečníci chybují",
        paragraphs: [
          `Nejčastějším problémem je netrpělivost: ${r.int(40, 60)} % začátečníků v naší anketě přiznalo, že chtěli v prvním měsíci zvládnout příliš mnoho.`,
        ],
      },
    ],
    faqTitle: "Otázky začátečníků",
    faq: faqFor(c, 3),
  };
}

function otazky(c: Ctx): Body {
  const { K, q, r } = c;
  const faq = faqFor(c, 6);
  return {
    title: `${K}: odpovědi na ${faq.length} nejčastějších otázek`,
    description: `Krátké a jasné odpovědi na otázky, které lidé nejčastěji kladou – ${q} – od cen po nejčastější chyby.`,
    h1: `${K}: odpovídáme na vaše otázky`,
    intro: [
      `Sebrali jsme otázky, které nám čtenáři na téma ${q} kladou nejčastěji: jen za poslední rok jich bylo ${r.int(150, 500)}.`,
    ],
    sections: [
      {
        heading: "Stručně",
        paragraphs: [
          `Pokud si přečtete jen jeden odstavec: porovnejte alespoň tři možnosti, stanovte si rozpočet včetně provozních nákladů a výsledky hodnoťte nejdřív po ${r.int(3, 6)} týdnech.`,
        ],
      },
    ],
    faqTitle: "Všechny otázky a odpovědi",
    faq,
  };
}

function cena(c: Ctx): Body {
  const { K, q, r } = c;
  const low = r.int(5, 15) * 100;
  const mid = r.int(20, 40) * 100;
  const high = r.int(50, 120) * 100;
  return {
    title: `${K}: kolik to stojí a za co se vyplatí připlatit`,
    description: `Kolik opravdu stojí ${q}: základ od ${kc(low)}, střední třída kolem ${kc(mid)}, prémie od ${kc(high)} – a provozní náklady, o kterých se nemluví.`,
    h1: `${K}: kolik to stojí?`,
    intro: [
      `Ceny se u tématu ${q} hodně liší. Ukážeme, co dostanete v které cenové hladině a kde se připlácení přestává vyplácet.`,
    ],
    sections: [
      {
        heading: "Cenové hladiny",
        paragraphs: ["Běžné ceny v době psaní článku:"],
        table: {
          head: ["Hladina", "Běžná cena", "Pro koho"],
          rows: [
            ["Základní", kc(low), "Na vyzkoušení"],
            ["Střední", kc(mid), "Pravidelné používání"],
            ["Prémiová", `${kc(high)} a více`, "Každodenní náročné používání"],
          ],
        },
      },
      {
        heading: "Provozní náklady",
        paragraphs: [`Počítejte ročně s ${r.int(10, 25)} % pořizovací ceny na údržbu a doplňky.`],
      },
      {
        heading: "Kdy se vyplatí připlatit",
        paragraphs: [
          `Pokud to využijete víc než ${r.int(2, 4)}krát týdně, střední třída se obvykle zaplatí do ${r.int(12, 24)} měsíců.`,
        ],
      },
    ],
    faqTitle: "Časté dotazy",
    faq: faqFor(c, 3),
  };
}

const BUILDERS: Record<CsAngle, (c: Ctx) => Body> = {
  pruvodce,
  chyby,
  srovnani,
  zacatecnici,
  otazky,
  cena,
};

/** Jedna česká stránka pro klíčové slovo a úhel pohledu. */
export function generateCsPage(
  keyword: string,
  angle: CsAngle,
  slug: string,
  r: SeededRandom,
): EmulatedPage {
  const k = keyword.trim().replace(/\s+/g, " ");
  const body = BUILDERS[angle]({ k, K: cap(k), q: `„${k}“`, r });
  return {
    lang: "cs",
    slug,
    keyword: k,
    site: r.pick(SITES),
    author: r.pick(AUTHORS),
    date: `2024-0${r.int(1, 9)}-${String(r.int(1, 28)).padStart(2, "0")}`,
    ...body,
  };
}
