"""run_costing on a small generated population: intervals, reproducibility, the report, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from openfisca_arbeidsmigratie.cli import main
from openfisca_arbeidsmigratie.costing import CostingError, run_costing
from openfisca_arbeidsmigratie.costing.report import write_report
from openfisca_arbeidsmigratie.costing.scenario import _shift_priority, _with_points_shift
from openfisca_arbeidsmigratie.microsimulation import resolve_regimes
from openfisca_arbeidsmigratie.population import derive_schema, population_from_table, write_table
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.reforms import baseline_system

REFORMS = ["brede_welvaartstoets", "vijfjarige_vergunning"]


@pytest.fixture(scope="module")
def population():
    schema = derive_schema(*(r.system for r in resolve_regimes(REFORMS)))
    return population_from_table(generate(60, seed=7, schema=schema), schema)


@pytest.fixture(scope="module")
def result(population):
    return run_costing(population, REFORMS, "2026-01", years=6, draws=4, seed=11)


def test_central_estimate_lies_in_a_sensible_interval(result):
    assert result.regimes == ["huidig_recht", *REFORMS]
    assert result.years == [2026, 2027, 2028, 2029, 2030, 2031]
    for regime in result.regimes:
        ci = result.intervals[regime]["fees_total"]
        assert np.all(np.array(ci["p05"]) <= np.array(ci["p95"]))
    diff = result.differences["brede_welvaartstoets"]["admissions"]
    assert set(diff) == {"central", "p05", "p50", "p95"}


def test_differences_are_reform_minus_current_law(result):
    central = result.central
    expected = np.array(central["vijfjarige_vergunning"]["renewals"]) - np.array(central["huidig_recht"]["renewals"])
    assert result.differences["vijfjarige_vergunning"]["renewals"]["central"] == pytest.approx(expected.tolist())
    # five-year permits need no renewals before permanent residence
    assert max(central["vijfjarige_vergunning"]["renewals"]) == 0


def test_same_seed_same_draws_other_seed_other_draws(population, result):
    again = run_costing(population, REFORMS, "2026-01", years=6, draws=4, seed=11)
    other = run_costing(population, REFORMS, "2026-01", years=6, draws=4, seed=12)
    assert again.intervals == result.intervals
    assert other.draw_values != result.draw_values


def test_receipt_and_json(result):
    body = json.loads(json.dumps(result.to_dict()))
    receipt = body["receipt"]
    assert receipt["seed"] == 11 and receipt["draws"] == 4
    assert receipt["population"]["hash"].startswith("sha256:")
    assert set(receipt["regimes"]) == set(result.regimes)
    assert body["central"]["huidig_recht"]["admissions"][0] > 0


def test_bad_input_is_named():
    with pytest.raises(CostingError, match="covers 2026 and later"):
        run_costing(None, [], "2025-06", years=5, draws=0)
    with pytest.raises(CostingError, match="allowed 1 to 30"):
        run_costing(None, [], "2026-01", years=0, draws=0)


def test_priority_shift_flips_the_judgement(population):
    rows = population.applicant_rows()
    rng = np.random.default_rng(0)
    assert _shift_priority(population, 1.0, rng).person_inputs["prioriteitgenietend_aanbod_beschikbaar"][rows].all()
    assert not _shift_priority(population, -1.0, rng).person_inputs["prioriteitgenietend_aanbod_beschikbaar"][rows].any()
    assert _shift_priority(population, 0.0, rng) is population


def test_points_shift_moves_both_thresholds():
    regime = resolve_regimes(["brede_welvaartstoets"])[1]
    shifted = _with_points_shift(regime, 2.0).system
    node = shifted.parameters("2026-01-01").voorstellen.brede_welvaartstoets
    base = baseline_system().parameters("2026-01-01").voorstellen.brede_welvaartstoets
    assert node.toelatingsdrempel == base.toelatingsdrempel + 2
    assert node.stap_1.drempel == base.stap_1.drempel + 2


def test_report_renders_with_its_tables(result, tmp_path):
    files = write_report(result, tmp_path)
    names = {f.name for f in files}
    assert {"report.md", "report.html", "yearly.csv", "differences.csv", "unit_values.csv", "receipt.json", "budget.png", "wages.png"} <= names
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert "Toelatingen per route" in text
        assert "Overgangen tussen routes" in text
        assert "Aannames met hun onderbouwing" in text
        assert "Weigeringen per grond" in text
        assert "parameter_hash" in text
    assert "data:image/png;base64," in html
    assert "refusals_by_reason.csv" in names
    assert any(r["kind"] == "deciding" for r in result.refusals)
    assert "| route | huidig_recht | brede_welvaartstoets | vijfjarige_vergunning |" in md


def test_cli_writes_the_report(population, tmp_path):
    schema = derive_schema(*(r.system for r in resolve_regimes(REFORMS)))
    path = write_table(generate(60, seed=7, schema=schema), tmp_path / "pop.parquet")
    code = main(["costing", "--output", str(tmp_path / "out"), "--population", str(path), "--reform", "vijfjarige_vergunning", "--years", "5", "--draws", "1", "--seed", "3"])
    assert code == 0
    assert (tmp_path / "out" / "report.html").exists()
    assert main(["costing", "--output", str(tmp_path / "bad"), "--population", str(path), "--period", "2024-01", "--draws", "0"]) == 2
