/**
 * An emulated page as the HTML a real content site serves: a cookie banner, a header with
 * navigation and a search form, breadcrumbs, the article (H1, byline, H2/H3 sections, lists,
 * tables, a FAQ), a sidebar and a footer. Everything but the article is boilerplate that
 * readable-text extraction must drop; tests check that it does.
 */
import type { EmulatedPage, PageSection } from "./types.ts";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const CHROME = {
  en: {
    cookie:
      "We use cookies to improve your experience and to show personalised ads. By continuing to browse you agree to our cookie policy.",
    accept: "Accept all",
    nav: ["Running", "Hiking", "Gear reviews", "Nutrition", "Training plans", "Shop"],
    search: "Search the site",
    home: "Home",
    gear: "Gear",
    byline: (author: string, date: string, minutes: number) =>
      `By ${author} · Updated ${date} · ${minutes} min read`,
    popular: "Popular this week",
    popularItems: [
      "10 stretches every runner should do",
      "Our favourite headlamps for winter trails",
      "How to train for your first half marathon",
      "What to eat before a long run",
    ],
    newsletter: "Newsletter",
    newsletterText: "Weekly tips, gear deals and training plans. No spam, unsubscribe anytime.",
    subscribe: "Subscribe",
    rights: "All rights reserved.",
    links: ["About us", "Privacy policy", "Terms of use", "Contact", "Advertise"],
    affiliate:
      "Some links on this site are affiliate links: if you buy through them we may earn a commission at no extra cost to you.",
  },
  cs: {
    cookie:
      "Používáme cookies, abychom vylepšili váš zážitek a zobrazovali personalizovanou reklamu. Pokračováním v prohlížení souhlasíte se zásadami cookies.",
    accept: "Přijmout vše",
    nav: ["Běh", "Turistika", "Recenze vybavení", "Výživa", "Tréninkové plány", "E-shop"],
    search: "Hledat na webu",
    home: "Domů",
    gear: "Vybavení",
    byline: (author: string, date: string, minutes: number) =>
      `Autor: ${author} · Aktualizováno ${date} · ${minutes} min čtení`,
    popular: "Tento týden se čte",
    popularItems: [
      "10 protahovacích cviků pro každého běžce",
      "Nejlepší čelovky na zimní trasy",
      "Jak se připravit na první půlmaraton",
      "Co jíst před dlouhým během",
    ],
    newsletter: "Newsletter",
    newsletterText:
      "Každý týden tipy, slevy na vybavení a tréninkové plány. Žádný spam, odhlásit se můžete kdykoli.",
    subscribe: "Odebírat",
    rights: "Všechna práva vyhrazena.",
    links: ["O nás", "Ochrana osobních údajů", "Podmínky užití", "Kontakt", "Reklama"],
    affiliate:
      "Některé odkazy na tomto webu jsou affiliate: když přes ně nakoupíte, můžeme získat provizi, vás to nic nestojí navíc.",
  },
} as const;

function paragraphs(texts: readonly string[]): string {
  return texts.map((t) => `      <p>${escapeHtml(t)}</p>`).join("\n");
}

function list(items: readonly string[] | undefined): string {
  if (!items?.length) return "";
  return `      <ul>\n${items.map((i) => `        <li>${escapeHtml(i)}</li>`).join("\n")}\n      </ul>`;
}

function section(s: PageSection): string {
  const parts = [`      <h2>${escapeHtml(s.heading)}</h2>`, paragraphs(s.paragraphs), list(s.list)];
  if (s.table) {
    const head = s.table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
    const rows = s.table.rows
      .map((r) => `          <tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
      .join("\n");
    parts.push(
      `      <table>\n        <thead><tr>${head}</tr></thead>\n        <tbody>\n${rows}\n        </tbody>\n      </table>`,
    );
  }
  for (const sub of s.subsections ?? []) {
    parts.push(
      `      <h3>${escapeHtml(sub.heading)}</h3>`,
      paragraphs(sub.paragraphs),
      list(sub.list),
    );
  }
  return parts.filter(Boolean).join("\n");
}

function wordsOf(page: EmulatedPage): number {
  const all = [
    ...page.intro,
    ...page.sections.flatMap((s) => [
      ...s.paragraphs,
      ...(s.list ?? []),
      ...(s.subsections ?? []).flatMap((x) => [...x.paragraphs, ...(x.list ?? [])]),
    ]),
    ...page.faq.flatMap((f) => [f.q, f.a]),
  ].join(" ");
  return all.split(/\s+/).filter(Boolean).length;
}

/** The page's full HTML document; `url` is its absolute URL (canonical link). */
export function renderPage(page: EmulatedPage, url: string): string {
  const c = CHROME[page.lang];
  const minutes = Math.max(1, Math.round(wordsOf(page) / 220));
  const nav = c.nav.map((n) => `<li><a href="#">${escapeHtml(n)}</a></li>`).join("");
  const faq = page.faq
    .map((f) => `      <h3>${escapeHtml(f.q)}</h3>\n      <p>${escapeHtml(f.a)}</p>`)
    .join("\n");
  return `<!doctype html>
<html lang="${page.lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(page.title)} | ${escapeHtml(page.site)}</title>
  <meta name="description" content="${escapeHtml(page.description)}">
  <link rel="canonical" href="${escapeHtml(url)}">
  <style>body{font-family:sans-serif;max-width:70rem;margin:auto}.cookie-banner{position:fixed;bottom:0}</style>
  <script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());</script>
</head>
<body>
  <div class="cookie-banner" role="dialog">${escapeHtml(c.cookie)} <button>${escapeHtml(c.accept)}</button></div>
  <header class="site-header">
    <a class="logo" href="/">${escapeHtml(page.site)}</a>
    <nav class="main-nav"><ul>${nav}</ul></nav>
    <form class="search" action="#"><input name="q" placeholder="${escapeHtml(c.search)}"></form>
  </header>
  <nav class="breadcrumbs"><a href="/">${escapeHtml(c.home)}</a> › <a href="#">${escapeHtml(c.gear)}</a> › ${escapeHtml(page.keyword)}</nav>
  <main>
    <article>
      <h1>${escapeHtml(page.h1)}</h1>
      <p class="byline">${escapeHtml(c.byline(page.author, page.date, minutes))}</p>
${paragraphs(page.intro)}
${page.sections.map(section).join("\n")}
      <section class="faq">
      <h2>${escapeHtml(page.faqTitle)}</h2>
${faq}
      </section>
    </article>
    <aside class="sidebar">
      <h2>${escapeHtml(c.popular)}</h2>
      <ul>${c.popularItems.map((p) => `<li><a href="#">${escapeHtml(p)}</a></li>`).join("")}</ul>
      <div class="newsletter"><h3>${escapeHtml(c.newsletter)}</h3><p>${escapeHtml(c.newsletterText)}</p><button>${escapeHtml(c.subscribe)}</button></div>
    </aside>
  </main>
  <footer class="site-footer">
    <p>© 2024 ${escapeHtml(page.site)}. ${escapeHtml(c.rights)}</p>
    <ul>${c.links.map((l) => `<li><a href="#">${escapeHtml(l)}</a></li>`).join("")}</ul>
    <p class="disclosure">${escapeHtml(c.affiliate)}</p>
  </footer>
</body>
</html>
`;
}
