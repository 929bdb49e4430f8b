"""The charts of the costing report (PNG), one message each, in the report's language.

Colours: the Okabe-Ito palette (distinguishable with colour-vision deficiencies), one colour per
reform across every chart; current law is grey. Every axis says its unit.
"""

from __future__ import annotations

import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)
import numpy as np  # noqa: E402

from openfisca_arbeidsmigratie.costing import texts  # noqa: E402
from openfisca_arbeidsmigratie.costing.result import CostingResult  # noqa: E402
from openfisca_arbeidsmigratie.reforms import BASELINE  # noqa: E402

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000")
BASE_COLOUR = "#666666"
DPI = 110
plt.rcParams.update({"font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11, "legend.fontsize": 10})


def colour(result: CostingResult, regime: str) -> str:
    if regime == BASELINE:
        return BASE_COLOUR
    return PALETTE[(result.regimes.index(regime) - 1) % len(PALETTE)]


def _save(fig, path: pathlib.Path) -> pathlib.Path:
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def formatter(language: str, *, sign: bool = False):
    """Axis ticks in the report's number notation (nl: 1.000; en: 1,000)."""
    return matplotlib.ticker.FuncFormatter(lambda v, _: texts.number(v, 0, language, sign=sign))


def _grouped_changes(result, labels: list[str], changes: dict[str, list[float]], *, title: str, xlabel: str, path, language: str):
    """Horizontal bars: per category (row) one bar per reform, the change from current law.
    Categories no reform changes are left out; a reform that changes none says so in the legend."""
    keep = [i for i in range(len(labels)) if any(abs(changes[g][i]) >= 0.5 for g in changes)]  # noqa: PLR2004 (half an applicant)
    labels = [labels[i] for i in keep] or ["-"]
    changes = {g: [v[i] for i in keep] or [0.0] for g, v in changes.items()}
    reforms = list(changes)
    y = np.arange(len(labels))
    height = 0.8 / max(len(reforms), 1)
    fig, ax = plt.subplots(figsize=(11, max(3.0, 0.13 * len(labels) * max(len(reforms), 1) + 0.25 * len(labels) + 1.5)))
    none = texts.words(language)["no_change"]
    for i, reform in enumerate(reforms):
        label = reform if any(abs(v) >= 0.5 for v in changes[reform]) else f"{reform} ({none})"  # noqa: PLR2004
        ax.barh(y + (i - (len(reforms) - 1) / 2) * height, changes[reform], height, label=label, color=colour(result, reform))
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.xaxis.set_major_formatter(formatter(language, sign=True))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(len(reforms), 3), frameon=False)
    return _save(fig, path)


def chart_route_changes(result: CostingResult, path: pathlib.Path, language: str) -> pathlib.Path | None:
    """Change in admissions per route (refusals are not an admission route and are left out)."""
    w = texts.words(language)
    reforms = result.regimes[1:]
    if not reforms:
        return None
    routes = [r["route"] for r in result.routes if r["route"] != "geweigerd"]
    routes = [r for r in routes if any(row[g] for row in result.routes if row["route"] == r for g in result.regimes)]
    by_route = {r["route"]: r for r in result.routes}
    changes = {g: [by_route[r][g] - by_route[r][BASELINE] for r in routes] for g in reforms}
    labels = [texts.route_label(r, language) for r in routes]
    return _grouped_changes(result, labels, changes, title=w["chart_route_changes"], xlabel=w["chart_route_changes_x"], path=path, language=language)


def chart_sectors(result: CostingResult, path: pathlib.Path, language: str) -> pathlib.Path | None:
    w = texts.words(language)
    reforms = result.regimes[1:]
    if not reforms or not result.sectors:
        return None
    got = {(r["category"], r["regime"]): r["admitted"] for r in result.sectors}
    sectors = sorted({r["category"] for r in result.sectors})
    changes = {g: [got.get((s, g), 0.0) - got.get((s, BASELINE), 0.0) for s in sectors] for g in reforms}
    labels = [_short(texts.sector_label(s, language), 48) for s in sectors]
    return _grouped_changes(result, labels, changes, title=w["chart_sectors"], xlabel=w["chart_sectors_x"], path=path, language=language)


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def chart_transitions(result: CostingResult, folder: pathlib.Path, language: str) -> dict[str, pathlib.Path]:
    """One heat map per reform that moves anyone; numbers white on dark cells, black on light ones."""
    w = texts.words(language)
    routes = [r["route"] for r in result.routes]
    out = {}
    for n, reform in enumerate(result.regimes[1:], start=1):
        matrix = np.zeros((len(routes), len(routes)))
        for cell in result.transition_matrix:
            if cell["regime"] == reform:
                matrix[routes.index(cell["from_route"]), routes.index(cell["to_route"])] = cell["applicants"]
        if not (matrix - np.diag(np.diag(matrix))).any():
            continue
        used = [i for i in range(len(routes)) if matrix[i].any() or matrix[:, i].any()]
        matrix = matrix[np.ix_(used, used)]
        labels = [texts.route_label(routes[i], language) for i in used]
        fig, ax = plt.subplots(figsize=(10, 7))
        shade = np.log10(1 + matrix)
        image = ax.imshow(shade, cmap="Blues", vmin=0, vmax=max(shade.max(), 1))
        limit = 0.6 * image.get_clim()[1]
        for i, j in zip(*np.nonzero(matrix), strict=True):
            ax.text(j, i, texts.number(matrix[i, j], 0, language), ha="center", va="center", fontsize=11,
                    color="white" if shade[i, j] > limit else "black")
        ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel(w["chart_transitions_x"].format(reform=reform))
        ax.set_ylabel(w["chart_transitions_y"])
        ax.set_title(_wrap(w["chart_transitions"].format(reform=reform), 70))
        out[f"transitions_{n}"] = _save(fig, folder / f"transitions_{n}.png")
    return out


def _wrap(text: str, width: int) -> str:
    import textwrap  # noqa: PLC0415

    return "\n".join(textwrap.wrap(text, width))


def chart_wages(result: CostingResult, path: pathlib.Path, language: str) -> pathlib.Path:
    """One panel per regime: the same wage histogram with that regime's criteria, each line named."""
    w = texts.words(language)
    wage, weight = np.array(result.wages["wage"]), np.array(result.wages["weight"])
    fig, axes = plt.subplots(len(result.regimes), 1, figsize=(11, 2.6 * len(result.regimes) + 0.8), sharex=True, squeeze=False)
    top = float(np.percentile(wage, 99)) if len(wage) > 10 else float(wage.max() if len(wage) else 1.0)  # noqa: PLR2004
    top = max(top, max((c["value"] for c in result.wages["criteria"]), default=0.0) * 1.1, 1.0)
    bins = np.linspace(0, top, 60)
    styles = {"kennismigrant_looncriterium": "-", "europese_blauwe_kaart_toepasselijk_looncriterium": "--"}
    for ax, regime in zip(axes[:, 0], result.regimes, strict=True):
        if len(wage):
            ax.hist(wage, bins=bins, weights=weight, color="0.8")
        criteria = sorted({(c["criterion"], c["value"]) for c in result.wages["criteria"] if c["regime"] == regime}, key=lambda c: c[1])
        ymax = ax.get_ylim()[1]
        for k, (name, value) in enumerate(criteria):
            ax.axvline(value, color=colour(result, regime), linestyle=styles.get(name, ":"), linewidth=2)
            label = f"{texts.CRITERIA[language].get(name, name)}: {texts.number(value, 0, language)}"
            ax.text(value, ymax * (0.95 - 0.14 * (k % 6)), " " + label, fontsize=9, va="top", ha="left",
                    color="black", bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})
        ax.set_title(regime, loc="left", fontsize=11, color=colour(result, regime) if regime != BASELINE else "black")
        ax.set_ylabel(w["chart_wages_y"], fontsize=9)
        ax.yaxis.set_major_formatter(formatter(language))
        ax.xaxis.set_major_formatter(formatter(language))
    axes[-1, 0].set_xlabel(w["chart_wages_x"])
    fig.suptitle(w["chart_wages"])
    return _save(fig, path)


def _band_plot(result, ax, metric: str, scale: float, *, title: str, language: str) -> None:
    for reform in result.differences:
        series = result.differences[reform][metric]
        c = colour(result, reform)
        ax.plot(result.years, np.array(series["central"]) / scale, color=c, label=reform, linewidth=2)
        if "p05" in series:
            ax.fill_between(result.years, np.array(series["p05"]) / scale, np.array(series["p95"]) / scale, color=c, alpha=0.18)
    ax.axhline(0, color="0.4", linewidth=0.8)
    ax.set_title(title, fontsize=11)
    ax.grid(color="0.92")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: texts.number(v, 0 if abs(v) >= 10 else 1, language, sign=True)))  # noqa: PLR2004


def chart_budget(result: CostingResult, path: pathlib.Path, language: str) -> pathlib.Path | None:
    w = texts.words(language)
    if not result.differences:
        return None
    panels = (("fees_total", "item_fees"), ("cost_total", "item_cost"), ("tax_and_contributions", "item_tax"), ("net_covered_items", "item_net"))
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.5), sharex=True)
    for ax, (metric, key) in zip(axes.flat, panels, strict=True):
        _band_plot(result, ax, metric, 1e6, title=w[key], language=language)
        ax.set_ylabel(w["eur_mln"])
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.5, -0.04), ncol=min(len(result.differences), 3), frameon=False)
    fig.suptitle(w["chart_budget"])
    return _save(fig, path)


def chart_workload(result: CostingResult, path: pathlib.Path, language: str) -> pathlib.Path | None:
    w = texts.words(language)
    if not result.differences:
        return None
    panels = (("decisions_ind", "item_decisions_ind"), ("tests_uwv", "item_tests_uwv"))
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), sharex=True)
    for ax, (metric, key) in zip(axes.flat, panels, strict=True):
        _band_plot(result, ax, metric, 1e3, title=w[key], language=language)
        ax.set_ylabel(w["thousand"])
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=min(len(result.differences), 3), frameon=False)
    fig.suptitle(w["chart_workload"])
    return _save(fig, path)


def write_charts(result: CostingResult, folder: pathlib.Path, language: str = "nl") -> dict[str, pathlib.Path]:
    """Every chart into ``folder``; returns name -> file, in the report's order."""
    folder.mkdir(parents=True, exist_ok=True)
    charts: dict[str, pathlib.Path | None] = {
        "route_changes": chart_route_changes(result, folder / "route_changes.png", language),
        "sectors": chart_sectors(result, folder / "sectors.png", language),
    }
    charts.update(chart_transitions(result, folder, language))
    charts["wages"] = chart_wages(result, folder / "wages.png", language)
    charts["budget"] = chart_budget(result, folder / "budget.png", language)
    charts["workload"] = chart_workload(result, folder / "workload.png", language)
    return {name: path for name, path in charts.items() if path is not None}
