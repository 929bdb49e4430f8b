// The web page of openfisca-arbeidsmigratie (docs/web.md): plain JavaScript, no libraries, served
// by `arbeidsmigratie serve`. Four views under the hash: #/wet, #/aanvrager, #/bevolking, #/kosten.
"use strict";

const I18N = {
  nl: {
    skip: "Naar de inhoud", tagline: "toelating tot arbeid in Nederland", loading: "Laden…",
    tab_law: "Wetgeving", tab_applicant: "Eén aanvrager", tab_population: "Bevolking", tab_costing: "Kostenraming",
    footer: "Alle scripts en gegevens komen van deze server; er wordt niets extern geladen.",
    law_title: "Wetgeving: parameters, variabelen en weigeringsgronden", search: "Zoeken (Nederlandse of Engelse naam)",
    kind_all: "alles", kind_parameters: "parameters", kind_variables: "variabelen", kind_grounds: "weigeringsgronden",
    matches: "treffers", choose: "Kies links een parameter, variabele of weigeringsgrond.",
    values: "Waarden door de tijd", date_from: "vanaf", value: "waarde", references: "Bronnen", gap: "gat (geen waarde bekend)",
    rationale: "Reden", provenance: "Herkomst", documentation: "Toelichting", formulas: "Formules per periode",
    input_variable: "invoervariabele (geen formule)", entity: "entiteit", type: "type", default: "standaard", unit: "eenheid",
    possible_values: "Mogelijke waarden", grounds: "Weigeringsgronden en hun wettelijke grondslag", ground: "grond",
    description: "omschrijving", citation: "bron", routes: "routes", order: "volgorde",
    applicant_title: "Eén aanvrager", applicant_intro: "Vul alleen in wat afwijkt van het gewone rechtmatige geval; lege velden krijgen de standaardwaarde (tussen haakjes).",
    period: "Maand", regimes: "Regimes naast huidig recht", compute: "Bereken", primary_facts: "Belangrijkste feiten",
    more_facts: "Overige feiten", employer_facts: "Werkgever", admitted: "Toegelaten", refused: "Geweigerd",
    route: "Route", validity: "Geldigheidsduur", months: "maanden", family: "Gezinshereniging", yes: "ja", no: "nee",
    deciding_ground: "Beslissende weigeringsgrond", failed: "Niet voldaan", distance: "Afstand tot toelating",
    wage_admits: "Een bruto maandloon van {w} (+{d}) zou toelaten, via route {r}.", no_wage: "Geen bruto maandloon tot EUR 100.000 laat toe (huidig loon {w}).",
    already: "Al toegelaten bij het huidige loon.", points: "Puntentoets", points_text: "stap 1: {p1} (moet boven {d1}), totaal {t} (nodig {d}); tekort {s} punten.",
    options: "Wat punten oplevert", differences: "Verschillen met huidig recht", yaml_test: "Als YAML-test",
    yaml_link: "YAML-test (link)", copy: "Kopiëren", copied: "Gekopieerd", link_case: "Link naar dit geval",
    fix_fields: "Niet alle waarden zijn toegestaan; zie de velden hieronder.", none: "geen",
    population_title: "Een bevolking onder meerdere regimes", source: "Bevolking", bundled: "Meegeleverde synthetische bevolking (bevolking_2026)",
    upload: "Eigen bestand (CSV of Parquet)", add_regime: "Regime toevoegen", remove: "Verwijderen", add_reform: "+ hervorming",
    label: "Label", edit_params: "Parameters bewerken", run: "Vergelijk", running: "Bezig…", seconds: "s",
    config_link: "Link naar deze configuratie", results: "Resultaten", applicants: "aanvragers", admitted_n: "toegelaten",
    diff: "verschil met huidig recht", by_route: "Toelatingen per route", transitions: "Overgangen", matrix: "Overgangsmatrix",
    refusals: "Weigeringen naar grond", validity_family: "Geldigheidsduur en gezinshereniging", mean_validity: "gem. geldigheidsduur vergunning (mnd)", with_permit: "met vergunning",
    family_share: "aandeel met gezinshereniging", downloads: "Downloads", dl_applicants: "per aanvrager (CSV)",
    dl_aggregates: "aggregaten (CSV)", dl_receipt: "ontvangstbewijs (JSON)", dl_answer: "volledig antwoord (JSON)",
    from_to: "van \\ naar", reform_params: "Parameters van de hervormingen", current_value: "huidige waarde",
    upload_needed: "Kies een bestand.", file_not_in_url: "Een eigen bestand zit niet in de link; de link herhaalt de regimes met de meegeleverde bevolking.",
    costing_title: "Kostenraming", years: "Jaren", draws: "Trekkingen (Monte Carlo)", seed: "Seed", run_costing: "Raming starten",
    metric: "grootheid", year: "jaar", central: "centraal", interval: "interval p05–p95", dl_report: "raming (JSON)", dl_csv: "jaartabel (CSV)",
    summary: "Samenvatting", warnings: "Waarschuwingen", error: "Fout", not_in_month: "",
    receipt: "Ontvangstbewijs", help: "uitleg en toegestane waarden", filter_params: "Parameters zoeken", yaml_cases: "YAML-tests die deze variabele noemen", no_yaml_cases: "De YAML-tests staan in de broncode (tests/yaml), niet in het geïnstalleerde pakket.", case: "geval", role: "als", as_input: "invoer", as_output: "verwachte uitkomst", brackets: "schijven (grens: tarief)", timing: "{total} s na de klik (antwoord van de server na {answer} s, JSON lezen {json} s, weergave {render} s)", allowed: "toegestaan", weighted: "gewogen", elapsed: "{s} s", reforms_default: "Zonder keuze: de standaardhervormingen van de raming.",
  },
  en: {
    skip: "Skip to content", tagline: "admission to work in the Netherlands", loading: "Loading…",
    tab_law: "Law", tab_applicant: "One applicant", tab_population: "Population", tab_costing: "Costing",
    footer: "Every script and datum comes from this server; nothing is loaded from elsewhere.",
    law_title: "Law: parameters, variables and refusal grounds", search: "Search (Dutch or English name)",
    kind_all: "all", kind_parameters: "parameters", kind_variables: "variables", kind_grounds: "refusal grounds",
    matches: "matches", choose: "Choose a parameter, variable or refusal ground on the left.",
    values: "Values over time", date_from: "from", value: "value", references: "References", gap: "gap (no value known)",
    rationale: "Rationale", provenance: "Provenance", documentation: "Documentation", formulas: "Formulas per period",
    input_variable: "input variable (no formula)", entity: "entity", type: "type", default: "default", unit: "unit",
    possible_values: "Possible values", grounds: "Refusal grounds and their legal basis", ground: "ground",
    description: "description", citation: "citation", routes: "routes", order: "order",
    applicant_title: "One applicant", applicant_intro: "Fill in only what differs from the ordinary lawful case; empty fields take the default (in brackets).",
    period: "Month", regimes: "Regimes besides current law", compute: "Compute", primary_facts: "Main facts",
    more_facts: "Other facts", employer_facts: "Employer", admitted: "Admitted", refused: "Refused",
    route: "Route", validity: "Validity", months: "months", family: "Family reunification", yes: "yes", no: "no",
    deciding_ground: "Deciding refusal ground", failed: "Requirements not met", distance: "Distance to admission",
    wage_admits: "A gross monthly wage of {w} (+{d}) would admit, on route {r}.", no_wage: "No gross monthly wage up to EUR 100,000 admits (current wage {w}).",
    already: "Admitted at the current wage.", points: "Points test", points_text: "step 1: {p1} (must be above {d1}), total {t} (needs {d}); missing {s} points.",
    options: "What adds points", differences: "Differences with current law", yaml_test: "As a YAML test",
    yaml_link: "YAML test (link)", copy: "Copy", copied: "Copied", link_case: "Link to this case",
    fix_fields: "Not every value is allowed; see the fields below.", none: "none",
    population_title: "A population under several regimes", source: "Population", bundled: "Bundled synthetic population (bevolking_2026)",
    upload: "Own file (CSV or Parquet)", add_regime: "Add regime", remove: "Remove", add_reform: "+ reform",
    label: "Label", edit_params: "Edit parameters", run: "Compare", running: "Running…", seconds: "s",
    config_link: "Link to this configuration", results: "Results", applicants: "applicants", admitted_n: "admitted",
    diff: "difference with current law", by_route: "Admissions by route", transitions: "Transitions", matrix: "Transition matrix",
    refusals: "Refusals by ground", validity_family: "Permit validity and family reunification", mean_validity: "mean permit validity (months)", with_permit: "with a permit",
    family_share: "share with family reunification", downloads: "Downloads", dl_applicants: "per applicant (CSV)",
    dl_aggregates: "aggregates (CSV)", dl_receipt: "receipt (JSON)", dl_answer: "full answer (JSON)",
    from_to: "from \\ to", reform_params: "Parameters of the reforms", current_value: "current value",
    upload_needed: "Choose a file.", file_not_in_url: "An uploaded file is not part of the link; the link repeats the regimes on the bundled population.",
    costing_title: "Costing", years: "Years", draws: "Draws (Monte Carlo)", seed: "Seed", run_costing: "Start costing",
    metric: "metric", year: "year", central: "central", interval: "interval p05–p95", dl_report: "costing (JSON)", dl_csv: "yearly table (CSV)",
    summary: "Summary", warnings: "Warnings", error: "Error", not_in_month: "",
    receipt: "Receipt", help: "explanation and allowed values", filter_params: "Find parameters", yaml_cases: "YAML tests naming this variable", no_yaml_cases: "The YAML tests are in the source tree (tests/yaml), not in the installed package.", case: "case", role: "as", as_input: "input", as_output: "expected output", brackets: "brackets (threshold: rate)", timing: "{total} s after the click (server's answer after {answer} s, reading JSON {json} s, rendering {render} s)", allowed: "allowed", weighted: "weighted", elapsed: "{s} s", reforms_default: "With none chosen: the costing's default reforms.",
  },
};

const S = { lang: localStorage.getItem("lang") || "nl", cache: {}, tips: 0 };
const t = (key, vars) => {
  let text = (I18N[S.lang] && I18N[S.lang][key]) || I18N.nl[key] || key;
  for (const [k, v] of Object.entries(vars || {})) text = text.replace(`{${k}}`, v);
  return text;
};

// ---------- small DOM helpers ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "html") el.innerHTML = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
// replaceChildren without arrays or empty values (it would print them as text).
function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}
const $ = (sel, root = document) => root.querySelector(sel);
const main = () => $("#main");
const nf = (x, digits = 0) => (x === null || x === undefined ? "–" : Number(x).toLocaleString(S.lang === "nl" ? "nl-NL" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const euro = (x) => (x === null || x === undefined ? "–" : "EUR " + nf(x, 2));
const signed = (x, digits = 0) => (x > 0 ? "+" : "") + nf(x, digits);

async function getJSON(url) {
  if (S.cache[url]) return S.cache[url];
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw Object.assign(new Error(body.error || `HTTP ${response.status}`), { body, status: response.status });
  S.cache[url] = body;
  return body;
}
async function postJSON(url, body, init) {
  const response = await fetch(url, init || { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}: the answer was not JSON` }));
  return { ok: response.ok, status: response.status, body: answer };
}

// Legal terms keep their Dutch names, with the glossary's explanation on hover and on focus.
function term(name, shown) {
  const entry = S.glossary && S.glossary[name];
  const text = shown || name;
  if (!entry) return h("span", {}, text);
  const tip = entry[S.lang] || entry.nl;
  // shown on hover and on focus by CSS; read by screen readers from the hidden description
  const id = `tip-${++S.tips}`;
  return h("span", {}, h("abbr", { class: "term", tabindex: "0", "data-tip": tip, "aria-describedby": id }, text), h("span", { id, class: "sr-only" }, tip));
}
function link(url, text) {
  return url ? h("a", { href: url, rel: "noreferrer" }, text || url) : text || "";
}
function citationText(c) {
  if (!c) return "";
  const law = c.law || c.wet, article = c.article || c.artikel;
  // a proposal cites its paper and section ("Kamerstuk 29861 nr. 153, brede welvaartstoets, stap 1")
  if (!article) return [law, c.onderdeel].filter(Boolean).join(", ");
  const parts = [law, `art. ${article}`, c.lid && `lid ${c.lid}`, c.onderdeel && `onder ${c.onderdeel}`];
  return parts.filter(Boolean).join(" ");
}
function citation(c) {
  return link(c && c.url, citationText(c) || (c && c.url) || "–");
}
function download(name, text, type) {
  const a = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name, class: "button secondary" });
  return a;
}
// A download built only when asked for (a large per-applicant table costs seconds to serialise).
function lazyDownload(name, label, makeText, type) {
  return h("button", { type: "button", class: "secondary", "data-download": name, onclick: () => {
    const a = h("a", { href: URL.createObjectURL(new Blob([makeText()], { type })), download: name });
    document.body.append(a); a.click(); a.remove();
  } }, label);
}
function columnsCsv(columns) {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const lines = [names.join(",")];
  const cell = (v) => { const s = v === null || v === undefined ? "" : String(v); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  for (let i = 0; i < n; i++) lines.push(names.map((c) => cell(columns[c][i])).join(","));
  return lines.join("\n") + "\n";
}
function csv(rows, columns) {
  const cell = (v) => { const s = v === null || v === undefined ? "" : String(v); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}
function progress(label) {
  const started = performance.now();
  const counter = h("span", { "aria-hidden": "true" }, t("elapsed", { s: "0.0" }));
  const el = h("div", { class: "progress", role: "status", "aria-live": "polite" }, h("div", { class: "bar" }), h("span", {}, label), counter);
  const timer = setInterval(() => { counter.textContent = t("elapsed", { s: ((performance.now() - started) / 1000).toFixed(1) }); }, 100);
  return { el, stop: () => { clearInterval(timer); el.remove(); return performance.now() - started; } };
}
// After a run the keyboard focus moves to the results' heading (the next Tab continues there).
function focusResults(section) {
  const heading = section.querySelector("h2");
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: false }); }
}
function focusProblems(section) {
  const box = section.querySelector(".problems");
  if (box) { box.tabIndex = -1; box.focus(); }
}
function problemsBox(body) {
  return h("div", { class: "problems", role: "alert" },
    h("p", {}, h("strong", {}, `${t("error")} ${body.status || ""} ${body.code || ""}: `), body.error || ""),
    body.problems && h("ul", {}, body.problems.map((p) => h("li", {}, p))),
    body.total_problems > (body.problems || []).length ? h("p", { class: "small" }, `… ${body.total_problems}`) : null);
}
function table(columns, rows, numeric) {
  return h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, columns.map((c, i) => h("th", { class: numeric && numeric[i] ? "num" : null, scope: "col" }, c)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((v, i) => h("td", { class: numeric && numeric[i] ? "num" : null }, v)))))));
}
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query || "") };
}
function setHash(path, params) {
  const q = params && params.toString();
  history.replaceState(null, "", `#/${path}${q ? "?" + q : ""}`);
}
const routeLabel = (r) => term(r);
const COLORS = ["#01689b", "#e17c05", "#5b8c00", "#a0328f", "#c0392b", "#2f7f86", "#7a5c00"];

// ---------- law browser ----------
async function viewLaw(parts) {
  const [law, reqs] = await Promise.all([getJSON("/web/law"), requirements()]);
  const root = main();
  fill(root, );
  const search = h("input", { type: "search", id: "law-search", placeholder: "looncriterium, salary criterion, …", value: S.lawQuery || "", "aria-controls": "law-results" });
  const kind = h("select", { id: "law-kind" }, ["all", "parameters", "variables", "grounds"].map((k) => h("option", { value: k, selected: (S.lawKind || "all") === k }, t(`kind_${k}`))));
  const count = h("p", { class: "small muted", "aria-live": "polite" });
  const list = h("ul", { class: "list", id: "law-results" });
  const detail = h("section", { id: "law-detail", "aria-live": "polite" }, h("p", { class: "muted" }, t("choose")));
  root.append(h("h1", {}, t("law_title")), h("div", { class: "layout" },
    h("div", {}, h("div", { class: "row" }, h("div", {}, h("label", { for: "law-search" }, t("search")), search), h("div", {}, h("label", { for: "law-kind" }, t("type")), kind)), count, list),
    detail));
  const items = [
    ...law.parameters.map((p) => ({ kind: "parameters", id: p.id, text: p.description, en: p.label_en, assumption: p.assumption, href: `#/wet/parameter/${p.id}` })),
    ...law.variables.map((v) => ({ kind: "variables", id: v.id, text: v.label, en: v.documentation, href: `#/wet/variabele/${v.id}` })),
    ...reqs.requirements.map((r) => ({ kind: "grounds", id: r.name, text: r.description, en: citationText(r.citation), href: `#/wet/grond/${r.name}` })),
  ];
  const render = () => {
    S.lawQuery = search.value; S.lawKind = kind.value;
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const found = items.filter((it) => (kind.value === "all" || it.kind === kind.value) &&
      words.every((w) => `${it.id} ${it.id.replace(/[._]/g, " ")} ${it.text} ${it.en || ""}`.toLowerCase().includes(w)));
    count.textContent = `${found.length} ${t("matches")}`;
    fill(list, ...found.slice(0, 300).map((it) => h("li", {}, h("a", { href: it.href },
      h("span", { class: "id" }, it.id, it.assumption ? h("span", { class: "badge assumption" }, term("aanname", "aanname")) : null),
      h("span", { class: "desc" }, S.lang === "en" && it.kind === "parameters" && it.en ? it.en : it.text)))));
  };
  search.addEventListener("input", render);
  kind.addEventListener("change", render);
  render();
  await lawDetail(parts);
}

async function lawDetail(parts) {
  const detail = $("#law-detail");
  const reqs = await requirements();
  if (parts[1] === "parameter" && parts[2]) await showParameter(detail, parts[2]);
  else if (parts[1] === "variabele" && parts[2]) await showVariable(detail, parts[2]);
  else showGrounds(detail, reqs, parts[1] === "grond" ? parts[2] : null);
  if (detail.getBoundingClientRect().top < 0) detail.scrollIntoView();  // a new item starts in view
}

async function requirements() {
  if (S.requirements) return S.requirements;
  S.requirements = await getJSON("/requirements");
  return S.requirements;
}

function showGrounds(detail, reqs, selected) {
  const rows = reqs.requirements.map((r) => [
    h("code", { id: `grond-${r.name}`, class: r.name === selected ? "selected" : null }, r.name),
    r.description, (r.routes || []).join(", "), citation(r.citation)]);
  fill(detail, h("h2", {}, t("grounds")),
    table([t("ground"), t("description"), t("routes"), t("citation")], rows));
  if (selected) { const el = document.getElementById(`grond-${selected}`); if (el) { el.scrollIntoView(); el.closest("tr").style.background = "#e8f1f8"; } }
}

function referenceLinks(refs) {
  const list = Array.isArray(refs) ? refs : refs ? [refs] : [];
  return list.map((r) => (typeof r === "string" ? { href: r, title: r } : r));
}

function stepChart(points, unit) {
  // points: [[date string, number|null], ...] in date order; a step chart over time, drawn as SVG.
  const numeric = points.filter(([, v]) => typeof v === "number");
  if (numeric.length < 1) return null;
  const W = 640, H = 200, L = 64, R = 14, T = 10, B = 28;
  const time = (d) => new Date(d).getTime();
  const end = Math.max(time(points[points.length - 1][0]) + 365 * 864e5, Date.now());
  const t0 = time(points[0][0]);
  const vs = numeric.map(([, v]) => v);
  let lo = Math.min(0, ...vs), hi = Math.max(...vs);
  if (hi === lo) hi = lo + 1;
  const x = (d) => L + ((time(d) - t0) / (end - t0)) * (W - L - R);
  const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", "100%"); svg.setAttribute("style", "max-width:640px");
  svg.setAttribute("role", "img"); svg.setAttribute("aria-label", `${t("values")} (${unit || ""})`);
  const add = (tag, attrs, text) => { const el = document.createElementNS(svg.namespaceURI, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); if (text !== undefined) el.textContent = text; svg.append(el); return el; };
  add("line", { x1: L, y1: y(lo), x2: W - R, y2: y(lo), stroke: "#999" });
  add("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#999" });
  for (const v of [lo, (lo + hi) / 2, hi]) add("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, nf(v, Math.abs(hi) < 10 ? 2 : 0));
  const y0 = new Date(points[0][0]).getFullYear(), y1 = new Date(end).getFullYear();
  const stepYears = Math.max(1, Math.ceil((y1 - y0) / 8));
  for (let yr = y0; yr <= y1; yr += stepYears) add("text", { x: x(`${yr}-01-01`), y: H - 8, "text-anchor": "middle" }, yr);
  for (let i = 0; i < points.length; i++) {
    const [d, v] = points[i];
    const next = i + 1 < points.length ? points[i + 1][0] : new Date(end).toISOString().slice(0, 10);
    if (typeof v !== "number") { add("rect", { x: x(d), y: T, width: Math.max(1, x(next) - x(d)), height: H - T - B, fill: "#ffebe9" }); continue; }
    add("line", { x1: x(d), y1: y(v), x2: x(next), y2: y(v), stroke: COLORS[0], "stroke-width": 2.5 });
    if (i + 1 < points.length && typeof points[i + 1][1] === "number") add("line", { x1: x(next), y1: y(v), x2: x(next), y2: y(points[i + 1][1]), stroke: COLORS[0], "stroke-width": 1, "stroke-dasharray": "3 2" });
    add("circle", { cx: x(d), cy: y(v), r: 3, fill: COLORS[0] });
  }
  return svg;
}

async function showParameter(detail, id) {
  fill(detail, h("p", {}, t("loading")));
  let p;
  try { p = await getJSON(`/parameter/${id.replace(/\./g, "/")}`); } catch (e) { fill(detail, problemsBox(e.body || { error: e.message })); return; }
  const md = p.metadata || {};
  const refs = md.reference || {};
  const values = p.values && typeof p.values === "object" ? Object.entries(p.values).sort(([a], [b]) => a.localeCompare(b)) : [];
  const scalar = values.every(([, v]) => v === null || typeof v !== "object");
  // a scale (brackets): per start date the thresholds and their rates
  const brackets = p.brackets ? Object.entries(p.brackets).sort(([a], [b]) => a.localeCompare(b)).reverse() : [];
  const bracketRows = brackets.map(([d, b]) => [h("span", { class: "nowrap" }, d), h("div", { class: "nowrap" }, Object.entries(b).sort(([x], [y]) => Number(x) - Number(y)).map(([from, rate]) => h("div", {}, `${t("date_from")} ${nf(Number(from))}: ${rate}`))),
    referenceLinks(refs[d]).map((r) => h("div", {}, link(r.href, r.title || r.href)))]);
  const rows = values.slice().reverse().map(([d, v]) => [h("span", { class: "nowrap" }, d), v === null ? h("span", { class: "neg" }, t("gap")) : typeof v === "object" ? h("code", {}, JSON.stringify(v)) : String(v),
    referenceLinks(refs[d]).map((r) => h("div", {}, link(r.href, r.title || r.href)))]);
  const assumption = md.assumption;
  fill(detail, 
    h("h2", { id: "parameter-title" }, p.id),
    h("p", {}, p.description, md.label_en ? h("span", { class: "muted" }, ` — ${md.label_en}`) : null),
    assumption ? h("div", { class: "box assumption" }, h("p", {}, h("span", { class: "badge assumption" }, term("aanname", "aanname")), " ", S.lang === "en" ? "the law leaves this value open: not law" : "de wet laat deze waarde open: geen recht"),
      typeof assumption === "object" ? [h("p", {}, h("strong", {}, `${t("rationale")}: `), assumption.rationale || ""), h("p", {}, h("strong", {}, `${t("provenance")}: `), assumption.provenance || "")] : h("p", {}, String(assumption))) : null,
    md.unit ? h("p", { class: "small" }, `${t("unit")}: ${md.unit}`) : null,
    h("h3", {}, t("values")),
    scalar && values.length ? stepChart(values.map(([d, v]) => [d, v]), md.unit) : null,
    brackets.length ? table([t("date_from"), t("brackets"), t("references")], bracketRows) : table([t("date_from"), t("value"), t("references")], rows),
    p.documentation ? [h("h3", {}, t("documentation")), h("pre", {}, p.documentation)] : null,
    Object.entries(md).filter(([k]) => !["reference", "assumption", "label_en", "unit"].includes(k)).map(([k, v]) => h("p", { class: "small" }, h("strong", {}, `${k}: `), typeof v === "object" ? JSON.stringify(v) : String(v))));
}

async function showVariable(detail, id) {
  fill(detail, h("p", {}, t("loading")));
  let v, cases;
  try { [v, cases] = await Promise.all([getJSON(`/variable/${id}`), getJSON(`/web/cases/${id}`).catch(() => ({ available: false, cases: [] }))]); } catch (e) { fill(detail, problemsBox(e.body || { error: e.message })); return; }
  const formulas = Object.entries(v.formulas || {}).sort(([a], [b]) => a.localeCompare(b));
  fill(detail, 
    h("h2", { id: "variable-title" }, v.id), h("p", {}, v.description),
    h("p", { class: "small" }, `${t("entity")}: ${v.entity} · ${t("type")}: ${v.valueType} · ${t("default")}: ${JSON.stringify(v.defaultValue)} · ${v.definitionPeriod}`),
    h("h3", {}, t("references")), h("ul", {}, referenceLinks(v.references).map((r) => h("li", {}, link(r.href, r.title)))),
    v.possibleValues ? [h("h3", {}, t("possible_values")), table([t("value"), t("description")], Object.entries(v.possibleValues).map(([k, d]) => [h("code", {}, k), d]))] : null,
    v.documentation ? [h("h3", {}, t("documentation")), h("pre", {}, v.documentation)] : null,
    h("h3", {}, t("formulas")),
    formulas.length ? formulas.map(([d, f]) => [h("p", {}, h("strong", {}, `${t("date_from")} ${d}`)), h("pre", {}, f.content)]) : h("p", {}, t("input_variable")),
    h("h3", {}, t("yaml_cases"), ` (${cases.cases.length})`),
    !cases.available ? h("p", { class: "small muted" }, t("no_yaml_cases")) : cases.cases.length === 0 ? h("p", { class: "small muted" }, t("none")) :
      h("div", { id: "variable-cases" }, table([t("case"), t("period"), t("role"), t("value")], cases.cases.slice(0, 200).map((c) => [h("div", {}, c.name, h("div", { class: "small muted" }, c.file)), h("span", { class: "nowrap" }, c.period), c.as === "input" ? t("as_input") : t("as_output"), h("code", {}, JSON.stringify(c.value))]))));
}

// ---------- one applicant ----------
const PRIMARY = ["nationaliteit", "geboortedatum", "bruto_maandloon", "erkend_referent", "sector_sbi", "beroep_isco08", "hoger_onderwijs_diploma", "verblijfsdoel", "arbeidsuren_per_week", "beoogde_duur_arbeid_weken", "taalniveau_nederlands", "huisvestingsvorm", "prioriteitgenietend_aanbod_beschikbaar", "afstudeerdatum", "diploma_nederlands_hoger_onderwijs", "relevante_werkervaring_jaren"];

function defaultText(f) {
  if (f.default === null || f.default === undefined || f.default === "") return "";
  if (f.kind === "bool") return f.default ? t("yes") : t("no");
  return String(f.default);
}
function fieldControl(f, value) {
  const id = `f-${f.name}`;
  const common = { id, name: f.name, "aria-describedby": `${id}-help ${id}-err` };
  let control;
  if (f.kind === "enum") {
    control = h("select", common, h("option", { value: "" }, `(${t("default")}: ${f.default})`),
      f.values.map((v) => h("option", { value: v.name, selected: value === v.name }, `${v.name} — ${v.label}`)));
  } else if (f.kind === "bool") {
    control = h("select", common, h("option", { value: "" }, `(${t("default")}: ${defaultText(f)})`),
      h("option", { value: "true", selected: value === "true" }, t("yes")), h("option", { value: "false", selected: value === "false" }, t("no")));
  } else {
    control = h("input", { ...common, type: "text", inputmode: f.kind === "float" || f.kind === "int" ? "decimal" : null, value: value || "", placeholder: f.kind === "date" ? `JJJJ-MM-DD (${defaultText(f)})` : `(${defaultText(f) || t("none")})`, autocomplete: "off" });
  }
  const doc = (f.documentation || "").split("\n\n")[0];
  return h("div", { class: "field" },
    h("label", { for: id }, f.label || f.name),
    h("span", { class: "name" }, f.name, f.unit ? ` · ${f.unit}` : ""),
    control,
    h("span", { class: "error", id: `${id}-err`, role: "alert" }),
    h("details", { id: `${id}-help` }, h("summary", {}, t("help")), h("p", {}, `${t("allowed")}: ${f.allowed}`), doc ? h("p", {}, doc) : null, f.references.map((r) => h("p", {}, link(r)))));
}

async function viewApplicant(parts, query) {
  const [inputs, regimes] = await Promise.all([getJSON("/web/inputs"), getJSON("/regimes")]);
  const root = main();
  fill(root, );
  const fields = inputs.fields;
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  const chosen = query.has("regimes") ? query.get("regimes").split(",").filter(Boolean) : ["brede_welvaartstoets"];
  const reforms = regimes.regimes.filter((r) => r.name !== "huidig_recht" && !r.requires_whole_population);
  const period = h("input", { id: "a-period", type: "month", value: query.get("period") || inputs.period, min: `${inputs.first_year}-01`, max: `${inputs.last_year}-12`, required: true });
  const periodErr = h("span", { class: "error", id: "a-period-err", role: "alert" });
  const regimeBoxes = reforms.map((r) => h("label", { class: "small", style: "font-weight:400" }, h("input", { type: "checkbox", name: "regime", value: r.name, checked: chosen.includes(r.name) }), " ", term(r.name), h("span", { class: "muted" }, ` — ${r.description}`)));
  const primary = PRIMARY.filter((n) => byName[n]).map((n) => byName[n]);
  const rest = fields.filter((f) => !PRIMARY.includes(f.name));
  const person = rest.filter((f) => f.entity === "persoon"), employer = rest.filter((f) => f.entity !== "persoon");
  const val = (f) => query.get(f.name) || "";
  const summary = h("div", { id: "a-summary" });
  const result = h("section", { id: "a-result" });
  const form = h("form", { id: "applicant-form", novalidate: true },
    h("div", { class: "row" }, h("div", {}, h("label", { for: "a-period" }, t("period")), period, periodErr)),
    h("fieldset", {}, h("legend", {}, t("regimes"), " (", term("huidig_recht"), " +)"), h("div", { style: "display:flex;flex-direction:column;gap:4px" }, regimeBoxes)),
    summary,
    h("fieldset", {}, h("legend", {}, t("primary_facts")), h("div", { class: "form-grid" }, primary.map((f) => fieldControl(f, val(f))))),
    h("details", { open: rest.some((f) => val(f)) || null }, h("summary", {}, `${t("more_facts")} (${person.length})`), h("div", { class: "form-grid" }, person.map((f) => fieldControl(f, val(f))))),
    h("details", { open: employer.some((f) => val(f)) || null }, h("summary", {}, `${t("employer_facts")} (${employer.length})`), h("div", { class: "form-grid" }, employer.map((f) => fieldControl(f, val(f))))),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "a-compute" }, t("compute"))));
  root.append(h("h1", {}, t("applicant_title")), h("p", { class: "muted" }, t("applicant_intro")), form, result);
  const caseParams = () => {
    const values = {};
    for (const f of fields) { const el = form.elements[f.name]; if (el && el.value.trim() !== "") values[f.name] = el.value.trim(); }
    const specs = [...form.querySelectorAll("input[name=regime]:checked")].map((el) => el.value);
    return { values, specs, params: new URLSearchParams({ period: period.value, regimes: specs.join(","), ...values }) };
  };
  form.addEventListener("change", () => setHash("aanvrager", caseParams().params));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { values, specs, params } = caseParams();
    setHash("aanvrager", params);
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".error")) el.textContent = "";
    fill(summary, );
    const button = $("#a-compute"); button.disabled = true;
    const bar = progress(t("running")); fill(result, bar.el);
    const answer = await postJSON("/explain", { inputs: values, period: period.value, regimes: specs });
    bar.stop(); button.disabled = false;
    if (!answer.ok) { showFieldErrors(form, summary, answer.body, period, periodErr); fill(result, ); return; }
    renderExplanation(result, answer.body, params);
    focusResults(result);
  });
  if (parts.length || [...query.keys()].length) form.requestSubmit();
}

function showFieldErrors(form, summary, body, period, periodErr) {
  const fields = body.fields || {};
  let first = null;
  for (const [name, message] of Object.entries(fields)) {
    const el = form.elements[name];
    if (!el) continue;
    el.setAttribute("aria-invalid", "true");
    document.getElementById(`f-${name}-err`).textContent = message;
    const details = el.closest("details"); if (details) details.open = true;
    first = first || el;
  }
  if (body.code === "invalid_period") { period.setAttribute("aria-invalid", "true"); periodErr.textContent = body.error; first = first || period; }
  fill(summary, h("div", { class: "problems", role: "alert" }, h("p", {}, Object.keys(fields).length ? t("fix_fields") : body.error),
    body.problems ? h("ul", {}, body.problems.map((p) => h("li", {}, p))) : null));
  if (first) first.focus();
}

function renderExplanation(result, body, params) {
  const explanation = body.explanation || { regimes: [], differences: [] };
  const explained = Object.fromEntries(explanation.regimes.map((r) => [r.regime, Object.values(r.persons)[0]]));
  const cards = Object.entries(body.outcomes).map(([regime, o]) => {
    const e = explained[regime] || {};
    const admitted = o.toegelaten;
    const a = e.distance_to_admission || {};
    const pt = e.puntentoets;
    return h("article", { class: `card ${admitted ? "admitted" : "refused"}`, "data-regime": regime },
      h("h3", {}, term(regime), " ", h("span", { class: `badge ${admitted ? "ok" : "bad"}` }, admitted ? t("admitted") : t("refused"))),
      h("dl", { class: "facts" }, h("dt", {}, term("toelatingsroute", t("route"))), h("dd", { class: "route" }, routeLabel(o.toelatingsroute)),
        h("dt", {}, term("geldigheidsduur", t("validity"))), h("dd", { class: "validity" }, `${o.verblijfsvergunning_geldigheidsduur_maanden ?? "–"} ${t("months")}`),
        h("dt", {}, term("gezinshereniging", t("family"))), h("dd", {}, o.gezinshereniging_toegestaan ? t("yes") : t("no"))),
      e.weigeringsgrond ? h("div", {}, h("h4", {}, term("weigeringsgrond", t("deciding_ground"))), h("p", {}, h("code", {}, e.weigeringsgrond.weigeringsgrond), " ", e.weigeringsgrond.description), h("p", { class: "small" }, citation(e.weigeringsgrond))) : null,
      (e.failed_requirements || []).length ? h("div", {}, h("h4", {}, t("failed")), h("ul", { class: "failed" }, e.failed_requirements.map((n) => h("li", {}, n.route ? h("span", { class: "badge" }, n.route) : null, " ", S.lang === "en" ? n.requirement : (n.description || n.requirement), h("br"), h("span", { class: "small" }, citation(n)))))) : null,
      e.distance_to_admission ? h("h4", {}, term("afstand", t("distance"))) : null,
      !e.distance_to_admission ? null : h("p", { class: "distance" }, admitted && a.wage_increase === 0 ? t("already") : a.admitting_wage === null || a.admitting_wage === undefined ? t("no_wage", { w: euro(a.wage) }) : t("wage_admits", { w: euro(a.admitting_wage), d: euro(a.wage_increase), r: a.route })),
      pt ? h("div", {}, h("h4", {}, term("puntentoets", t("points"))), h("p", {}, t("points_text", { p1: pt.puntentoets_punten_stap_1, d1: pt.puntentoets_drempel_stap_1, t: pt.puntentoets_punten_totaal, d: pt.puntentoets_toelatingsdrempel, s: pt.puntentoets_tekort })),
        pt.options && pt.options.length ? [h("p", { class: "small" }, t("options")), h("ul", { class: "small" }, pt.options.map((o) => h("li", {}, `${o.variable} = ${o.value}: ${signed(o.extra_points)} ${o.admitted ? "✓" : ""}`)))] : null) : null);
  });
  const yamlUrl = `/web/case.yaml?${params.toString()}`;
  const copy = h("button", { type: "button", class: "secondary", onclick: async () => { try { await navigator.clipboard.writeText(body.yaml); copy.textContent = t("copied"); } catch (e) { /* no clipboard without https */ } } }, t("copy"));
  fill(result, 
    h("h2", {}, `${t("results")} · ${body.period}`),
    body.warnings && body.warnings.length ? h("div", { class: "warnings", role: "status" }, h("strong", {}, t("warnings")), h("ul", {}, body.warnings.map((w) => h("li", {}, w)))) : null,
    h("div", { class: "cards" }, cards),
    explanation.differences.length ? [h("h3", {}, t("differences")), h("ul", {}, explanation.differences.map((v) => h("li", {}, term(v.regime), ": ", v.explanation)))] : null,
    h("h3", {}, t("yaml_test")),
    h("div", { class: "actions" }, h("a", { href: yamlUrl, id: "yaml-link", class: "button secondary" }, t("yaml_link")), copy, h("a", { href: location.href, class: "button secondary" }, t("link_case"))),
    h("pre", { id: "yaml" }, body.yaml));
}

// ---------- population under several regimes ----------
function parameterCatalogue(regimes) { return Object.fromEntries(regimes.regimes.map((r) => [r.name, r])); }

function configFromQuery(query) {
  if (query.has("config")) { try { return JSON.parse(query.get("config")); } catch (e) { /* fall through */ } }
  return { period: null, regimes: [{ regime: "brede_welvaartstoets" }, { regime: "aanscherping_kennismigranten" }, { regime: "vijfjarige_vergunning" }] };
}

async function viewPopulation(parts, query) {
  const [regimes, , inputs] = await Promise.all([getJSON("/regimes"), requirements(), getJSON("/web/inputs")]);
  const catalogue = parameterCatalogue(regimes);
  const reforms = regimes.regimes.filter((r) => r.name !== "huidig_recht");
  const config = configFromQuery(query);
  const root = main(); fill(root, );
  // default: the latest month for which all law is published (the server's default period)
  const period = h("input", { id: "p-period", type: "month", value: config.period || inputs.period });
  const bundled = h("input", { type: "radio", name: "source", id: "src-bundled", value: "bundled", checked: true });
  const uploaded = h("input", { type: "radio", name: "source", id: "src-upload", value: "upload" });
  const file = h("input", { type: "file", id: "p-file", accept: ".csv,.parquet,.pq", "aria-label": t("upload") });
  file.addEventListener("change", () => { uploaded.checked = true; });
  const rows = h("div", { id: "regime-rows" });
  const addRow = (item) => rows.append(regimeRow(item, reforms, catalogue));
  (config.regimes || []).forEach(addRow);
  const status = h("div", { id: "p-status" });
  const result = h("section", { id: "p-result" });
  const run = h("button", { type: "submit", id: "p-run" }, t("run"));
  const form = h("form", { id: "population-form", novalidate: true },
    h("fieldset", {}, h("legend", {}, t("source")),
      h("div", {}, bundled, " ", h("label", { for: "src-bundled" }, t("bundled"))),
      h("div", {}, uploaded, " ", h("label", { for: "src-upload" }, t("upload")), " ", file)),
    h("div", { class: "row" }, h("div", {}, h("label", { for: "p-period" }, t("period")), period)),
    h("fieldset", {}, h("legend", {}, term("regime", t("regimes"))), rows,
      h("button", { type: "button", class: "secondary", id: "p-add", onclick: () => addRow({ regime: reforms[0].name }) }, t("add_regime"))),
    h("div", { class: "actions" }, run, h("a", { id: "p-config-link", class: "button secondary", href: "#" }, t("config_link"))),
    status);
  root.append(h("h1", {}, t("population_title")), form, result);
  const currentConfig = () => ({ period: period.value, regimes: [...rows.children].map((row) => row.regimeValue()) });
  // the address always holds the configuration (a language switch or a reload keeps it)
  const updateLink = () => { const params = new URLSearchParams({ config: JSON.stringify(currentConfig()) }); $("#p-config-link").href = `#/bevolking?${params}`; setHash("bevolking", params); return params; };
  form.addEventListener("input", updateLink); form.addEventListener("change", updateLink); updateLink();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const started = performance.now();  // the click: the timing line covers everything after it
    const params = updateLink();
    fill(status);
    let population, name;
    if (uploaded.checked) {
      if (!file.files.length) { fill(status, h("p", { class: "error", role: "alert" }, t("upload_needed"))); file.focus(); return; }
      population = file.files[0]; name = population.name;
      status.append(h("p", { class: "small muted" }, t("file_not_in_url")));
    } else { population = await bundledPopulation(); name = "bevolking_2026.parquet"; }
    const options = { period: period.value, regimes: currentConfig().regimes.map(cleanRegime), outputs: POPULATION_OUTPUTS, per_applicant: "columns" };
    const data = new FormData(); data.append("population", population, name); data.append("options", JSON.stringify(options));
    run.disabled = true;
    const bar = progress(t("running")); fill(result, bar.el);
    const response = await fetch("/compare", { method: "POST", body: data, headers: { Accept: "application/json" } });
    const answered = performance.now();
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}: the answer was not JSON` }));
    const parsed = performance.now();
    bar.stop(); run.disabled = false;
    if (!response.ok) { fill(result, problemsBox(body)); focusProblems(result); return; }
    renderComparison(result, body);
    focusResults(result);
    const done = performance.now();
    const s = (a, b) => ((b - a) / 1000).toFixed(2);
    result.prepend(h("p", { class: "small muted", id: "p-timing", "data-total": s(started, done), "data-server": s(started, answered), "data-parse": s(answered, parsed), "data-render": s(parsed, done) },
      t("timing", { total: s(started, done), answer: s(started, answered), json: s(answered, parsed), render: s(parsed, done) })));
  });
  if (query.has("config") && query.has("run")) form.requestSubmit();
}

// Per applicant: what the refusal, validity and family tables need ("toegelaten" is the route
// not being "geweigerd", so it is not sent: 100,000 applicants make every column count).
const POPULATION_OUTPUTS = ["toelatingsroute", "weigeringsgrond", "verblijfsvergunning_geldigheidsduur_maanden", "gezinshereniging_toegestaan"];
const admittedColumn = (cols, r) => (cols[`${r}.toelatingsroute`] || []).map((route) => route !== "geweigerd");

function cleanRegime(r) {
  const out = { regime: r.regime };
  if (r.label) out.label = r.label;
  if (r.parameters && Object.keys(r.parameters).length) out.parameters = r.parameters;
  return out;
}

async function bundledPopulation() {
  if (!S.bundled) { const response = await fetch("/web/population.parquet"); S.bundled = await response.blob(); }
  return S.bundled;
}

function regimeRow(item, reforms, catalogue) {
  const names = (item.regime || "").split("+").filter(Boolean);
  const overrides = { ...(item.parameters || {}) };
  const row = h("div", { class: "regime-row" });
  const label = h("input", { type: "text", value: item.label || "", placeholder: "(auto)", "aria-label": t("label"), size: 18 });
  const chain = h("span", { class: "chain" });
  const params = h("div", { class: "params" });
  const redraw = () => {
    fill(chain, ...names.map((n, i) => h("span", {}, i ? " + " : "", h("select", { "aria-label": `${t("regime")} ${i + 1}`, onchange: (e) => { names[i] = e.target.value; redraw(); row.dispatchEvent(new Event("change", { bubbles: true })); } },
      reforms.map((r) => h("option", { value: r.name, selected: r.name === n, title: r.description }, r.name))))));
    if (params.open) fillParams();
  };
  const details = h("details", { class: "params" }, h("summary", {}, t("edit_params")), params);
  details.addEventListener("toggle", () => { if (details.open) fillParams(); });
  async function fillParams() {
    const list = names.flatMap((n) => (catalogue[n] ? catalogue[n].parameters : []));
    fill(params, h("p", { class: "small muted" }, `${list.length} ${t("kind_parameters")}`));
    const loaded = await Promise.all(list.map((id) => getJSON(`/parameter/${id.replace(/\./g, "/")}`).catch(() => null)));
    const editors = loaded.filter(Boolean).map((p) => Object.assign(paramEditor(p, overrides, row), { searchText: `${p.id} ${p.description} ${(p.metadata || {}).label_en || ""}`.toLowerCase() }));
    const filterId = `pf-${Math.random().toString(36).slice(2, 7)}`;
    const filter = h("input", { type: "search", id: filterId, placeholder: "drempel, threshold, isco_2, …", oninput: () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const e of editors) e.hidden = !words.every((w) => e.searchText.includes(w));
    } });
    // edited parameters first, so that a configuration link shows what it changes
    editors.sort((a, b) => (b.dataset.edited === "true") - (a.dataset.edited === "true"));
    fill(params, h("div", { class: "row" }, h("div", {}, h("label", { for: filterId }, t("filter_params")), filter)), editors);
  }
  row.regimeValue = () => ({ regime: names.join("+"), label: label.value.trim() || undefined, parameters: { ...overrides } });
  row.append(h("div", { class: "row" },
    h("div", {}, h("span", { class: "small" }, term("regime")), chain),
    h("div", {}, h("button", { type: "button", class: "secondary", onclick: () => { names.push(reforms[0].name); redraw(); row.dispatchEvent(new Event("change", { bubbles: true })); } }, t("add_reform"))),
    h("div", {}, h("label", {}, t("label"), " ", label)),
    h("div", {}, h("button", { type: "button", class: "secondary", onclick: () => { const form = row.closest("form"); row.remove(); form.dispatchEvent(new Event("change")); $("#p-add").focus(); } }, t("remove")))), details);
  redraw();
  if (Object.keys(overrides).length) details.open = true;
  return row;
}

function latestValue(p) {
  const entries = Object.entries(p.values || {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries[entries.length - 1][1] : null;
}

function paramEditor(p, overrides, row) {
  const md = p.metadata || {};
  const current = latestValue(p);
  const id = `pe-${p.id}-${Math.random().toString(36).slice(2, 7)}`;
  const isBool = typeof current === "boolean";
  const has = Object.prototype.hasOwnProperty.call(overrides, p.id);
  const value = has ? overrides[p.id] : "";
  const onChange = (raw) => {
    if (raw === "") delete overrides[p.id];
    else if (isBool) overrides[p.id] = raw === "true";
    else overrides[p.id] = Number.isFinite(Number(raw)) && raw.trim() !== "" ? Number(raw) : raw;
    row.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const control = isBool
    ? h("select", { id, "data-parameter": p.id, onchange: (e) => onChange(e.target.value) }, h("option", { value: "" }, `(${String(current)})`), h("option", { value: "true", selected: value === true }, "true"), h("option", { value: "false", selected: value === false }, "false"))
    : h("input", { id, "data-parameter": p.id, type: "text", inputmode: "decimal", value: value === "" ? "" : String(value), placeholder: `(${current === null ? "–" : current})`, oninput: (e) => onChange(e.target.value) });
  return h("div", { class: "param-edit", "data-edited": has ? "true" : "false" },
    h("div", {}, h("label", { for: id }, S.lang === "en" && md.label_en ? md.label_en : p.description), h("div", { class: "pname" }, h("a", { href: `#/wet/parameter/${p.id}`, target: "_blank" }, p.id))),
    h("div", {}, control, h("div", { class: "small muted" }, `${t("current_value")}: ${current === null ? "–" : current}${md.unit ? " " + md.unit : ""}`)),
    h("div", { class: "small" }, md.assumption ? [h("span", { class: "badge assumption" }, term("aanname", "aanname")), " ", md.assumption.rationale || ""] : null));
}

function weightedCounts(columns, regime, key, filter) {
  const weights = columns.gewicht || null;
  const values = columns[`${regime}.${key}`] || [];
  const counts = {};
  for (let i = 0; i < values.length; i++) {
    if (filter && !filter(i)) continue;
    const w = weights ? weights[i] : 1;
    counts[values[i]] = (counts[values[i]] || 0) + w;
  }
  return counts;
}

function barChart(categories, series) {
  // Grouped horizontal bars: one group per category, one bar per regime.
  const W = 720, rowH = 12, gap = 10, L = 170, R = 60;
  const max = Math.max(1, ...series.flatMap((s) => categories.map((c) => s.values[c] || 0)));
  const H = categories.length * (series.length * rowH + gap) + 10;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", "100%"); svg.setAttribute("style", "max-width:720px"); svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t("by_route"));
  const add = (tag, attrs, text) => { const el = document.createElementNS(svg.namespaceURI, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); if (text !== undefined) el.textContent = text; svg.append(el); };
  categories.forEach((c, ci) => {
    const y0 = ci * (series.length * rowH + gap) + 5;
    add("text", { x: L - 6, y: y0 + (series.length * rowH) / 2 + 4, "text-anchor": "end" }, c);
    series.forEach((s, si) => {
      const v = s.values[c] || 0;
      const w = (v / max) * (W - L - R);
      add("rect", { x: L, y: y0 + si * rowH, width: Math.max(0.5, w), height: rowH - 2, fill: COLORS[si % COLORS.length] });
      add("text", { x: L + w + 4, y: y0 + si * rowH + rowH - 3 }, nf(v));
    });
  });
  return h("figure", {}, svg, h("figcaption", { class: "legend" }, series.map((s, i) => h("span", {}, h("i", { style: `background:${COLORS[i % COLORS.length]}` }), s.name))));
}

function renderComparison(result, body) {
  const regimes = body.regimes;
  const base = regimes[0];
  const cols = (body.applicants && body.applicants.columns) || {};
  const routesTable = body.routes.filter((r) => r.route !== "totaal" && r.route !== "total");
  const admittedOf = (regime) => routesTable.filter((r) => r.route !== "geweigerd").reduce((s, r) => s + (r[regime] || 0), 0);
  const totalOf = (regime) => routesTable.reduce((s, r) => s + (r[regime] || 0), 0);
  const summaryRows = regimes.map((r) => [term(r), nf(totalOf(r)), h("span", { "data-admitted": r }, nf(admittedOf(r))), r === base ? "" : h("span", { class: admittedOf(r) - admittedOf(base) < 0 ? "neg" : "pos" }, signed(admittedOf(r) - admittedOf(base)))]);
  const reqs = S.requirements ? Object.fromEntries(S.requirements.requirements.map((q) => [q.name, q])) : {};
  const refusalRows = [];
  const grounds = new Set();
  const byRegime = {};
  const admitted = Object.fromEntries(regimes.map((r) => [r, admittedColumn(cols, r)]));
  for (const r of regimes) { byRegime[r] = weightedCounts(cols, r, "weigeringsgrond", (i) => !admitted[r][i]); Object.keys(byRegime[r]).forEach((g) => grounds.add(g)); }
  const groundCell = (g) => h("div", {},
    reqs[g] ? h("abbr", { class: "term", tabindex: "0", "data-tip": reqs[g].description }, h("code", {}, g)) : h("code", {}, g),
    reqs[g] ? h("div", { class: "small" }, reqs[g].description, " · ", citation(reqs[g].citation)) : null);
  const order = (g) => (reqs[g] ? reqs[g].order : 1e9);  // the statutory order of the grounds
  for (const g of [...grounds].sort((a, b) => order(a) - order(b))) refusalRows.push([groundCell(g), ...regimes.map((r) => nf(byRegime[r][g] || 0))]);
  const validityRows = regimes.map((r) => {
    const adm = admitted[r], dur = cols[`${r}.verblijfsvergunning_geldigheidsduur_maanden`] || [], fam = cols[`${r}.gezinshereniging_toegestaan`] || [], w = cols.gewicht || [];
    let n = 0, permits = 0, months = 0, family = 0;
    for (let i = 0; i < adm.length; i++) {
      if (!adm[i]) continue;
      const wi = w[i] ?? 1;
      n += wi; family += wi * (fam[i] ? 1 : 0);
      if (dur[i] > 0) { permits += wi; months += wi * dur[i]; }  // free movement and exempt work need no permit
    }
    return [term(r), nf(n), nf(permits), nf(permits ? months / permits : null, 1), n ? `${nf((100 * family) / n, 1)} %` : "–"];
  });
  const matrixFor = (regime) => {
    const cells = body.transition_matrix.filter((m) => m.regime === regime);
    const from = [...new Set(cells.map((c) => c.from_route))], to = [...new Set(cells.map((c) => c.to_route))];
    const get = (a, b) => { const c = cells.find((x) => x.from_route === a && x.to_route === b); return c ? nf(c.applicants) : ""; };
    return [h("h4", {}, term(regime)), table([t("from_to"), ...to], from.map((a) => [a, ...to.map((b) => get(a, b))]), [false, ...to.map(() => true)])];
  };
  // weighted counts only (the *_rows columns count file rows)
  const transitionKeys = body.transitions.length ? Object.keys(body.transitions[0]).filter((k) => k !== "regime" && !k.endsWith("_rows")) : [];
  const aggregateColumns = body.aggregates.length ? Object.keys(body.aggregates[0]) : [];
  fill(result, 
    h("h2", {}, `${t("results")} · ${body.period} · ${nf(body.population.applicants)} ${t("applicants")} (${t("weighted")} ${nf(body.population.weighted_applicants)})`),
    body.warnings && body.warnings.length ? h("div", { class: "warnings", role: "status" }, h("strong", {}, t("warnings")), h("ul", {}, body.warnings.map((w) => h("li", {}, w)))) : null,
    h("div", { id: "p-summary" }, table([term("regime"), t("applicants"), t("admitted_n"), t("diff")], summaryRows, [false, true, true, true])),
    h("h3", {}, t("by_route")),
    barChart(routesTable.map((r) => r.route), regimes.map((r) => ({ name: r, values: Object.fromEntries(routesTable.map((x) => [x.route, x[r] || 0])) }))),
    table([term("toelatingsroute"), ...regimes, ...regimes.slice(1).map((r) => `Δ ${r}`)], routesTable.map((row) => [routeLabel(row.route), ...regimes.map((r) => nf(row[r])), ...regimes.slice(1).map((r) => signed((row[r] || 0) - (row[base] || 0)))]), [false, ...regimes.map(() => true), ...regimes.slice(1).map(() => true)]),
    h("h3", {}, t("transitions")),
    table([term("regime"), ...transitionKeys], body.transitions.map((x) => [term(x.regime), ...transitionKeys.map((k) => nf(x[k]))]), [false, ...transitionKeys.map(() => true)]),
    h("h3", {}, term("overgangsmatrix", t("matrix"))), regimes.slice(1).map(matrixFor),
    h("h3", {}, term("weigeringsgrond", t("refusals"))),
    h("div", { id: "p-refusals" }, table([term("weigeringsgrond"), ...regimes], refusalRows, [false, ...regimes.map(() => true)])),
    h("h3", {}, t("validity_family")),
    h("div", { id: "p-validity" }, table([term("regime"), t("admitted_n"), t("with_permit"), t("mean_validity"), t("family_share")], validityRows, [false, true, true, true, true])),
    h("h3", {}, t("downloads")),
    h("div", { class: "actions" },
      lazyDownload("aanvragers.csv", t("dl_applicants"), () => columnsCsv(cols), "text/csv"),
      lazyDownload("aggregaten.csv", t("dl_aggregates"), () => csv(body.aggregates, aggregateColumns), "text/csv"),
      lazyDownload("receipt.json", t("dl_receipt"), () => JSON.stringify(body.receipt, null, 2), "application/json"),
      lazyDownload("compare.json", t("dl_answer"), () => JSON.stringify(body), "application/json")),
    h("details", {}, h("summary", {}, t("receipt")), h("pre", {}, JSON.stringify(body.receipt, null, 2))));
}

// ---------- costing ----------
async function viewCosting(parts, query) {
  const regimes = await getJSON("/regimes");
  const reforms = regimes.regimes.filter((r) => r.name !== "huidig_recht");
  const chosen = query.has("regimes") ? query.get("regimes").split(",") : ["brede_welvaartstoets"];
  const root = main(); fill(root, );
  const num = (id, value, min, max) => h("input", { id, type: "number", value, min, max, step: 1, style: "width:7em" });
  const period = h("input", { id: "k-period", type: "month", value: query.get("period") || "2026-01" });
  const years = num("k-years", query.get("years") || 5, 1, 30), draws = num("k-draws", query.get("draws") || 10, 0, 200), seed = num("k-seed", query.get("seed") || 2026, 0, 2 ** 31);
  const boxes = reforms.map((r) => h("label", { class: "small", style: "font-weight:400" }, h("input", { type: "checkbox", name: "k-regime", value: r.name, checked: chosen.includes(r.name) }), " ", term(r.name), h("span", { class: "muted" }, ` — ${r.description}`)));
  const result = h("section", { id: "k-result" });
  const run = h("button", { type: "submit", id: "k-run" }, t("run_costing"));
  const form = h("form", { id: "costing-form", novalidate: true },
    h("p", { class: "muted" }, t("bundled")),
    h("div", { class: "row" }, h("div", {}, h("label", { for: "k-period" }, t("period")), period), h("div", {}, h("label", { for: "k-years" }, t("years")), years), h("div", {}, h("label", { for: "k-draws" }, t("draws")), draws), h("div", {}, h("label", { for: "k-seed" }, t("seed")), seed)),
    h("fieldset", {}, h("legend", {}, t("regimes")), h("div", { style: "display:flex;flex-direction:column;gap:4px" }, boxes), h("p", { class: "small muted" }, t("reforms_default"))),
    h("div", { class: "actions" }, run));
  root.append(h("h1", {}, t("costing_title")), form, result);
  const chosenSpecs = () => [...form.querySelectorAll("input[name=k-regime]:checked")].map((el) => el.value);
  const remember = () => setHash("kosten", new URLSearchParams({ period: period.value, years: years.value, draws: draws.value, seed: seed.value, regimes: chosenSpecs().join(",") }));
  form.addEventListener("change", remember);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const specs = chosenSpecs();
    remember();
    const options = { period: period.value, years: Number(years.value), draws: Number(draws.value), seed: Number(seed.value) };
    if (specs.length) options.regimes = specs;
    const data = new FormData(); data.append("population", await bundledPopulation(), "bevolking_2026.parquet"); data.append("options", JSON.stringify(options));
    run.disabled = true;
    const bar = progress(t("running")); fill(result, bar.el);
    const answer = await postJSON("/costing", null, { method: "POST", body: data, headers: { Accept: "application/json" } });
    bar.stop(); run.disabled = false;
    if (!answer.ok) { fill(result, problemsBox(answer.body)); focusProblems(result); return; }
    renderCosting(result, answer.body);
    focusResults(result);
  });
  if (query.has("run")) form.requestSubmit();
}

const SUMMARY_METRICS = ["applications", "admissions", "admissions_non_eu", "stock_migrants", "family_arrivals", "fees_total", "tax_and_contributions", "cost_total", "net_covered_items"];

function renderCosting(result, body) {
  const metrics = body.metrics || {};
  const regimes = body.regimes;
  const base = regimes[0];
  const last = body.years.length - 1;
  const keys = SUMMARY_METRICS.filter((k) => body.central[base] && body.central[base][k]);
  const interval = (r, k, i) => { const iv = body.intervals && body.intervals[r] && body.intervals[r][k]; return iv && iv.p05 ? `${nf(iv.p05[i])} – ${nf(iv.p95[i])}` : ""; };
  const withInterval = (r, k, i) => h("div", {}, nf(body.central[r][k][i]), interval(r, k, i) ? h("div", { class: "small muted" }, interval(r, k, i)) : null);
  const summaryRows = keys.map((k) => [h("span", { title: k }, metrics[k] || k), ...regimes.flatMap((r) => [withInterval(r, k, last), r === base ? null : signed(body.central[r][k][last] - body.central[base][k][last])].filter((x) => x !== null))]);
  const heads = [t("metric"), ...regimes.flatMap((r) => (r === base ? [r] : [r, `Δ ${r}`]))];
  const yearly = [];
  for (const r of regimes) for (const k of Object.keys(body.central[r])) body.years.forEach((y, i) => yearly.push({ regime: r, metric: k, year: y, central: body.central[r][k][i], p05: body.intervals?.[r]?.[k]?.p05?.[i] ?? "", p95: body.intervals?.[r]?.[k]?.p95?.[i] ?? "" }));
  fill(result, 
    h("h2", {}, `${t("summary")} · ${body.period} · ${body.years[0]}–${body.years[last]} · ${body.draws} ${t("draws").split(" ")[0].toLowerCase()}`),
    body.warnings && body.warnings.length ? h("div", { class: "warnings" }, h("strong", {}, t("warnings")), h("ul", {}, body.warnings.map((w) => h("li", {}, w)))) : null,
    h("p", { class: "small muted" }, `${t("year")} ${body.years[last]}; ${t("central")}, ${t("interval")}`),
    h("div", { id: "k-summary" }, table(heads, summaryRows, heads.map((_, i) => i > 0))),
    regimes.map((r) => [h("h3", {}, term(r)), table([t("metric"), ...body.years.map(String)], keys.map((k) => [metrics[k] || k, ...body.years.map((_, i) => h("span", { title: interval(r, k, i) }, nf(body.central[r][k][i])))]), [false, ...body.years.map(() => true)])]),
    h("h3", {}, t("downloads")),
    h("div", { class: "actions" },
      Object.assign(download("costing.json", JSON.stringify(body, null, 2), "application/json"), { textContent: t("dl_report") }),
      Object.assign(download("costing_years.csv", csv(yearly, ["regime", "metric", "year", "central", "p05", "p95"]), "text/csv"), { textContent: t("dl_csv") })),
    h("details", {}, h("summary", {}, t("receipt")), h("pre", {}, JSON.stringify(body.receipt, null, 2))));
}

// ---------- shell ----------
function translateStatic() {
  document.documentElement.lang = S.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const button = $("#lang");
  button.textContent = S.lang === "nl" ? "EN" : "NL";
  button.setAttribute("aria-label", S.lang === "nl" ? "English" : "Nederlands");
}

async function route() {
  const { parts, query } = parseHash();
  const view = parts[0] || "wet";
  for (const a of document.querySelectorAll("#tabs a")) a.toggleAttribute("aria-current", a.dataset.view === view) && a.setAttribute("aria-current", "page");
  try {
    if (view === "aanvrager") await viewApplicant(parts.slice(1), query);
    else if (view === "bevolking") await viewPopulation(parts.slice(1), query);
    else if (view === "kosten") await viewCosting(parts.slice(1), query);
    else if ($("#law-detail") && S.view === "wet") await lawDetail(parts);
    else await viewLaw(parts, query);
    S.view = view;
  } catch (error) {
    S.view = null;
    fill(main(), problemsBox(error.body || { error: String(error) }));
  }
}

async function start() {
  try { S.glossary = await getJSON("/web/static/glossary.json"); } catch (e) { S.glossary = {}; }
  $("#lang").addEventListener("click", () => { S.lang = S.lang === "nl" ? "en" : "nl"; localStorage.setItem("lang", S.lang); translateStatic(); S.view = null; route(); });
  translateStatic();
  let last = location.hash;
  window.addEventListener("hashchange", () => {
    // Re-render on navigation; hash updates made by the page itself (replaceState) fire no event.
    if (location.hash !== last) { last = location.hash; route(); }
  });
  await route();
}
document.addEventListener("DOMContentLoaded", start);
