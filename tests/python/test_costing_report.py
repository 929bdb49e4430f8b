"""The costing report on the bundled population: summary table, every chart, both languages, summary.json."""

from __future__ import annotations

import json
import re

import pytest

from openfisca_arbeidsmigratie.cli import main
from openfisca_arbeidsmigratie.commands._common import regimes_and_population
from openfisca_arbeidsmigratie.costing import run_costing
from openfisca_arbeidsmigratie.costing.report import summary, write_report
from openfisca_arbeidsmigratie.costing.texts import number, sector_label

REFORMS = ["brede_welvaartstoets", "vijfjarige_vergunning"]
CHARTS = ("route_changes", "sectors", "transitions_1", "wages", "budget", "workload")


@pytest.fixture(scope="module")
def result():
    regimes, _, population = regimes_and_population(REFORMS, None)  # the bundled population
    return run_costing(population, regimes[1:], "2026-06", years=2, draws=2, seed=5)


@pytest.fixture(scope="module")
def reports(result, tmp_path_factory):
    out = {}
    for language in ("nl", "en"):
        folder = tmp_path_factory.mktemp(language)
        write_report(result, folder, language)
        out[language] = folder
    return out


def test_the_report_opens_with_the_summary_table_and_holds_every_chart(reports):
    page = (reports["nl"] / "report.html").read_text(encoding="utf-8")
    first_section = page.index('<section id="summary">')
    assert first_section < page.index('<section id="routes">')
    table = page[page.index('id="table-summary"') : page.index("</table>", page.index('id="table-summary"'))]
    for reform in REFORMS:
        assert f">{reform}<" in table
    for item in ("Toelatingen (cohort van het jaar)", "Leges", "Beslissingen IND", "Arbeidsmarkttoetsen UWV",
                 "Belasting en premies", "Woningen op de reguliere woningmarkt", "Geldigheidsduur verleende vergunningen"):
        assert item in table
    for chart in CHARTS:
        assert re.search(rf'<img id="chart-{chart}" alt="[^"]+" src="data:image/png;base64,[A-Za-z0-9+/]', page), chart
    assert "src=\"http" not in page and "docs/costing.md" not in page  # self-contained, no repository path


def test_dutch_by_default_and_english_on_request(reports):
    nl = (reports["nl"] / "report.html").read_text(encoding="utf-8")
    en = (reports["en"] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in nl and '<html lang="en">' in en
    assert "1. Samenvatting: verandering ten opzichte van huidig recht" in nl
    assert "Bijlage A. Methode, aannames en bronnen" in nl
    assert "1. Summary: change from current law" in en and "Samenvatting" not in en
    assert "Appendix A. Method, assumptions and sources" in en
    assert "C Industrie" in nl and "C Manufacturing" in en  # sectors with code and name
    md = (reports["en"] / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Costing of labour migration")


def test_a_footnote_marks_admissions_that_differ_between_tables(reports):
    page = (reports["nl"] / "report.html").read_text(encoding="utf-8")
    assert "Toelatingen (cohort van het jaar) [1]" in page
    assert "Aanvragers per route en regime (per jaar, gewogen) [1]" in page
    notes = page[page.index('<section class="notes">') :]
    assert "loonreactie" in notes


def test_summary_json_parses_with_the_per_reform_figures(result, reports):
    data = json.loads((reports["nl"] / "summary.json").read_text(encoding="utf-8"))
    assert data["language"] == "nl"
    assert list(data["reforms"]) == REFORMS
    items = {i["item"]: i for i in data["reforms"]["vijfjarige_vergunning"]["items"]}
    assert {"admissions", "fees_total", "decisions_ind", "tests_uwv", "cost_total", "tax_and_contributions",
            "dwellings_regular_market", "permits_mean_validity_months"} <= set(items)
    fees = items["fees_total"]
    assert fees["unit"] == "EUR million"
    expected = result.differences["vijfjarige_vergunning"]["fees_total"]["central"][1] / 1e6
    assert fees["last_year"]["central"] == round(expected, 1)
    assert {"p05", "p95"} <= set(fees["first_year"])
    # the five-year permit lengthens the permits issued
    assert items["permits_mean_validity_months"]["first_year"]["central"] > 0
    assert data == json.loads(json.dumps({"language": "nl", **summary(result)}))


def test_numbers_in_the_reports_notation():
    assert number(-1234.56, 1, "nl") == "\u22121.234,6"
    assert number(1234.56, 1, "en", sign=True) == "+1,234.6"
    assert number(-0.04, 1, "nl", sign=True) == "0,0"
    assert sector_label("A", "nl") == "A Landbouw, bosbouw en visserij"


def test_cli_language_option_and_manifest(tmp_path, capsys):
    out = tmp_path / "report"
    args = ["costing", "--output", str(out), "--reform", "vijfjarige_vergunning", "--years", "1", "--draws", "0"]
    assert main([*args, "--language", "en"]) == 0
    assert "<html lang=\"en\">" in (out / "report.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "summary.json" in {f["path"] for f in manifest["files"]}
    assert main([*args, "--language", "de"]) == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err


def test_a_combined_regime_is_decomposed_by_reform(tmp_path):
    spec = "aanscherping_kennismigranten+vijfjarige_vergunning"
    regimes, _, population = regimes_and_population([spec], None)
    result = run_costing(population, regimes[1:], "2026-06", years=1, draws=0)
    rows = [r for r in result.decomposition if r["regime"] == spec]
    assert {r["reform"] for r in rows} == {"aanscherping_kennismigranten", "vijfjarige_vergunning"}
    by_route = {r["route"]: r for r in result.routes}
    for route, row in by_route.items():  # the stacked contributions add up to the combination's change
        total = sum(r["contribution"] for r in rows if r["route"] == route)
        assert total == pytest.approx(row[spec] - row["huidig_recht"], abs=1e-6)
    write_report(result, tmp_path)
    assert "Bijdrage per hervorming aan de verandering" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "decomposition.csv").is_file()
