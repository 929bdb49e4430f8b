"""The costing report for a ministry reader: HTML (self-contained) and Markdown, a summary JSON, CSV.

write_report(result, folder, language="nl") writes:

* ``report.html`` (charts embedded as base64; no file or host outside it) and ``report.md`` (charts in
  ``charts/``), in one language: Dutch (``nl``, default) or English (``en``). Section 1 summarises per
  reform the change from current law (admissions, permits and their validity, fees, IND/UWV workload
  and cost, tax and contributions, the balance, housing, family) in € million or thousands with the
  90% interval, as a table a reader can copy; then admissions by route, sectors (SBI) and occupations
  (ISCO-08), transitions, wages against the salary criteria, the yearly budget effects; appendix A
  the method, the assumptions with their rationale (the parameters' ``assumption`` metadata) and the
  sources; appendix B the receipt. A footnote marks every figure that differs between tables by an
  assumption.
* ``summary.json``: the figures of section 1 (English keys), per reform.
* ``charts/*.png``, CSV (``routes``, ``route_changes``, ``sectors``, ``occupations``, ``permits``,
  ``transitions``, ``transition_matrix``, ``largest_flows``, ``refusals_by_reason``, ``yearly``,
  ``differences``, ``unit_values``, ``wage_criteria``, ``draws``) and ``receipt.json``.
"""

from __future__ import annotations

import base64
import csv
import json
import pathlib

import jinja2

from openfisca_arbeidsmigratie.costing import texts
from openfisca_arbeidsmigratie.costing.charts import write_charts
from openfisca_arbeidsmigratie.costing.projection import METRICS
from openfisca_arbeidsmigratie.costing.result import CostingResult
from openfisca_arbeidsmigratie.reforms import BASELINE

SUMMARY_ITEMS = (
    # (word key, metric, scale, unit key, footnote)
    ("item_admissions", "admissions", 1e3, "thousand", "footnote_admissions"),
    ("item_admissions_non_eu", "admissions_non_eu", 1e3, "thousand", "footnote_admissions"),
    ("item_fees", "fees_total", 1e6, "eur_mln", None),
    ("item_decisions_ind", "decisions_ind", 1e3, "thousand", None),
    ("item_decisions_points", "decisions_points_test", 1e3, "thousand", None),
    ("item_tests_uwv", "tests_uwv", 1e3, "thousand", None),
    ("item_cost", "cost_total", 1e6, "eur_mln", None),
    ("item_tax", "tax_and_contributions", 1e6, "eur_mln", None),
    ("item_net", "net_covered_items", 1e6, "eur_mln", None),
    ("item_dwellings", "dwellings_regular_market", 1e3, "thousand", None),
    ("item_family", "family_present", 1e3, "thousand", "footnote_family"),
)
"""The rows of the summary per reform, with their unit (one decimal each)."""
UNITS_EN = {"thousand": "thousand", "eur_mln": "EUR million", "months": "months", "percent": "percent"}
YEARLY = ("admissions", "fees_total", "cost_total", "tax_and_contributions", "net_covered_items", "dwellings_regular_market", "family_present")
ITEM_OF = {metric: key for key, metric, *_ in SUMMARY_ITEMS}
SCALE_OF = {metric: (scale, unit) for _, metric, scale, unit, _ in SUMMARY_ITEMS}
DECIMALS = 1

# ---- CSV ----------------------------------------------------------------------------------------


def _write_csv(path: pathlib.Path, rows: list[dict]) -> None:
    fields = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def yearly_rows(result: CostingResult) -> list[dict]:
    rows = []
    for regime in result.regimes:
        for metric in METRICS:
            for t, year in enumerate(result.years):
                row = {"regime": regime, "year": year, "metric": metric, "central": result.central[regime][metric][t]}
                for name, values in result.intervals.get(regime, {}).get(metric, {}).items():
                    row[name] = values[t]
                rows.append(row)
    return rows


def difference_rows(result: CostingResult) -> list[dict]:
    rows = []
    for regime, metrics in result.differences.items():
        for metric, series in metrics.items():
            for t, year in enumerate(result.years):
                rows.append({"regime": regime, "year": year, "metric": metric, **{k: v[t] for k, v in series.items()}})
    return rows


def write_csvs(result: CostingResult, folder: pathlib.Path) -> list[pathlib.Path]:
    tables = {
        "routes": result.routes,
        "route_changes": result.route_changes,
        "sectors": result.sectors,
        "occupations": result.occupations,
        "permits": result.permits,
        "transitions": result.transitions,
        "transition_matrix": result.transition_matrix,
        "largest_flows": result.largest_flows,
        "decomposition": result.decomposition,
        "refusals_by_reason": result.refusals,
        "yearly": yearly_rows(result),
        "differences": difference_rows(result),
        "unit_values": result.unit_values,
        "wage_criteria": result.wages["bands"],
        "draws": result.draw_values,
    }
    written = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        _write_csv(path, rows)
        written.append(path)
    receipt = folder / "receipt.json"
    receipt.write_text(json.dumps(result.receipt, indent=2, default=str), encoding="utf-8")
    return [*written, receipt]


# ---- the summary (section 1 and summary.json) ---------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), DECIMALS) + 0.0


def _point(series: dict, t: int, scale: float) -> dict:
    out = {"central": _round(series["central"][t] / scale)}
    if "p05" in series:
        out |= {"p05": _round(series["p05"][t] / scale), "p95": _round(series["p95"][t] / scale)}
    return out


def summary(result: CostingResult) -> dict:
    """Per reform, the change from current law of each summary item in the first and the last year
    (in the item's unit, rounded to one decimal), with current law's level in the first year."""
    first, last = 0, len(result.years) - 1
    shown = [item for item in SUMMARY_ITEMS if item[1] != "decisions_points_test" or any(any(result.central[g]["decisions_points_test"]) for g in result.regimes)]
    permits = {p["regime"]: p for p in result.permits}
    reforms = {}
    for reform in result.regimes[1:]:
        items = []
        for _key, metric, scale, unit, _ in shown:
            series = result.differences[reform][metric]
            items.append(
                {
                    "item": metric,
                    "unit": UNITS_EN[unit],
                    "current_law_first_year": _round(result.central[BASELINE][metric][first] / scale),
                    "first_year": {"year": result.years[first], **_point(series, first, scale)},
                    "last_year": {"year": result.years[last], **_point(series, last, scale)},
                }
            )
        permit_items = []
        if reform in permits and BASELINE in permits:
            for name, unit, scale in (("mean_validity_months", "months", 1.0), ("share_60_months_or_more", "percent", 0.01)):
                base, value = permits[BASELINE][name], permits[reform][name]
                if base is None or value is None:
                    continue
                change = {"central": _round((value - base) / scale)}
                permit_items.append(
                    {
                        "item": f"permits_{name}",
                        "unit": unit,
                        "current_law_first_year": _round(base / scale),
                        "first_year": {"year": result.years[first], **change},
                        "last_year": {"year": result.years[last], **change},
                    }
                )
        items[2:2] = permit_items  # after the admissions
        reforms[reform] = {"description": reform_description(result, reform), "items": items}
    return {
        "period": result.period,
        "years": result.years,
        "draws": result.draws,
        "seed": result.seed,
        "interval": "p05-p95 over the draws" if result.draws else None,
        "precision": f"{DECIMALS} decimal in the unit given",
        "regimes": result.regimes,
        "reforms": reforms,
        "warnings": result.warnings,
    }


def reform_description(result: CostingResult, regime: str) -> str:
    """The Dutch description of each reform in ``regime``'s spec (joined with " + ")."""
    from openfisca_arbeidsmigratie.reforms import parse_spec, reform_class  # noqa: PLC0415

    spec = result.receipt.get("specs", {}).get(regime, regime)
    try:
        names = parse_spec(spec).reforms
        return " + ".join(reform_class(name).name for name in names)
    except Exception:  # noqa: BLE001 (a description is a courtesy; the regime label stays)
        return ""


# ---- the document -------------------------------------------------------------------------------


class Doc:
    """Sections of blocks, rendered to Markdown and HTML alike; footnotes numbered in order of use."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.w = texts.words(language)
        self.sections: list[dict] = []
        self.footnotes: list[str] = []

    def section(self, anchor: str, title: str) -> dict:
        section = {"anchor": anchor, "title": title, "blocks": []}
        self.sections.append(section)
        return section

    def note(self, key: str) -> int:
        text = self.w[key]
        if text not in self.footnotes:
            self.footnotes.append(text)
        return self.footnotes.index(text) + 1


def n(value, decimals: int, language: str, *, sign: bool = False) -> str:
    return texts.number(value, decimals, language, sign=sign)


def _summary_blocks(doc: Doc, result: CostingResult, data: dict) -> list:
    w, lang = doc.w, doc.language
    first, last = result.years[0], result.years[-1]
    key_of = {metric: key for key, metric, *_ in SUMMARY_ITEMS} | {
        "permits_mean_validity_months": "item_validity",
        "permits_share_60_months_or_more": "item_validity_60",
    }
    notes = {metric: note for _, metric, _, _, note in SUMMARY_ITEMS} | {
        "permits_mean_validity_months": "footnote_permits",
        "permits_share_60_months_or_more": "footnote_permits",
    }
    unit_word = {"thousand": w["thousand"], "EUR million": w["eur_mln"], "months": w["months"], "percent": w["percent_points"]}
    header = [
        w["reform"], w["item"], w["unit"], f"{w['current_law']} {first}",
        f"{w['change']} {first}", w["low"], w["high"], f"{w['change']} {last}", w["low"], w["high"],
    ]
    rows = []
    for reform, entry in data["reforms"].items():
        for item in entry["items"]:
            marker = notes.get(item["item"])
            label = w[key_of[item["item"]]] + (f" [{doc.note(marker)}]" if marker else "")
            cells = [reform, label, unit_word[item["unit"]], n(item["current_law_first_year"], DECIMALS, lang)]
            for year in ("first_year", "last_year"):
                point = item[year]
                cells += [n(point["central"], DECIMALS, lang, sign=True), n(point.get("p05"), DECIMALS, lang, sign=True), n(point.get("p95"), DECIMALS, lang, sign=True)]
            rows.append(cells)
    return [
        ("p", w["summary_intro"].format(first=first, last=last)),
        ("table", None, header, rows, "summary"),
    ]


def build(result: CostingResult, charts: dict[str, pathlib.Path], language: str) -> Doc:
    doc = Doc(language)
    w, lang = doc.w, language
    data = summary(result)

    s = doc.section("summary", w["summary"])
    s["blocks"] += _summary_blocks(doc, result, data)
    s["blocks"].append(("h3", w["reforms"]))
    s["blocks"].append(("list", [f"{g}: {reform_description(result, g) or '-'}" for g in result.regimes[1:]]))
    s["blocks"].append(("h3", w["caveat_title"]))
    s["blocks"].append(("caveat", w["caveat"]))

    s = doc.section("routes", w["admissions_section"])
    if "route_changes" in charts:
        s["blocks"].append(("chart", "route_changes", w["chart_route_changes"]))
    marker = doc.note("footnote_admissions")
    s["blocks"].append(("table", f"{w['routes_table']} [{marker}]", [w["route"], *result.regimes],
                        [[texts.route_label(r["route"], lang), *(n(r[g], 0, lang) for g in result.regimes)] for r in result.routes], None))
    changes = [c for c in result.route_changes if c["route"] != "geweigerd" and (c["applicants"] or c["change"])]
    s["blocks"].append(("table", f"{w['route_changes_table']} [{marker}]", [w["reform"], w["route"], w["applicants"], w["change"], w["percent_change"]],
                        [[c["regime"], texts.route_label(c["route"], lang), n(c["applicants"], 0, lang), n(c["change"], 0, lang, sign=True),
                          "" if c["change_percent"] is None else n(c["change_percent"], 1, lang, sign=True)] for c in changes], None))

    if result.decomposition:
        rows = []
        for regime in dict.fromkeys(r["regime"] for r in result.decomposition):
            own = [r for r in result.decomposition if r["regime"] == regime]
            for reform in dict.fromkeys(r["reform"] for r in own):
                mine = [r for r in own if r["reform"] == reform]
                admitted = sum(r["contribution"] for r in mine if r["route"] != "geweigerd")
                cells = [f"{texts.route_label(r['route'], lang)}: {n(r['contribution'], 0, lang, sign=True)}" for r in mine if r["route"] != "geweigerd" and abs(r["contribution"]) >= 0.5]  # noqa: PLR2004
                rows.append([regime, reform, n(admitted, 0, lang, sign=True), "; ".join(cells) or "-"])
        s["blocks"].append(("p", w["decomposition_intro"]))
        s["blocks"].append(("table", f"{w['decomposition_table']} [{marker}]", ["regime", w["reform"], w["admitted_change"], w["per_route"]], rows, None))

    s = doc.section("sectors", w["sectors_section"])
    if "sectors" in charts:
        s["blocks"].append(("chart", "sectors", w["chart_sectors"]))
    got = {(r["category"], r["regime"]): r for r in result.sectors}
    sectors = sorted({r["category"] for r in result.sectors})
    s["blocks"].append(("table", f"{w['sectors_table']} [{marker}]", [w["sector"], w["applicants"], *result.regimes],
                        [[texts.sector_label(c, lang), n(got[(c, BASELINE)]["applicants"], 0, lang), *(n(got[(c, g)]["admitted"], 0, lang) for g in result.regimes)] for c in sectors], None))
    if result.occupations:
        occ = {(r["isco08_major_group"], r["regime"]): r for r in result.occupations}
        groups = sorted({r["isco08_major_group"] for r in result.occupations}, key=lambda g: (g == "", g))
        s["blocks"].append(("table", f"{w['occupations_table']} [{marker}]", [w["occupation"], w["applicants"], *result.regimes],
                            [[texts.occupation_label(c, lang), n(occ[(c, BASELINE)]["applicants"], 0, lang), *(n(occ[(c, g)]["admitted"], 0, lang) for g in result.regimes)] for c in groups], None))

    s = doc.section("transitions", w["transitions_section"])
    s["blocks"].append(("table", w["transitions_table"], [w["reform"], w["admitted_to_refused"], w["refused_to_admitted"], w["route_changed"], w["unchanged"]],
                        [[t["regime"], *(n(t.get(k), 0, lang) for k in ("admitted_to_refused", "refused_to_admitted", "route_changed", "unchanged"))] for t in result.transitions], None))
    describe = {r["weigeringsgrond"]: r["description"] for r in result.refusals}
    if result.largest_flows:
        s["blocks"].append(("table", w["flows_table"], [w["reform"], w["from_route"], w["to_route"], w["applicants"], w["main_ground"], w["share"]],
                            [[f["regime"], texts.route_label(f["from_route"], lang), texts.route_label(f["to_route"], lang), n(f["applicants"], 0, lang),
                              describe.get(f["main_ground"], f["main_ground"]) or w["no_ground"], "" if f["main_ground_share"] is None else f"{n(100 * f['main_ground_share'], 0, lang)}%"] for f in result.largest_flows], None))
    shown = {name for name in charts if name.startswith("transitions_")}
    for k, reform in enumerate(result.regimes[1:], start=1):
        if f"transitions_{k}" in shown:
            s["blocks"].append(("chart", f"transitions_{k}", w["chart_transitions"].format(reform=reform)))
        else:
            s["blocks"].append(("p", w["no_transitions"].format(reform=reform)))
    for kind in dict.fromkeys(r["kind"] for r in result.refusals):
        grounds = {}
        for r in result.refusals:
            if r["kind"] == kind:
                grounds.setdefault(r["weigeringsgrond"], {"row": r, "counts": {}})["counts"][r["regime"]] = r["weighted_count"]
        rows = [[g["row"]["description"], ("link", w["legal_text"], g["row"]["url"]) if g["row"]["url"] else "-", *(n(g["counts"].get(regime, 0.0), 0, lang) for regime in result.regimes)] for g in grounds.values()]
        s["blocks"].append(("table", f"{w['refusals_table']}: {w['kind_' + kind]}", [w["ground"], w["source"], *result.regimes], rows, None))

    s = doc.section("wages", w["wages_section"])
    s["blocks"].append(("chart", "wages", w["chart_wages"]))
    s["blocks"].append(("table", w["wages_table"], ["regime", w["criterion"], w["amount"], w["below_10"], w["at_or_above"]],
                        [[c["regime"], texts.CRITERIA[lang].get(c["criterion"], c["criterion"]), n(c["value"], 0, lang), n(c["below_within_10pct"], 0, lang), n(c["at_or_above"], 0, lang)] for c in result.wages["bands"]], None))

    s = doc.section("budget", w["budget_section"])
    for name, key in (("budget", "chart_budget"), ("workload", "chart_workload")):
        if name in charts:
            s["blocks"].append(("chart", name, w[key]))
    s["blocks"].append(("p", w["yearly_intro"]))
    for metric in YEARLY:
        scale, unit = SCALE_OF[metric]
        columns = [(regime, result.central[regime][metric], None, False) for regime in result.regimes]  # levels: central (intervals in yearly.csv)
        columns += [(f"{w['difference']} {reform}", m[metric]["central"], m[metric] if "p05" in m[metric] else None, True) for reform, m in result.differences.items()]
        rows = [[str(year), *(_cell(values[t], ci, t, scale, lang, sign=sign) for _, values, ci, sign in columns)] for t, year in enumerate(result.years)]
        title = w["yearly_table"].format(label=w[ITEM_OF[metric]]) + f" ({w[unit]})"
        if metric == "admissions":
            title += f" [{marker}]"
        s["blocks"].append(("table", title, [w["year"], *(name for name, *_ in columns)], rows, "yearly"))

    s = doc.section("appendix", w["appendix"])
    s["blocks"].append(("h3", w["method_title"]))
    s["blocks"].append(("dl", texts.METHOD[lang]))
    assumptions = [u for u in result.unit_values if u["assumption"]]
    s["blocks"].append(("h3", w["assumptions_title"]))
    s["blocks"].append(("p", w["assumptions_intro"]))
    s["blocks"].append(("table", None, [w["parameter"], w["value"], w["range"], w["rationale"]],
                        [[u["parameter"].removeprefix("kosten."), _value(u["value"], lang), _range(u, lang), u["assumption"]] for u in assumptions], None))
    s["blocks"].append(("h3", w["sources_title"]))
    s["blocks"].append(("table", None, [w["parameter"], w["value"], w["unit"], w["source"]],
                        [[u["parameter"], _value(u["value"], lang), u["unit"], ("link", u["source"] or u["href"] or "-", u["href"])] for u in result.unit_values], None))

    s = doc.section("receipt", w["receipt_title"])
    s["blocks"].append(("pre", json.dumps(result.receipt, indent=2, default=str)))
    return doc


def _value(value, language: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return n(value, 0 if float(value).is_integer() or abs(value) >= 100 else 3, language)  # noqa: PLR2004


def _range(u: dict, language: str) -> str:
    if u["range_low"] is None:
        return ""
    low, high = float(u["range_low"]), float(u["range_high"])
    decimals = 0 if (low.is_integer() and high.is_integer()) or min(abs(low), abs(high)) >= 100 else 3  # noqa: PLR2004
    return f"{n(low, decimals, language)} – {n(high, decimals, language)}"


def _cell(central: float, interval: dict | None, t: int, scale: float, language: str, *, sign: bool = False) -> str:
    text = n(central / scale, DECIMALS, language, sign=sign)
    if not interval:
        return text
    return f"{text} ({n(interval['p05'][t] / scale, DECIMALS, language, sign=sign)} – {n(interval['p95'][t] / scale, DECIMALS, language, sign=sign)})"


def intro(result: CostingResult, language: str) -> str:
    w = texts.words(language)
    text = w["intro"].format(period=result.period, n=len(result.years), first=result.years[0], last=result.years[-1], draws=result.draws, seed=result.seed)
    return text if result.draws else f"{text} {w['no_draws']}"


# ---- Markdown -----------------------------------------------------------------------------------


def _md_cell(cell) -> str:
    if isinstance(cell, tuple):
        _, text, href = cell
        cell = f"[{text}]({href})" if href else text
    return str(cell).replace("|", "/").replace("\n", " ")


def markdown(result: CostingResult, charts: dict[str, pathlib.Path], language: str = "nl") -> str:
    doc = build(result, charts, language)
    w = doc.w
    lines = [f"# {w['title']}", "", intro(result, language), ""]
    if result.warnings:
        lines += [f"**{w['warnings_title']}** ({w['warnings_note']})", "", *(f"- {x}" for x in result.warnings), ""]
    for section in doc.sections:
        lines += [f"## {section['title']}", ""]
        for block in section["blocks"]:
            kind = block[0]
            if kind == "p":
                lines += [block[1], ""]
            elif kind == "caveat":
                lines += [f"> {block[1]}", ""]
            elif kind == "h3":
                lines += [f"### {block[1]}", ""]
            elif kind == "list":
                lines += [*(f"- {x}" for x in block[1]), ""]
            elif kind == "dl":
                lines += [*(f"- **{term}**: {text}" for term, text in block[1]), ""]
            elif kind == "pre":
                lines += ["```json", block[1], "```", ""]
            elif kind == "chart":
                lines += [f"![{block[2]}](charts/{charts[block[1]].name})", ""]
            elif kind == "table":
                _, title, header, rows, _ = block
                if title:
                    lines += [f"**{title}**", ""]
                lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
                lines.append("")
    lines += ["---", "", *(f"[{i}] {text}" for i, text in enumerate(doc.footnotes, start=1)), ""]
    return "\n".join(lines)


# ---- HTML ---------------------------------------------------------------------------------------

HTML = jinja2.Template(
    """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ w.title }}</title>
<style>
body{font-family:"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;max-width:1240px;margin:1.5em auto;padding:0 1em;font-size:15px;line-height:1.45;color:#1a1a1a}
h1{font-size:1.7em;margin-bottom:.3em}h2{margin-top:2em;border-bottom:2px solid #0072B2;padding-bottom:.2em}h3{margin-top:1.4em}
table{border-collapse:collapse;margin:.6em 0 1.4em;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3em 0}
td,th{border:1px solid #c8c8c8;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#eef3f8}td.t,th.t{text-align:left}
table.summary tr.first td{border-top:2px solid #444}table.yearly td{white-space:nowrap;font-size:13px}table.yearly th{font-size:13px}
nav{margin-top:1em}.wide{overflow-x:auto}
img{max-width:100%;height:auto;display:block;margin:.6em 0 1.2em}
figure{margin:0}figcaption{font-style:italic;color:#444}
.caveat{background:#fff6d6;padding:.6em .8em;border-left:4px solid #E69F00}
.warnings{background:#fdecea;padding:.4em .8em;border-left:4px solid #D55E00}
nav ul{columns:2;list-style:none;padding-left:1em}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:12px}
.notes{font-size:.92em;color:#333}dt{font-weight:600}dd{margin:0 0 .5em 1.2em}
</style></head>
<body><h1>{{ w.title }}</h1>
<p>{{ intro }}</p>
{% if warnings %}<div class="warnings"><strong>{{ w.warnings_title }}</strong> ({{ w.warnings_note }})<ul>{% for x in warnings %}<li>{{ x }}</li>{% endfor %}</ul></div>{% endif %}
<nav><strong>{{ w.contents }}</strong><ul>{% for s in doc.sections %}<li><a href="#{{ s.anchor }}">{{ s.title }}</a></li>{% endfor %}</ul></nav>
{% for s in doc.sections %}<section id="{{ s.anchor }}"><h2>{{ s.title }}</h2>
{% for b in s.blocks %}{% if b[0] == "p" %}<p>{{ b[1] }}</p>
{% elif b[0] == "caveat" %}<p class="caveat">{{ b[1] }}</p>
{% elif b[0] == "h3" %}<h3>{{ b[1] }}</h3>
{% elif b[0] == "list" %}<ul>{% for x in b[1] %}<li>{{ x }}</li>{% endfor %}</ul>
{% elif b[0] == "dl" %}<dl>{% for term, text in b[1] %}<dt>{{ term }}</dt><dd>{{ text }}</dd>{% endfor %}</dl>
{% elif b[0] == "pre" %}<pre>{{ b[1] }}</pre>
{% elif b[0] == "chart" %}<figure><img id="chart-{{ b[1] }}" alt="{{ b[2] }}" src="data:image/png;base64,{{ images[b[1]] }}"></figure>
{% elif b[0] == "table" %}<div class="wide"><table{% if b[4] %} class="{{ b[4] }}"{% if b[4] == "summary" %} id="table-summary"{% endif %}{% endif %}>{% if b[1] %}<caption>{{ b[1] }}</caption>{% endif %}
{% set cols = textcols(b) %}<thead><tr>{% for h in b[2] %}<th{% if loop.index in cols %} class="t"{% endif %}>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in b[3] %}<tr{% if b[4] == "summary" and (loop.first or row[0] != b[3][loop.index0 - 1][0]) %} class="first"{% endif %}>{% for c in row %}<td{% if loop.index in cols %} class="t"{% endif %}>{% if c is not string and c[0] == "link" %}{% if c[2] %}<a href="{{ c[2] }}">{{ c[1] }}</a>{% else %}{{ c[1] }}{% endif %}{% else %}{{ c }}{% endif %}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>
{% endif %}{% endfor %}</section>
{% endfor %}
<section class="notes"><hr><ol>{% for x in doc.footnotes %}<li>{{ x }}</li>{% endfor %}</ol></section>
</body></html>
""",
    autoescape=True,
)


def _text_columns(block) -> set[int]:
    """The columns of a table that hold text (left-aligned; numbers are right-aligned), 1-based."""
    header, rows = block[2], block[3]
    out = {1}
    for i in range(len(header)):
        values = [row[i] for row in rows if i < len(row)]
        if not all(isinstance(v, str) and (v in ("", "-") or _is_number(v)) for v in values):
            out.add(i + 1)
    return out


def _is_number(text: str) -> bool:
    cleaned = text.replace("\u2212", "-").replace("+", "").replace(".", "").replace(",", "").replace("%", "").replace(" ", "")
    cleaned = cleaned.split("(")[0].replace("–", "")
    return cleaned.lstrip("-").isdigit()


def html(result: CostingResult, charts: dict[str, pathlib.Path], language: str = "nl") -> str:
    doc = build(result, charts, language)
    images = {name: base64.b64encode(path.read_bytes()).decode("ascii") for name, path in charts.items()}
    return HTML.render(lang=language, w=doc.w, doc=doc, intro=intro(result, language), warnings=result.warnings, images=images, textcols=_text_columns)


def write_report(result: CostingResult, folder: str | pathlib.Path, language: str = "nl") -> list[pathlib.Path]:
    """Write the whole report into ``folder`` (created) in ``language`` (``nl`` or ``en``); returns
    the files written, ``report.md`` and ``report.html`` first."""
    if language not in texts.LANGUAGES:
        msg = f"language {language!r}: allowed {', '.join(texts.LANGUAGES)}"
        raise ValueError(msg)
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    charts = write_charts(result, folder / "charts", language)
    md = folder / "report.md"
    md.write_text(markdown(result, charts, language), encoding="utf-8")
    page = folder / "report.html"
    page.write_text(html(result, charts, language), encoding="utf-8")
    data = folder / "summary.json"
    data.write_text(json.dumps({"language": language, **summary(result)}, indent=2, ensure_ascii=False), encoding="utf-8")
    return [md, page, data, *charts.values(), *write_csvs(result, folder)]
