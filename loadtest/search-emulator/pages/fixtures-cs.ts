/**
 * Ručně psané české stránky výsledků pro „běžecké boty“: čtyři úhly pohledu (dlouhý průvodce
 * výběrem, srovnání testovaných modelů, silnice vs. terén, životnost a péče) různé délky,
 * s konkrétními čísly a častými dotazy. Značky a modely jsou smyšlené, aby se o žádném
 * skutečném výrobku nic nevymýšlelo.
 */
import type { EmulatedPage } from "./types.ts";

export const CS_FIXTURE_KEYWORD = "běžecké boty";

export const CS_FIXTURE_PAGES: readonly EmulatedPage[] = [
  {
    lang: "cs",
    slug: "jak-vybrat-bezecke-boty",
    keyword: CS_FIXTURE_KEYWORD,
    site: "Běžecký magazín",
    title: "Jak vybrat běžecké boty: kompletní průvodce pro rok 2024",
    description:
      "Pronace, drop, tlumení, velikost i povrch: vše, co rozhoduje při výběru běžeckých bot, vysvětlené srozumitelně a s konkrétními čísly.",
    h1: "Jak vybrat běžecké boty",
    author: "Lucie Dvořáková",
    date: "2024-02-12",
    intro: [
      "Běžecké boty jsou jediné vybavení, bez kterého se při běhu opravdu neobejdete. Dobře zvolený pár vám ušetří puchýře, bolavá kolena i zbytečné peníze. Špatně zvolený pár skončí po třech týdnech v botníku.",
      "V redakci jsme za posledních pět let otestovali přes 80 párů na silnici, v lese i na horských stezkách. V tomto průvodci shrnujeme, podle čeho vybírat a na co se v prodejně ptát.",
    ],
    sections: [
      {
        heading: "Kde budete běhat?",
        paragraphs: [
          "Nejdřív si ujasněte, po jakém povrchu budete běhat nejčastěji. Silniční boty mají hladkou podrážku a měkké tlumení, trailové boty výrazný vzorek a pevnější svršek. Pokud běháte napůl po asfaltu a napůl po lesních cestách, hledejte takzvané hybridní boty se vzorkem hlubokým 2 až 3 mm.",
        ],
      },
      {
        heading: "Typ došlapu a pronace",
        paragraphs: [
          "Pronace je přirozené stáčení chodidla dovnitř při dopadu. Mírná pronace je v pořádku; pokud se ale chodidlo stáčí výrazně, pomohou stabilní boty s pevnější vnitřní stranou mezipodešve. Podle odhadů prodejců potřebuje stabilní boty zhruba každý čtvrtý rekreační běžec.",
          "Typ došlapu vám zdarma změří většina specializovaných prodejen na běžeckém pásu. Analýza trvá asi 10 minut a vyplatí se hlavně u prvních bot.",
        ],
      },
      {
        heading: "Drop, tlumení a hmotnost",
        paragraphs: [
          "Drop je rozdíl výšky paty a špičky. Běžné silniční boty mají drop 8 až 10 mm, minimalistické boty 0 až 4 mm. Nižší drop více zatěžuje lýtka a Achillovy šlachy, proto na něj přecházejte postupně, alespoň šest týdnů.",
          "Tlumení chrání klouby na tvrdém povrchu. Boty s vysokou mezipodešví kolem 35 mm se hodí na dlouhé běhy a vyšší hmotnost běžce, nižší boty kolem 20 mm dávají lepší kontakt se zemí.",
        ],
        subsections: [
          {
            heading: "Kolik mají boty vážit?",
            paragraphs: [
              "Lehké závodní boty váží kolem 200 g, běžné tréninkové 250 až 300 g a trailové boty s ochrannou destičkou 290 až 330 g (pánská velikost 42). Pro začátek je rozumnější pohodlí než každý ušetřený gram.",
            ],
          },
          {
            heading: "Měkké, nebo tvrdé tlumení?",
            paragraphs: [
              "Měkká pěna je pohodlná na pomalé a dlouhé běhy, tvrdší a pružnější pěna lépe vrací energii při rychlém tempu. Mnoho běžců proto střídá dva páry.",
            ],
          },
        ],
      },
      {
        heading: "Jak zvolit správnou velikost",
        paragraphs: [
          "Běžecké boty kupujte o půl až jedno číslo větší než vycházkovou obuv. Před nejdelším prstem nechte volné místo na šířku palce, tedy asi 1 cm. Chodidlo během běhu otéká a na seběhu klouže dopředu.",
          "Boty zkoušejte odpoledne, kdy jsou nohy mírně oteklé, a v ponožkách, ve kterých běháte. V prodejně se v nich projděte a ideálně i proběhněte.",
        ],
        list: [
          "Pata v botě nesmí klouzat nahoru a dolů",
          "Prsty musí mít místo do šířky i do výšky",
          "Šněrování nesmí tlačit na nárt",
          "Bota by měla být pohodlná hned, nečekejte, že se „rozchodí“",
        ],
      },
      {
        heading: "Kolik stojí dobré běžecké boty?",
        paragraphs: [
          "Kvalitní běžecké boty stojí zhruba 2 500 až 4 500 Kč. Levnější modely často šetří na mezipodešvi, která pak rychleji ztratí tlumení. Dražší boty s karbonovou deskou mají smysl hlavně na závody. Při životnosti 600 až 800 km vás pár za 3 500 Kč vyjde asi na 5 Kč za kilometr.",
        ],
      },
    ],
    faqTitle: "Časté dotazy",
    faq: [
      {
        q: "Mají být běžecké boty o číslo větší?",
        a: "Obvykle o půl až jedno číslo. Před palcem by mělo zůstat asi 1 cm volného místa, aby prsty na seběhu nenarážely do špičky.",
      },
      {
        q: "Jak často měnit běžecké boty?",
        a: "Zhruba každých 600 až 800 km, dříve pokud je podrážka sjetá nebo mezipodešev ztratila pružnost.",
      },
      {
        q: "Potřebuji na běhání speciální ponožky?",
        a: "Doporučujeme funkční ponožky bez švů. Bavlna nasákne potem a zvyšuje riziko puchýřů.",
      },
      {
        q: "Jaký drop zvolit pro začátečníka?",
        a: "Pro začátek je nejbezpečnější drop 8 až 10 mm, na který je většina lidí zvyklá z běžné obuvi.",
      },
    ],
  },
  {
    lang: "cs",
    slug: "nejlepsi-bezecke-boty-srovnani",
    keyword: CS_FIXTURE_KEYWORD,
    site: "TestBěhu.cz",
    title: "Nejlepší běžecké boty 2024: srovnání 6 modelů po 1 000 km",
    description:
      "Šest párů běžeckých bot jsme nechali naběhat celkem 1 000 km. Srovnání hmotnosti, tlumení, dropu a ceny a doporučení pro každý typ běžce.",
    h1: "Nejlepší běžecké boty roku 2024",
    author: "Martin Novotný",
    date: "2024-04-08",
    intro: [
      "Čtyři testeři z naší redakce letos na jaře naběhali v šesti párech běžeckých bot dohromady 1 000 km: po pražských nábřežích, v Krkonoších i na dvou půlmaratonech. Každou botu jsme zvážili, změřili drop a po 150 km zkontrolovali opotřebení podrážky.",
    ],
    sections: [
      {
        heading: "Srovnání v tabulce",
        paragraphs: [
          "Hmotnost uvádíme pro pánskou velikost 42, ceny jsou doporučené maloobchodní ceny v dubnu 2024.",
        ],
        table: {
          head: ["Model", "Hmotnost", "Drop", "Povrch", "Cena", "Pro koho"],
          rows: [
            ["Vítr Aero 4", "235 g", "8 mm", "silnice", "3 290 Kč", "rychlé tréninky"],
            ["Horal Trail 2", "295 g", "6 mm", "terén", "3 690 Kč", "lesní a horské stezky"],
            ["Pulz Comfort", "280 g", "10 mm", "silnice", "2 890 Kč", "začátečníci"],
            ["Kamzík GTX", "320 g", "8 mm", "terén", "4 290 Kč", "zima a déšť"],
            ["Sprint Carbon", "205 g", "8 mm", "silnice", "5 490 Kč", "závody"],
            ["Stopa Hybrid", "265 g", "6 mm", "kombinace", "3 190 Kč", "asfalt i lesní cesty"],
          ],
        },
      },
      {
        heading: "Vítěz testu: Horal Trail 2",
        paragraphs: [
          "Horal Trail 2 nás přesvědčil všestranností. Vzorek hluboký 4,5 mm držel na mokrých kořenech i na žule, ochranná destička spolehlivě tlumila ostré kameny a po 150 km byla podrážka sjetá jen o 0,5 mm. Při hmotnosti 295 g se v něm dá běhat i svižné tempo.",
        ],
      },
      {
        heading: "Nejlepší pro začátečníky: Pulz Comfort",
        paragraphs: [
          "Měkké tlumení, drop 10 mm a široká špička dělají z Pulz Comfort ideální první botu. Za 2 890 Kč nabízí nejlepší poměr ceny a výkonu v testu. Na rychlé úseky je ale příliš měkká.",
        ],
      },
      {
        heading: "Jak jsme testovali",
        paragraphs: [
          "Každý model naběhal alespoň 150 km a vyzkoušeli ho minimálně dva testeři. Přilnavost jsme hodnotili na stupnici 1 až 10 na mokrém asfaltu, suchém asfaltu, šotolině a v blátě, pohodlí po bězích delších než 20 km.",
        ],
        list: [
          "Hmotnost na kuchyňské váze s přesností na gram",
          "Drop změřený posuvným měřítkem",
          "Opotřebení podrážky měřené každých 50 km",
        ],
      },
    ],
    faqTitle: "Často kladené otázky",
    faq: [
      {
        q: "Které běžecké boty jsou nejlepší pro začátečníky?",
        a: "Boty s měkčím tlumením, dropem 8 až 10 mm a dostatečně širokou špičkou, v našem testu Pulz Comfort.",
      },
      {
        q: "Vyplatí se boty s karbonovou deskou?",
        a: "Hlavně na závody a rychlé tréninky. Na běžné pomalé běhy je karbonová deska zbytečná a boty se rychleji opotřebí.",
      },
      {
        q: "Kolik by měly vážit běžecké boty?",
        a: "Tréninkové boty obvykle 250 až 300 g, závodní kolem 200 g a trailové 290 až 330 g.",
      },
    ],
  },
  {
    lang: "cs",
    slug: "bezecke-boty-silnice-vs-teren",
    keyword: CS_FIXTURE_KEYWORD,
    site: "Běháme venku",
    title: "Běžecké boty na silnici, nebo do terénu? V čem se liší",
    description:
      "Silniční a trailové běžecké boty se liší podrážkou, svrškem i tlumením. Poradíme, kdy stačí jedny a kdy se vyplatí mít dva páry.",
    h1: "Běžecké boty na silnici, nebo do terénu?",
    author: "Petra Horáková",
    date: "2023-10-30",
    intro: [
      "Běháte po asfaltu i po lesních cestách a nevíte, jaké běžecké boty koupit? Rozdíly mezi silničními a trailovými botami jsou větší, než se na první pohled zdá.",
    ],
    sections: [
      {
        heading: "Podrážka a přilnavost",
        paragraphs: [
          "Silniční boty mají hladkou podrážku s drážkami hlubokými 1 až 2 mm, která dlouho vydrží na asfaltu. Trailové boty mají výstupky hluboké 3 až 6 mm z měkčí pryže, která drží na blátě, mokré trávě i kamenech.",
        ],
      },
      {
        heading: "Svršek a ochrana",
        paragraphs: [
          "Svršek trailových bot je z pevnější síťoviny a má zesílenou špičku, která chrání prsty před kořeny a kameny. Silniční boty mají lehký a prodyšný svršek, který se ale v terénu snadno roztrhne.",
        ],
      },
      {
        heading: "Kdy stačí jedny boty?",
        paragraphs: [
          "Pokud běháte převážně po asfaltu a jen občas po suchých lesních cestách, stačí silniční boty. Jakmile běháte pravidelně v blátě, na mokrých kořenech nebo na prudkých sebězích, vyplatí se druhý pár do terénu.",
        ],
        list: [
          "Asfalt a chodníky: silniční boty",
          "Šotolina a udržované lesní cesty: hybridní boty",
          "Bláto, kořeny, kameny a hory: trailové boty",
        ],
      },
    ],
    faqTitle: "Časté dotazy",
    faq: [
      {
        q: "Můžu běhat v trailových botách po asfaltu?",
        a: "Krátké úseky ano. Hluboký vzorek se ale na asfaltu rychle obrušuje a bota působí méně stabilně.",
      },
      {
        q: "Jsou trailové boty těžší?",
        a: "Obvykle o 20 až 50 g na botu, kvůli hlubšímu vzorku, pevnějšímu svršku a ochranné destičce.",
      },
    ],
  },
  {
    lang: "cs",
    slug: "jak-dlouho-vydrzi-bezecke-boty",
    keyword: CS_FIXTURE_KEYWORD,
    site: "Zdravý pohyb",
    title: "Jak dlouho vydrží běžecké boty a jak o ně pečovat",
    description:
      "Běžecké boty vydrží obvykle 600 až 800 km. Podle čeho poznat opotřebené boty a jak jim správnou péčí prodloužit život.",
    h1: "Jak dlouho vydrží běžecké boty?",
    author: "Jan Kratochvíl",
    date: "2024-01-15",
    intro: [
      "Běžecké boty vydrží obvykle 600 až 800 km. Lehčí závodní modely bývají na konci životnosti už kolem 400 km, robustní tréninkové boty zvládnou i 1 000 km.",
    ],
    sections: [
      {
        heading: "Podle čeho poznat opotřebené boty",
        paragraphs: [
          "Nejdřív obvykle odejde mezipodešev, i když podrážka ještě vypadá dobře. Pozor si dejte hlavně na tyto příznaky:",
        ],
        list: [
          "Podrážka je pod přední částí chodidla sjetá na hladko",
          "Mezipodešev má hluboké vrásky, které nezmizí",
          "Pata se při stlačení prohýbá do stran",
          "Po běhu vás nově bolí kolena nebo holeně",
        ],
      },
      {
        heading: "Jak o běžecké boty pečovat",
        paragraphs: [
          "Bláto opláchněte vlažnou vodou a měkkým kartáčkem, do pračky boty nedávejte. Sušte je při pokojové teplotě s novinami uvnitř, nikdy ne na topení: teplo oslabuje lepidlo i pěnu mezipodešve.",
          "Pokud běháte častěji než třikrát týdně, střídejte dva páry. Pěna mezipodešve se za 24 až 48 hodin vzpamatuje a každý pár pak vydrží o 10 až 20 % déle.",
        ],
      },
    ],
    faqTitle: "Časté dotazy",
    faq: [
      {
        q: "Můžu prát běžecké boty v pračce?",
        a: "Nedoporučujeme to: teplo a mechanické namáhání oslabují lepidlo i pěnu. Boty raději umyjte ručně.",
      },
      {
        q: "Kolik kilometrů vydrží běžecké boty?",
        a: "Většina bot vydrží 600 až 800 km, podle hmotnosti běžce, povrchu a typu pěny.",
      },
    ],
  },
];
