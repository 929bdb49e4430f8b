"""The costing report: Markdown and HTML with tables and charts (PNG), every number as CSV.

write_report(result, folder) writes:

* ``report.md`` and ``report.html`` (charts embedded as base64 in the HTML, linked in Markdown);
* ``charts/*.png``: admissions by route and by sector per regime, transition matrices, the wage
  distribution against each salary criterion, yearly budget effects with intervals;
* CSV: ``routes``, ``sectors``, ``transitions``, ``transition_matrix``, ``yearly`` (central and
  intervals per regime), ``differences`` (each reform minus current law), ``unit_values``,
  ``wage_criteria``, ``draws`` (the assumption values of every draw); ``receipt.json``.
"""

from __future__ import annotations

import base64
import csv
import json
import pathlib

import jinja2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)
import numpy as np  # noqa: E402

from openfisca_arbeidsmigratie.costing.projection import METRICS  # noqa: E402
from openfisca_arbeidsmigratie.costing.result import CostingResult  # noqa: E402

HEADLINE = ("admissions", "fees_total", "cost_total", "tax_and_contributions", "net_covered_items", "dwellings_regular_market", "family_present")
BUDGET = ("fees_total", "cost_total", "tax_and_contributions", "net_covered_items")
CAVEAT = (
    "The balance covers only the items costed here (fees, wage tax and contributions, execution costs "
    "of IND and UWV). It leaves out public spending on the migrants and their families (education, care, "
    "benefits, housing) and so is not a net fiscal contribution; lifetime net-fiscal-contribution "
    "estimates are contested and are not used."
)


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
        "sectors": result.sectors,
        "transitions": result.transitions,
        "transition_matrix": result.transition_matrix,
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


# ---- charts -------------------------------------------------------------------------------------


def _save(fig, path: pathlib.Path) -> pathlib.Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def chart_routes(result: CostingResult, path: pathlib.Path) -> pathlib.Path:
    routes = [r["route"] for r in result.routes]
    x = np.arange(len(routes))
    width = 0.8 / len(result.regimes)
    fig, ax = plt.subplots(figsize=(9, 4))
    for i, regime in enumerate(result.regimes):
        ax.bar(x + i * width, [r[regime] for r in result.routes], width, label=regime)
    ax.set_xticks(x + 0.4 - width / 2, routes, rotation=20, ha="right")
    ax.set_ylabel("aanvragers per jaar (gewogen)")
    ax.set_title("Toelatingen per route en regime")
    ax.legend(fontsize=8)
    return _save(fig, path)


def chart_sectors(result: CostingResult, path: pathlib.Path) -> pathlib.Path:
    sectors = sorted({r["category"] for r in result.sectors})
    y = np.arange(len(sectors))
    height = 0.8 / len(result.regimes)
    fig, ax = plt.subplots(figsize=(9, max(3, 0.35 * len(sectors) + 1)))
    for i, regime in enumerate(result.regimes):
        got = {r["category"]: r["admitted"] for r in result.sectors if r["regime"] == regime}
        ax.barh(y + i * height, [got.get(s, 0.0) for s in sectors], height, label=regime)
    ax.set_yticks(y + 0.4 - height / 2, [s[:40] for s in sectors], fontsize=7)
    ax.set_xlabel("toegelaten per jaar (gewogen)")
    ax.set_title("Toelatingen per sector (SBI) en regime")
    ax.legend(fontsize=8)
    return _save(fig, path)


def chart_transitions(result: CostingResult, path: pathlib.Path) -> pathlib.Path | None:
    reforms = [r for r in result.regimes[1:]]
    if not reforms:
        return None
    routes = [r["route"] for r in result.routes]
    fig, axes = plt.subplots(1, len(reforms), figsize=(4.2 * len(reforms), 4), squeeze=False)
    for ax, reform in zip(axes[0], reforms, strict=True):
        matrix = np.zeros((len(routes), len(routes)))
        for cell in result.transition_matrix:
            if cell["regime"] == reform:
                matrix[routes.index(cell["from_route"]), routes.index(cell["to_route"])] = cell["applicants"]
        ax.imshow(np.log1p(matrix), cmap="Blues")
        for i, j in zip(*np.nonzero(matrix), strict=True):
            ax.text(j, i, f"{matrix[i, j]:,.0f}", ha="center", va="center", fontsize=6)
        ax.set_xticks(range(len(routes)), routes, rotation=60, ha="right", fontsize=6)
        ax.set_yticks(range(len(routes)), routes, fontsize=6)
        ax.set_xlabel(reform, fontsize=8)
        ax.set_ylabel("huidig recht", fontsize=8)
    fig.suptitle("Overgangsmatrix: route onder huidig recht (rij) en onder de hervorming (kolom)")
    return _save(fig, path)


def chart_wages(result: CostingResult, path: pathlib.Path) -> pathlib.Path:
    wage, weight = np.array(result.wages["wage"]), np.array(result.wages["weight"])
    fig, ax = plt.subplots(figsize=(9, 4))
    if len(wage):
        top = np.percentile(wage, 99) if len(wage) > 10 else wage.max()
        ax.hist(wage, bins=np.linspace(0, max(top, 1.0), 60), weights=weight, color="0.75")
    styles = ["-", "--", ":", "-."]
    for i, regime in enumerate(result.regimes):
        values = sorted({c["value"] for c in result.wages["criteria"] if c["regime"] == regime})
        for value in values:
            ax.axvline(value, linestyle=styles[i % len(styles)], color=f"C{i}", linewidth=1)
        ax.plot([], [], linestyle=styles[i % len(styles)], color=f"C{i}", label=f"criteria {regime}")
    ax.set_xlabel("bruto maandloon excl. vakantiebijslag (EUR)")
    ax.set_ylabel("niet-EU-aanvragers per jaar (gewogen)")
    ax.set_title("Loonverdeling tegenover de looncriteria per regime")
    ax.legend(fontsize=7)
    return _save(fig, path)


def chart_budget(result: CostingResult, path: pathlib.Path) -> pathlib.Path | None:
    reforms = list(result.differences)
    if not reforms:
        return None
    fig, axes = plt.subplots(2, 2, figsize=(10, 6), sharex=True)
    for ax, metric in zip(axes.flat, BUDGET, strict=True):
        for i, reform in enumerate(reforms):
            series = result.differences[reform][metric]
            ax.plot(result.years, np.array(series["central"]) / 1e6, color=f"C{i}", label=reform)
            if "p05" in series:
                ax.fill_between(result.years, np.array(series["p05"]) / 1e6, np.array(series["p95"]) / 1e6, color=f"C{i}", alpha=0.2)
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.set_title(f"{metric} (verschil met huidig recht, mln EUR)", fontsize=9)
    axes[0, 0].legend(fontsize=7)
    fig.suptitle("Jaarlijkse budgettaire effecten: centrale raming en 90%-interval")
    return _save(fig, path)


def write_charts(result: CostingResult, folder: pathlib.Path) -> dict[str, pathlib.Path]:
    folder.mkdir(parents=True, exist_ok=True)
    makers = {
        "routes": chart_routes,
        "sectors": chart_sectors,
        "transitions": chart_transitions,
        "wages": chart_wages,
        "budget": chart_budget,
    }
    charts = {}
    for name, make in makers.items():
        written = make(result, folder / f"{name}.png")
        if written is not None:
            charts[name] = written
    return charts


# ---- text ---------------------------------------------------------------------------------------


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        return f"{value:,.3f}" if abs(value) < 10 and value != int(value) else f"{value:,.0f}"
    return str(value)


def tables(result: CostingResult) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table in the report, in order."""
    out = [
        ("Toelatingen per route (aanvragers per jaar, gewogen)", ["route", *result.regimes], [[r["route"], *(_fmt(r[g]) for g in result.regimes)] for r in result.routes]),
        ("Toelatingen per sector", ["sector", "regime", "aanvragers", "toegelaten"], [[r["category"], r["regime"], _fmt(r["applicants"]), _fmt(r["admitted"])] for r in result.sectors]),
        ("Overgangen per hervorming", ["regime", "toegelaten -> geweigerd", "geweigerd -> toegelaten", "andere route", "ongewijzigd"], [[t["regime"], _fmt(t.get("admitted_to_refused")), _fmt(t.get("refused_to_admitted")), _fmt(t.get("route_changed")), _fmt(t.get("unchanged"))] for t in result.transitions]),
        ("Weigeringen per grond (gewogen aanvragers; deciding = de beslissende grond, failed_requirement = elke niet vervulde eis)", ["regime", "soort", "weigeringsgrond", "gewogen aantal", "aandeel van geweigerden", "bron"], [[r["regime"], r["kind"], r["description"], _fmt(r["weighted_count"]), f"{r['share_of_refused']:.1%}", r["url"] or "-"] for r in result.refusals]),
        ("Overgangsmatrix (gewogen aanvragers)", ["regime", "route huidig recht", "route hervorming", "aanvragers"], [[c["regime"], c["from_route"], c["to_route"], _fmt(c["applicants"])] for c in result.transition_matrix]),
        ("Loonverdeling tegenover de looncriteria (niet-EU-aanvragers)", ["regime", "criterium", "bedrag", "tot 10% eronder", "erop of erboven"], [[c["regime"], c["criterion"], _fmt(c["value"]), _fmt(c["below_within_10pct"]), _fmt(c["at_or_above"])] for c in result.wages["bands"]]),
    ]
    for metric in HEADLINE:
        rows = []
        for regime in result.regimes:
            ci = result.intervals.get(regime, {}).get(metric)
            rows.append([regime, *(_cell(result.central[regime][metric][t], ci, t) for t in range(len(result.years)))])
        for reform, metrics in result.differences.items():
            s = metrics[metric]
            rows.append([f"verschil {reform}", *(_cell(s["central"][t], s if "p05" in s else None, t) for t in range(len(result.years)))])
        out.append((f"{METRICS[metric]} [{metric}]", ["regime", *map(str, result.years)], rows))
    out.append(("Eenheidswaarden en aannames", ["parameter", "waarde", "eenheid", "bron", "bandbreedte"], [[u["parameter"], _fmt(u["value"]), u["unit"], u["source"], "" if u["range_low"] is None else f"[{_fmt(u['range_low'])}, {_fmt(u['range_high'])}]"] for u in result.unit_values]))
    return out


def _cell(central: float, interval: dict | None, t: int) -> str:
    if not interval:
        return _fmt(central)
    return f"{_fmt(central)} ({_fmt(interval['p05'][t])} – {_fmt(interval['p95'][t])})"


def markdown(result: CostingResult, charts: dict[str, pathlib.Path]) -> str:
    lines = [
        "# Kostenraming arbeidsmigratie: huidig recht en hervormingen",
        "",
        f"Periode {result.period}, {len(result.years)} jaar ({result.years[0]}-{result.years[-1]}), "
        f"{result.draws} Monte Carlo-trekkingen (seed {result.seed}). Centrale raming met tussen haakjes het "
        "90%-interval (5e-95e percentiel) over de trekkingen. Methode: docs/costing.md.",
        "",
        f"> {CAVEAT}",
        "",
    ]
    for name, path in charts.items():
        lines += [f"![{name}](charts/{path.name})", ""]
    for title, header, rows in tables(result):
        lines += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
        lines.append("")
    lines += ["## Ontvangstbewijs (receipt)", "", "```json", json.dumps(result.receipt, indent=2, default=str), "```", ""]
    if result.warnings:
        lines += ["## Waarschuwingen", "", *(f"- {w}" for w in result.warnings), ""]
    return "\n".join(lines)


HTML = jinja2.Template(
    """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Kostenraming arbeidsmigratie</title>
<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;font-size:14px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
td:first-child,th:first-child{text-align:left}img{max-width:100%}.caveat{background:#fff6d6;padding:.5em}</style></head>
<body><h1>Kostenraming arbeidsmigratie: huidig recht en hervormingen</h1>
<p>Periode {{ r.period }}, {{ r.years|length }} jaar ({{ r.years[0] }}-{{ r.years[-1] }}), {{ r.draws }} Monte Carlo-trekkingen (seed {{ r.seed }}).
Centrale raming met tussen haakjes het 90%-interval (5e-95e percentiel). Methode: docs/costing.md.</p>
<p class="caveat">{{ caveat }}</p>
{% for name, data in images %}<h2>{{ name }}</h2><img alt="{{ name }}" src="data:image/png;base64,{{ data }}">{% endfor %}
{% for title, header, rows in tables %}<h2>{{ title }}</h2><table><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>{% endfor %}
<h2>Ontvangstbewijs (receipt)</h2><pre>{{ receipt }}</pre>
{% if r.warnings %}<h2>Waarschuwingen</h2><ul>{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul>{% endif %}
</body></html>
""",
    autoescape=True,
)


def html(result: CostingResult, charts: dict[str, pathlib.Path]) -> str:
    images = [(name, base64.b64encode(path.read_bytes()).decode("ascii")) for name, path in charts.items()]
    return HTML.render(r=result, caveat=CAVEAT, images=images, tables=tables(result), receipt=json.dumps(result.receipt, indent=2, default=str))


def write_report(result: CostingResult, folder: str | pathlib.Path) -> list[pathlib.Path]:
    """Write the whole report into ``folder`` (created); returns the files written."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    charts = write_charts(result, folder / "charts")
    md = folder / "report.md"
    md.write_text(markdown(result, charts), encoding="utf-8")
    page = folder / "report.html"
    page.write_text(html(result, charts), encoding="utf-8")
    return [md, page, *charts.values(), *write_csvs(result, folder)]
