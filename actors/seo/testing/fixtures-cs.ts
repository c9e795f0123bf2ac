/**
 * Czech test fixtures, written for seo-farm: competitor pages for "běžecké boty" as the
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

export const KEYWORD_CS = "běžecké boty";

export const COMPETITORS_CS: CompetitorPage[] = [
  page(
    "https://www.bezeckyobchod.example/jak-vybrat-bezecke-boty",
    "Jak vybrat běžecké boty: průvodce pro začátečníky",
    [
      [1, "Jak vybrat běžecké boty"],
      [2, "Silnice, nebo terén?"],
      [2, "Tlumení a drop"],
      [2, "Jak poznat správnou velikost?"],
      [2, "Kdy boty vyměnit?"],
    ],
    [
      "Správné běžecké boty rozhodují o tom, jestli vás běhání bude bavit, nebo jestli skončíte s bolestí kolen po prvních týdnech. Začátečníci často kupují boty podle vzhledu nebo podle toho, co nosí kamarádi. Lepší je začít otázkou, kde a jak často budete běhat.",
      "Pokud běháte hlavně po asfaltu a chodnících, vyberte silniční boty s hladší podrážkou a dobrým tlumením. Na lesní cesty, kořeny a bláto patří trailové boty s hrubým vzorkem podrážky, které drží i na mokrém povrchu. Kombinovaný povrch zvládnou univerzální modely s mírně vystouplým vzorkem.",
      "Tlumení chrání klouby při dopadu. Začátečník s vyšší hmotností ocení boty s výraznějším tlumením, například Brooks Ghost 15 nebo Hoka Clifton 9. Drop je rozdíl výšky paty a špičky, obvykle mezi 4 a 12 mm. Vyšší drop kolem 10 mm je pro začátek bezpečnější, protože méně zatěžuje Achillovu šlachu a lýtka.",
      "Boty zkoušejte odpoledne, kdy je noha po celodenní zátěži nejvíc oteklá. Mezi palcem a špičkou boty nechte asi jeden centimetr, tedy zhruba šířku palce. Pata nesmí v botě klouzat a nárt by neměl být stažený. Velikost se mezi značkami liší, a proto se neřiďte jen číslem na krabici.",
      "Běžecké boty vydrží přibližně 600 až 800 km. Pak se tlumicí pěna opotřebuje a bota přestane chránit klouby, i když zvenku vypadá jako nová. Pokud běháte třikrát týdně, počítejte s výměnou zhruba jednou za rok.",
      "Nezapomeňte ani na ponožky. Bavlněné ponožky nasáknou pot a na delších bězích dělají puchýře, proto sáhněte po funkčních běžeckých ponožkách ze syntetických vláken nebo z merino vlny. Kvalitní ponožky stojí kolem 300 Kč a vydrží několik sezón. Stejně důležité je nechat boty po běhu vyschnout při pokojové teplotě, nikdy ne na topení, protože teplo poškozuje lepené spoje a tlumicí pěnu.",
    ],
  ),
  page(
    "https://www.behamespolu.example/nejlepsi-bezecke-boty-pro-zacatecniky",
    "Nejlepší běžecké boty pro začátečníky v roce 2024",
    [
      [1, "Nejlepší běžecké boty pro začátečníky"],
      [2, "Na co se zaměřit při výběru"],
      [2, "Tlumení"],
      [2, "Pronace a typ došlapu"],
      [2, "Jaká je správná velikost bot?"],
      [2, "Naše doporučení"],
    ],
    [
      "Vybrat první běžecké boty není jednoduché. V obchodě najdete desítky modelů a každý slibuje pohodlí a rychlost. Pro začátečníka jsou nejdůležitější tři věci: tlumení, stabilita a správná velikost.",
      "Tlumení určuje, kolik nárazu pěna v mezipodešvi pohltí. Měkké boty jsou příjemné na delší pomalé běhy po asfaltu. Příliš měkká bota ale může být nestabilní, hlavně pokud máte slabší kotníky.",
      "Pronace je přirozené stáčení chodidla dovnitř při dopadu. Když se chodidlo stáčí hodně, mluvíme o nadměrné pronaci a pomohou stabilní boty s oporou klenby. Typ došlapu vám zdarma zjistí v lepší specializované prodejně na běžeckém pásu.",
      "Při zkoušení mějte na sobě běžecké ponožky. Špička boty by měla být o jeden centimetr delší než nejdelší prst. Pokud máte širší chodidlo, hledejte modely v široké verzi.",
      "Pro začátek doporučujeme Brooks Ghost 15, který je stabilní a dobře tlumí, nebo Nike Pegasus 40 pro lehčí běžce. Zájemci o maximální tlumení mohou sáhnout po modelu Hoka Clifton 9. Všechny tři váží kolem 280 g a stojí mezi 3 000 a 4 000 Kč.",
      "Nekupujte boty jen podle recenzí na internetu. Každá noha je jiná a model, který jednomu běžci sedí perfektně, může druhému dělat otlaky. Ideální je vyzkoušet si boty přímo v prodejně a proběhnout se v nich po pásu nebo alespoň po chodbě. Některé obchody umožňují vrátit boty do 30 dnů, i když jste v nich už běželi, takže můžete model v klidu otestovat.",
    ],
  ),
  page(
    "https://www.sportmagazin.example/druhy-bezeckych-bot",
    "Běžecké boty: silniční, trailové a závodní",
    [
      [1, "Druhy běžeckých bot"],
      [2, "Silniční boty"],
      [2, "Trailové boty"],
      [2, "Závodní boty s karbonovou deskou"],
      [2, "Jak dlouho vydrží běžecké boty?"],
    ],
    [
      "Běžecké boty se dělí podle povrchu a podle účelu. Jiné boty potřebuje začátečník, který běhá dvakrát týdně po parku, a jiné závodník, který trénuje na maraton.",
      "Silniční boty mají hladší podrážku a více tlumení v patě. Jsou určené na asfalt, beton a udržované šotolinové cesty. Typickým zástupcem je Nike Pegasus 40 nebo Asics Gel-Nimbus 25.",
      "Trailové boty mají agresivní vzorek podrážky s hroty kolem 5 mm, pevnější svršek a často ochranu špičky proti kamenům. Hodí se do terénu, na kořeny, bláto a mokrou trávu. Oblíbená je například Salomon Speedcross 6.",
      "Závodní boty s karbonovou deskou jsou lehké a tuhé a pomáhají při rychlém běhu. Pro začátečníka nejsou vhodné, protože málo stabilizují kotník a rychle se opotřebují.",
      "Běžné tréninkové boty vydrží 600 až 800 km. Podrážka se ošoupe a pěna ztratí pružnost. Opotřebované boty poznáte podle toho, že po běhu cítíte únavu v kolenou a lýtkách.",
      "Samostatnou kategorií jsou minimalistické boty s nulovým dropem a tenkou podrážkou. Posilují svaly chodidla a učí běžce došlapovat na přední část nohy. Přechod na ně ale musí být postupný, jinak hrozí zranění Achillovy šlachy nebo únavová zlomenina. Začátečníkům je proto doporučujeme až po několika měsících pravidelného běhání, a to jen na kratší úseky. Roli hraje i hmotnost: lehké boty pod 250 g jsou příjemné na rychlejší tréninky, těžší modely kolem 300 g obvykle nabízejí více tlumení a delší životnost.",
    ],
  ),
  page(
    "https://www.zdravybeh.example/vyber-bezeckych-bot",
    "Výběr běžeckých bot krok za krokem",
    [
      [1, "Výběr běžeckých bot krok za krokem"],
      [2, "Zjistěte svůj typ došlapu"],
      [2, "Vyzkoušejte boty odpoledne"],
      [2, "Tlumení versus stabilita"],
      [2, "Časté otázky"],
      [3, "Jak dlouho vydrží běžecké boty?"],
      [3, "Můžu běhat v botách na fitness?"],
    ],
    [
      "Výběr běžeckých bot začíná u vašich nohou. Podívejte se na podrážku starých bot: pokud je víc ošoupaná na vnitřní straně, pravděpodobně máte nadměrnou pronaci. Analýzu došlapu vám udělají ve specializované prodejně.",
      "Noha během dne otéká, proto boty zkoušejte odpoledne a v ponožkách, ve kterých budete běhat. Mezi palcem a špičkou nechte místo asi jeden centimetr. Pata musí sedět pevně.",
      "Měkké tlumení chrání klouby, ale stabilní boty lépe vedou chodidlo. Začátečníci s nadváhou nebo s nadměrnou pronací by měli volit stabilitu, lehčí běžci s neutrálním došlapem mohou dát přednost tlumení. Drop mezi 8 a 10 mm je pro začátek rozumný.",
      "Běžecké boty vydrží zhruba 600 až 800 km, podle hmotnosti běžce a povrchu. Boty na fitness ani tenisky na běh nejsou vhodné: nemají dostatečné tlumení a podrážka není stavěná na opakovaný dopad.",
      "Nové boty není nutné dlouho zabíhat, moderní materiály jsou pohodlné od prvního dne. Přesto je rozumné začít kratším během a sledovat, jestli vás boty netlačí nebo nedřou na patě. Pokud se po několika bězích objeví puchýře, zkuste jiný způsob šněrování nebo jiné ponožky, než boty vrátíte. Na zimní běhání se hodí boty s membránou Gore-Tex, které nepropustí vodu, a podrážka s lepší přilnavostí na sníh a led.",
    ],
  ),
];

/** A balanced Czech draft: clear structure, the keyword in H1 and one H2, natural density. */
export const DRAFT_CS_BALANCED = `# Běžecké boty pro začátečníky: jak vybrat ty správné

Začínáte s běháním a nevíte, jaké běžecké boty si koupit? Dobrá bota vás ochrání před zraněním a běhání vás bude víc bavit. V tomto průvodci projdeme povrch, tlumení, drop, velikost i to, kdy boty vyměnit.

## Silnice, nebo terén: kde budete běhat?

Nejdřív si ujasněte, kde budete běhat nejčastěji. Na asfalt a chodníky se hodí silniční boty s hladší podrážkou a dobrým tlumením v patě. Do lesa, na kořeny a bláto patří trailové boty s hrubým vzorkem podrážky, které drží i na mokrém povrchu. Pokud střídáte park a šotolinové cesty, zvolte univerzální model s mírným vzorkem.

## Tlumení, drop a stabilita

Tlumení chrání klouby při každém dopadu. Začátečníci s vyšší hmotností ocení výraznější tlumení, lehčí běžci mohou volit pružnější a lehčí boty. Drop je rozdíl mezi výškou paty a špičky. Pro začátek je bezpečný drop kolem 8 až 10 mm, protože méně zatěžuje Achillovu šlachu a lýtka.

Důležitá je také pronace, tedy přirozené stáčení chodidla dovnitř. Pokud máte nadměrnou pronaci, pomohou stabilní boty s oporou klenby. Typ došlapu vám zdarma zjistí ve specializované prodejně na běžeckém pásu.

## Jak poznat správnou velikost běžeckých bot?

Boty zkoušejte odpoledne, kdy je noha po celém dni oteklá, a vezměte si běžecké ponožky. Mezi palcem a špičkou boty nechte asi jeden centimetr. Pata nesmí klouzat a nárt by neměl být stažený. Velikosti se mezi značkami liší, proto se neřiďte jen číslem na krabici.

## Kdy je čas boty vyměnit?

Tréninkové boty vydrží přibližně 600 až 800 km. Potom pěna v mezipodešvi ztratí pružnost, i když bota zvenku vypadá jako nová. Pokud vás po běhu začnou bolet kolena nebo lýtka, je to často první signál opotřebení. Při třech bězích týdně počítejte s výměnou zhruba jednou za rok.

## Doporučené modely pro začátek

Spolehlivou volbou je Brooks Ghost 15, který dobře tlumí a je stabilní. Lehčím běžcům sedne Nike Pegasus 40, zájemci o maximální tlumení mohou zkusit Hoka Clifton 9. Do terénu se hodí Salomon Speedcross 6. Tyto modely stojí zhruba 3 000 až 4 000 Kč a váží kolem 280 g.

Závodní boty s karbonovou deskou si nechte na později. Jsou lehké a rychlé, ale kotníku začátečníka dávají málo opory.
`;

/** The same article, stuffed: the keyword in every sentence and repeated exact-match headings. */
export const DRAFT_CS_STUFFED = `# Běžecké boty

Běžecké boty jsou nejlepší běžecké boty. Běžecké boty pro začátečníky jsou běžecké boty, které potřebujete. Kupte si běžecké boty a běžecké boty vás ochrání.

## Běžecké boty

Běžecké boty na silnici jsou běžecké boty s podrážkou. Běžecké boty do terénu jsou také běžecké boty. Běžecké boty vyberte podle povrchu, protože běžecké boty jsou důležité. Tlumení běžecké boty mají.

## Běžecké boty

Běžecké boty s tlumením jsou běžecké boty pro klouby. Běžecké boty mají drop 10 mm a běžecké boty mají pronaci. Běžecké boty kupujte ve specializované prodejně, kde mají běžecké boty.

## Běžecké boty

Běžecké boty zkoušejte odpoledne. Běžecké boty mají mít centimetr u palce. Běžecké boty vydrží 800 km a potom běžecké boty vyměňte za nové běžecké boty.

## Běžecké boty

Běžecké boty Brooks Ghost 15 jsou běžecké boty. Běžecké boty Nike Pegasus 40 jsou běžecké boty. Běžecké boty jsou běžecké boty a nejlepší běžecké boty jsou běžecké boty.
`;

/** A thin draft: one heading and two sentences. */
export const DRAFT_CS_THIN = `# Běžecké boty

Běžecké boty jsou pro běhání důležité. Vyberte si pohodlné boty, které vám sednou, a začněte běhat.
`;

/** A Slovak paragraph (the risk of Czech/Slovak confusion in language detection). */
export const PARAGRAPH_SK =
  "Správne bežecké topánky rozhodujú o tom, či vás behanie bude baviť, alebo či skončíte s bolesťou kolien už po prvých týždňoch. Začiatočníci často kupujú topánky podľa vzhľadu alebo podľa toho, čo nosia kamaráti. Lepšie je začať otázkou, kde a ako často budete behať, pretože na asfalt sa hodia iné topánky než do lesa.";

/** A Czech paragraph of everyday prose (not about running). */
export const PARAGRAPH_CS =
  "Ráno jsme vyrazili vlakem do Brna a odpoledne se procházeli po Špilberku. Počasí nám přálo, i když předpověď hlásila déšť. Večer jsme si v malé restauraci dali svíčkovou a domů jsme se vrátili až pozdě v noci, unavení, ale spokojení.";
