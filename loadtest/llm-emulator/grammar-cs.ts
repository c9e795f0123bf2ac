/**
 * Just enough Czech grammar to put an arbitrary keyword into a sentence. Czech templates
 * keep the keyword in the nominative, or in the accusative after verbs like "vybrat"; the
 * accusative differs from the nominative mainly for feminine singulars ("elektrická
 * koloběžka" → "elektrickou koloběžku"), which `czechAccusative` handles. A keyword that
 * is a whole phrase ("jak upéct chleba") is only ever quoted. Pure heuristics, table-tested.
 */
import type { KeywordGrammar, SearchIntent, SectionRole, TopicKind } from "./lexicon-types.ts";
import { capitalize } from "./text.ts";

const PHRASE_START =
  /^(jak|co|proč|kdy|kde|kolik|kter[ýáé]|jak[ýáé]|čím|lze|je|jsou|má|mají|můžu|může)(\s|$)/iu;

const PREPOSITIONS = new Set(
  "a i na v ve do z ze s se u k ke pro po o od za pod nad před bez mezi přes při proti".split(" "),
);

/** Neuter plurals in -a ("horská kola"): the accusative equals the nominative. */
const NEUTER_PLURALS_A = new Set(
  `kola auta sluchátka kamna vrata jídla okna křesla světla zrcadla kolečka vína mýdla skla
  prkna dvířka záda ústa játra data média kola lyže`.split(/\s+/),
);

const PRODUCT_WORDS = new Set(
  `boty bota tenisky obuv sandály bunda bundy batoh batohy stan stany spacák kolo kola
  koloběžka koloběžky auto auta pneumatiky notebook notebooky telefon telefony mobil mobily
  tablet tablety sluchátka reproduktor reproduktory televize monitor monitory fotoaparát
  objektiv tiskárna tiskárny router hodinky matrace polštář gauč pohovka židle stůl postel
  lampa vysavač vysavače pračka pračky sušička lednice lednička mrazák trouba mikrovlnka mixér
  konvice toustovač mlýnek kávovar kávovary fritéza hrnec pánev pánve nůž nože gril vrtačka
  pila sekačka kočárek postýlka hračky konzole klávesnice myš disk čistička zvlhčovač
  odvlhčovač ventilátor klimatizace kamna krb vybavení lyže brýle helma přilba rukavice
  ponožky kufr kufry sporák termostat nabíječka baterie elektrokolo trenažér kajak`.split(/\s+/),
);

const ADVICE_WORDS = new Set(
  "tipy rady nápady návod návody chyby recepty recept postup otázky příklady".split(" "),
);

/** Verbal nouns that are not activities. */
const NOT_ACTIVITY = new Set(["koření", "vybavení", "zařízení", "ubytování", "pojištění"]);

function words(keyword: string): string[] {
  return keyword
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}\s-]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
}

export function czechKind(keyword: string): TopicKind {
  const ws = words(keyword);
  if (ws.some((w) => ADVICE_WORDS.has(w))) return "general";
  if (ws.some((w) => PRODUCT_WORDS.has(w))) return "product";
  if (ws.some((w) => /^(koupit|cena|ceny|recenze|nejlevnější)$/.test(w))) return "product";
  if (
    ws.some(
      (w) => !NOT_ACTIVITY.has(w) && /(ování|ávání|ání|ení|ění|nutí)$/.test(w) && w.length > 5,
    ) ||
    ws.some((w) => /^(jóga|běh|turistika|cyklistika|meditace|posilování|lezení|dieta)$/.test(w))
  ) {
    return "activity";
  }
  return "general";
}

export function czechIntent(keyword: string, kind: TopicKind): SearchIntent {
  const kw = keyword.toLocaleLowerCase();
  if (/(přihlášení|oficiální|webové stránky|zákaznická linka|otevírací doba)/u.test(kw)) {
    return "navigational";
  }
  if (/(koupit|objednat|e-shop|výprodej|sleva|slevy|akce)/u.test(kw)) return "transactional";
  if (kind === "product" && /(cena|ceny|levn)/u.test(kw)) return "transactional";
  if (/(nejlepší|recenze|srovnání|test|porovnání|\bvs\b)/u.test(kw)) return "commercial";
  return kind === "product" ? "commercial" : "informational";
}

/**
 * The keyword in the accusative, for "Jak vybrat …": leading feminine adjectives -á → -ou,
 * the head noun -a → -u; everything from the head noun on is kept ("údržba zahrady" →
 * "údržbu zahrady"). Other genders and plurals are mostly unchanged in the accusative.
 */
export function czechAccusative(keyword: string): string {
  const ws = keyword.trim().split(/\s+/);
  const lower = ws.map((w) => w.toLocaleLowerCase());
  if (lower.some((w) => NEUTER_PLURALS_A.has(w))) return ws.join(" ");
  const out = [...ws];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const lw = lower[i]!;
    if (PREPOSITIONS.has(lw) || !/^\p{L}+$/u.test(lw)) break;
    if (lw.endsWith("á")) {
      out[i] = `${w.slice(0, -1)}ou`;
      continue;
    }
    if (/(ý|é|í)$/.test(lw)) continue;
    if (lw.endsWith("a") && lw.length > 2) out[i] = `${w.slice(0, -1)}u`;
    break;
  }
  return out.join(" ");
}

export function analyseCzech(keyword: string): KeywordGrammar {
  const kw = keyword.trim();
  const kind = czechKind(kw);
  const phrase = PHRASE_START.test(kw) || kw.endsWith("?");
  const slots: Record<string, string> = {
    k: kw,
    qkw: `„${kw}“`,
    Topic: capitalize(kw),
  };
  if (!phrase) {
    const acc = czechAccusative(kw);
    Object.assign(slots, { kw, Kw: capitalize(kw), kwAcc: acc, KwAcc: capitalize(acc) });
  }
  const grammar: KeywordGrammar = { kind, intent: czechIntent(kw, kind), slots };
  const ws = kw.split(/\s+/);
  if (!phrase && ws.length >= 3 && !PREPOSITIONS.has(ws[1]!.toLocaleLowerCase())) {
    grammar.subPhrase = ws.slice(0, 2).join(" ");
  }
  return grammar;
}

export function czechRoleOf(heading: string): SectionRole | undefined {
  const h = heading.toLocaleLowerCase();
  if (/^(závěr|shrnutí)/u.test(h)) return "conclusion";
  if (/(chyb|vyhnout|nedělat)/u.test(h)) return "mistakes";
  if (/(stojí|cena|ceny|cenou|rozpočet|náklad|levn|drah|ušetř|peněz|peníze)/u.test(h))
    return "cost";
  if (/(péč|údržb|vydrží|životnost|sklad|čišt|čist)/u.test(h)) return "care";
  if (/(vybrat|výběr|vybír|porovn|srovn|parametr|nejlepší|koupit|nákup)/u.test(h))
    return "choosing";
  if (/(začít|začátek|začín|první kroky|krok za krokem|postup)/u.test(h)) return "start";
  if (/(výhod|přínos|proč|vyplatí)/u.test(h)) return "benefits";
  if (/(tip|rady|doporuč|trik)/u.test(h)) return "tips";
  if (/(co je|co jsou|základ|přehled|v kostce|vědět)/u.test(h)) return "basics";
  return undefined;
}
