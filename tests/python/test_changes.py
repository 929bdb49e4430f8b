"""What each reform changes: differences per route, permit validity and rights, largest flows,
rounded outputs and the decomposition of combined regimes, on the bundled population."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.cli import main
from openfisca_arbeidsmigratie.commands._common import bundled_population
from openfisca_arbeidsmigratie.microsimulation import compare, decomposition, resolve_regimes
from openfisca_arbeidsmigratie.microsimulation.aggregates import ADMITTED_TOTAL, VALIDITY_LABELS
from openfisca_arbeidsmigratie.microsimulation.report import rounded, side_by_side
from openfisca_arbeidsmigratie.population import derive_schema, load_population

pytestmark = pytest.mark.microsimulation

REFORMS = ["brede_welvaartstoets", "vijfjarige_vergunning", "geen_wijziging_2022"]
PERIOD = "2026-01"
NON_EU_ROUTES = ("kennismigrant", "europese_blauwe_kaart", "twv_gvva", "puntentoets")


@pytest.fixture(scope="module")
def result():
    regimes = resolve_regimes(REFORMS)
    population = load_population(
        bundled_population(), derive_schema(*(r.system for r in regimes))
    )
    return compare(population, regimes[1:], baseline=regimes[0].system, period=PERIOD)


def _outcome(result, outcome, category, regime):
    rows = result.tally.outcome_rows()
    return next(
        r for r in rows if (r["outcome"], r["category"], r["regime"]) == (outcome, category, regime)
    )


def test_route_changes_are_the_differences_from_current_law(result):
    routes = {r["route"]: r for r in result.route_table()}
    for change in result.tally.route_changes():
        if change["route"] == ADMITTED_TOTAL:
            continue
        base = routes[change["route"]]["huidig_recht"]
        assert change["change"] == pytest.approx(change["applicants"] - base)
        if base:
            assert change["change_percent"] == pytest.approx(100 * change["change"] / base)
        else:
            assert change["change_percent"] is None


def test_admitted_total_change_excludes_refusals(result):
    changes = {
        r["route"]: r for r in result.tally.route_changes() if r["regime"] == "brede_welvaartstoets"
    }
    assert changes[ADMITTED_TOTAL]["change"] == pytest.approx(-changes["geweigerd"]["change"])


def test_five_year_permit_is_visible_in_validity_although_routes_are_unchanged(result):
    changes = [r for r in result.tally.route_changes() if r["regime"] == "vijfjarige_vergunning"]
    assert all(r["change"] == 0 for r in changes)
    routes = {r["route"]: r["vijfjarige_vergunning"] for r in result.route_table()}
    non_eu = sum(routes[r] for r in NON_EU_ROUTES)
    sixty = _outcome(result, "geldigheidsduur_maanden", "60", "vijfjarige_vergunning")
    assert sixty["change"] > 0 and sixty["applicants"] <= non_eu
    validity = [
        _outcome(result, "geldigheidsduur_maanden", label, "vijfjarige_vergunning")
        for label in VALIDITY_LABELS
    ]
    assert sum(r["change"] for r in validity) == pytest.approx(0, abs=1e-6)  # permits move between bands


def test_no_change_of_2022_gives_more_twelve_month_permits(result):
    twelve = _outcome(result, "geldigheidsduur_maanden", "12", "geen_wijziging_2022")
    twenty_four = _outcome(result, "geldigheidsduur_maanden", "24", "geen_wijziging_2022")
    assert twelve["change"] > 0
    assert twenty_four["change"] == pytest.approx(-twelve["change"])


def test_family_reunification_counts_admitted_applicants_only(result):
    admitted = {
        regime: sum(r[regime] for r in result.route_table() if r["route"] != "geweigerd")
        for regime in result.regimes
    }
    for regime in result.regimes:
        yes = _outcome(result, "gezinshereniging_toegestaan", "yes", regime)["applicants"]
        no = _outcome(result, "gezinshereniging_toegestaan", "no", regime)["applicants"]
        assert yes + no == pytest.approx(admitted[regime])


def test_largest_flows_name_their_deciding_ground(result):
    flows = result.tally.largest_flows(5)
    assert flows, "the points test moves applicants between routes"
    assert {f["regime"] for f in flows} == {"brede_welvaartstoets"}
    assert flows == sorted(flows, key=lambda f: -f["applicants"])
    into_refusal = [f for f in flows if f["to_route"] == "geweigerd"]
    assert into_refusal and all(f["main_ground"].startswith("puntentoets") for f in into_refusal)
    between_routes = [f for f in flows if "geweigerd" not in (f["from_route"], f["to_route"])]
    assert all(f["main_ground"] is None for f in between_routes)


def test_console_shows_changes_validity_rights_and_flows(result):
    text = side_by_side(result)
    for heading in (
        "Admissions by route, applicants per year (weighted)",
        "Change from huidig_recht by route",
        "Permit validity (months)",
        "Family reunification allowed",
        "Non-temporary residence purpose",
        "Earliest permanent residence",
        "Largest flows from huidig_recht",
    ):
        assert heading in text
    assert "main deciding ground puntentoets_stap_1" in text


def test_rounded_removes_float_noise():
    rows = rounded([{"applicants": 48399.99855995178, "admitted_share": 0.123456, "route": "x"}])
    assert rows == [{"applicants": 48400.0, "admitted_share": 0.1235, "route": "x"}]


def test_output_files_carry_changes_and_rounded_figures(tmp_path, capsys):
    folder = tmp_path / "out"
    code = main(["compare", "--reform", "vijfjarige_vergunning", "--output", str(folder)])
    assert code == 0
    document = json.loads((folder / "aggregates.json").read_text(encoding="utf-8"))
    assert document["metadata"]["unit"] == "applicants per year (weighted)"
    for key in ("changes_by_route", "outcomes", "largest_flows"):
        assert key in document
    for row in document["admissions_by_route"]:
        for value in row.values():
            if isinstance(value, float):
                assert round(value, 1) == value
    assert (folder / "changes.csv").read_text(encoding="utf-8").startswith('"regime","route"')
    assert "geldigheidsduur_maanden" in (folder / "outcomes.csv").read_text(encoding="utf-8")


SPEC = "bandbreedte+aanscherping_kennismigranten+brede_welvaartstoets"


def test_steps_follow_the_order_the_reforms_apply():
    # bandbreedte caps (phase 2): it comes after the reforms that decide who qualifies.
    assert decomposition.steps(SPEC) == [
        "aanscherping_kennismigranten",
        "aanscherping_kennismigranten+brede_welvaartstoets",
        SPEC,  # the last step is the combination itself
    ]
    assert decomposition.steps("brede_welvaartstoets") == []
    assert decomposition.steps("brede_welvaartstoets@x.yaml") == []


@pytest.mark.parametrize("mode", decomposition.MODES)
def test_contributions_add_up_to_the_change_of_the_combination(mode, capsys):
    specs = decomposition.expand([SPEC], mode)
    regimes = resolve_regimes(specs)
    population = load_population(
        bundled_population(), derive_schema(*(r.system for r in regimes))
    )
    result = compare(population, regimes[1:], baseline=regimes[0].system, period=PERIOD)
    labels = {spec: spec for spec in specs}
    rows = decomposition.contributions(result.route_table(), SPEC, labels, mode)
    for route_row in result.route_table():
        route = route_row["route"]
        total = sum(r["contribution"] for r in rows if r["route"] == route)
        assert total == pytest.approx(route_row[SPEC] - route_row["huidig_recht"], abs=1e-6)
    reforms = {r["reform"] for r in rows}
    expected = {"aanscherping_kennismigranten", "brede_welvaartstoets", "bandbreedte"}
    assert reforms == (expected | {"interaction"} if mode == "alone" else expected)


def test_compare_decompose_prints_the_contributions(capsys):
    assert main(["compare", "--reform", SPEC, "--decompose"]) == 0
    out = capsys.readouterr().out
    assert f"Contribution of each reform to the change of {SPEC}" in out


def test_streamed_run_writes_the_same_explanations(tmp_path, capsys):
    whole, streamed = tmp_path / "whole", tmp_path / "streamed"
    assert main(["compare", "--reform", "brede_welvaartstoets", "--output", str(whole)]) == 0
    assert (
        main(
            [
                "compare",
                "--reform",
                "brede_welvaartstoets",
                "--chunk-size",
                "1000",
                "--output",
                str(streamed),
            ]
        )
        == 0
    )
    a = pq.read_table(whole / "explanations.parquet").sort_by("persoon_id")
    b = pq.read_table(streamed / "explanations.parquet").sort_by("persoon_id")
    assert a.num_rows == 3000
    assert a.equals(b)
