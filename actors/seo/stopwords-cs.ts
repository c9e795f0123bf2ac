/**
 * Czech stopwords: function words (pronouns in their common case forms, prepositions,
 * conjunctions, particles, forms of "být" and auxiliaries) and very general adverbs that carry
 * no topic. Lower case, with diacritics. Written for seo-farm; short on purpose — a word that
 * can name a topic ("cena", "rok", "den") is not a stopword here.
 */
// biome-ignore format: a word list reads better packed
export const STOPWORDS_CS: readonly string[] = [
  // prepositions
  "a", "aby", "ač", "ačkoli", "ale", "anebo", "ani", "ano", "asi", "až", "bez", "beze", "blízko",
  "během", "co", "cože", "či", "dle", "do", "ke", "k", "kolem", "kromě", "mezi", "na", "nad",
  "nade", "naproti", "o", "ob", "od", "ode", "okolo", "po", "pod", "pode", "podle", "pro", "proti",
  "před", "přede", "přes", "přese", "při", "s", "se", "skrz", "u", "v", "ve", "vedle", "vůči", "z",
  "za", "ze", "zpod",
  // conjunctions and particles
  "aniž", "buď", "jestli", "jestliže", "kdyby", "když", "než", "nebo", "neboť", "nicméně",
  "pak", "pokud", "proto", "protože", "takže", "tedy", "též", "však", "že", "i", "jen", "jenom",
  "pouze", "také", "ještě", "již", "už", "právě", "prý", "vlastně", "zda", "zdali", "ať", "kéž",
  "což", "jako", "jak", "jakmile", "zatímco", "tudíž", "totiž", "hlavně", "třeba", "například",
  "spíše", "spíš", "dokonce", "alespoň", "aspoň", "hned", "zase", "opět", "tak", "taky", "teď",
  "tam", "tady", "zde", "sem", "tu", "kde", "kam", "odkud", "kdy", "proč", "velmi", "moc", "více",
  "víc", "méně", "míň", "nejvíce", "nejvíc", "hodně", "trochu", "příliš", "dost", "často", "vždy",
  "vždycky", "nikdy", "někdy", "stále", "pořád", "ne", "nikoli", "ovšem", "sice", "jinak", "potom",
  "poté", "dále", "dál", "tím",
  // pronouns
  "já", "mě", "mne", "mi", "mně", "mnou", "ty", "tě", "ti", "tebe", "tobě", "tebou", "on", "ona",
  "ono", "oni", "ony", "jeho", "jej", "jemu", "ho", "mu", "něj", "němu", "ním", "ní", "její", "jí",
  "je", "jejich", "jim", "jimi", "nich", "nim", "nimi", "my", "nás", "nám", "námi", "vy", "vás",
  "vám", "vámi", "si", "sebe", "sobě", "sebou", "můj", "moje", "má", "mé", "mého", "mému", "mým",
  "mými", "tvůj", "tvoje", "tvá", "tvé", "náš", "naše", "našeho", "našemu", "naším", "naši",
  "našich", "našim", "vaše", "váš", "vašeho", "vašemu", "vaším", "vaši", "vašich", "vašim", "svůj",
  "svoje", "svá", "své", "svého", "svému", "svým", "svými", "svou", "svoji", "svých", "ten", "ta",
  "to", "tí", "toho", "tomu", "tom", "té", "tou", "těch", "těm", "těmi", "tento", "tato", "toto",
  "tyto", "tito", "tohoto", "tomuto", "tomto", "tímto", "této", "touto", "tuto", "těchto", "těmto",
  "těmito", "takový", "taková", "takové", "takového", "takovém", "takovou", "takových", "který",
  "která", "které", "kterého", "kterému", "kterém", "kterým", "kterou", "kteří", "kterých",
  "kterými", "jaký", "jaká", "jaké", "jakého", "jakém", "jakou", "jakých", "jakým", "jakými", "kdo",
  "koho", "komu", "kom", "kým", "čeho", "čemu", "čem", "čím", "něco", "někdo", "nic", "nikdo",
  "nějaký", "nějaká", "nějaké", "nějakou", "nějakých", "každý", "každá", "každé", "každého",
  "každou", "každém", "všechen", "všechna", "všechno", "všechny", "všichni", "vše", "všech", "všem",
  "všemi", "sám", "sama", "samo", "sami", "samy", "jiný", "jiná", "jiné", "jiného", "jinou",
  "jiných", "jiným", "jinými", "jenž", "jež", "jehož", "jejíž", "jejichž", "němž", "nímž", "níž",
  "nějž", "jemuž",
  // být, mít and auxiliaries
  "být", "jsem", "jsi", "jsme", "jste", "jsou", "byl", "byla", "bylo", "byli", "byly", "bude",
  "budu", "budeš", "budeme", "budete", "budou", "by", "bych", "bys", "bychom", "byste", "není",
  "nejsou", "nebyl", "nebyla", "nebylo", "nebude", "nebudou", "mít", "mám", "máš", "máme", "máte",
  "mají", "měl", "měla", "mělo", "měli", "měly", "může", "můžete", "můžeme", "mohou", "můžou",
  "lze", "nelze", "musí", "musíte", "chcete", "chce", "jde",
  // quantities that carry no topic on their own
  "jeden", "jedna", "jedno", "dva", "dvě", "tři", "první", "druhý", "další", "dalších", "dalším",
];
