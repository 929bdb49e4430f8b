"""The indexation tool reproduces the published series, and a projection makes a coming year computable."""

from __future__ import annotations

import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie.indexatie import (
    JAARLIJKS,
    bedragen_op,
    indexcijfer_bereik,
    indexeer,
    maandbedrag_uit_jaarbedrag,
    prognose,
)
from openfisca_arbeidsmigratie.projection import indexed_parameters, plan, projected_system
from openfisca_arbeidsmigratie.reforms import baseline_system

HSM_30 = "kennismigranten.looncriterium.dertig_jaar_en_ouder"
HSM_JONG = "kennismigranten.looncriterium.jonger_dan_dertig"
HSM_VERLAAGD = "kennismigranten.looncriterium.verlaagd"
BC = "europese_blauwe_kaart.looncriterium.algemeen"
BC_VERLAAGD = "europese_blauwe_kaart.looncriterium.verlaagd"
WML = ("algemeen.wettelijk_minimumloon.uurbedrag", "algemeen.wettelijk_minimumloon.referentiemaandloon")


def test_the_indexed_amounts_are_the_salary_criteria_yearly_and_the_wml_amounts_half_yearly():
    assert indexed_parameters(baseline_system()) == {
        **{path: JAARLIJKS for path in (HSM_30, HSM_JONG, HSM_VERLAAGD, BC, BC_VERLAAGD)},
        **{path: 6 for path in WML},
    }

# CBS CAO-wage index changes as cited by the indexation notices (docs/sources.md; 2025: back-derived, see below).
PUBLISHED_INDEX = {2015: 3.48, 2020: 2.49, 2023: 3.47, 2024: 6.45, 2026: 4.46}


def test_2026_amounts_are_the_2025_amounts_plus_4_46_percent_exactly():
    assert prognose(baseline_system(), 2026, 4.46) == {
        HSM_30: 5942,
        HSM_JONG: 4357,
        HSM_VERLAAGD: 3122,
        BC: 5942,
        BC_VERLAAGD: 4754,
    }


def test_2025_amounts_are_reproduced_by_plus_6_70_percent_from_the_post_recast_2024_amounts():
    # No cited index change for 2025 was found; +6.70% reproduces every amount (range below).
    assert prognose(baseline_system(), 2025, 6.70) == {
        HSM_30: 5688,
        HSM_JONG: 4171,
        HSM_VERLAAGD: 2989,
        BC: 5688,
        BC_VERLAAGD: 4551,
    }
    laag, hoog = indexcijfer_bereik(bedragen_op(baseline_system(), "2024-12-31"), bedragen_op(baseline_system(), "2025-01-01"))
    assert laag <= 6.70 < hoog
    assert hoog - laag < 0.02


@pytest.mark.parametrize(("jaar", "procent"), sorted(PUBLISHED_INDEX.items()))
def test_every_published_index_change_reproduces_that_years_amounts(jaar, procent):
    systeem = baseline_system()
    gepubliceerd = bedragen_op(systeem, f"{jaar}-01-01")
    assert gepubliceerd, f"no amounts for {jaar}"
    assert prognose(systeem, jaar, procent) == gepubliceerd


@pytest.mark.parametrize(("jaar", "procent"), sorted(PUBLISHED_INDEX.items()))
def test_published_index_change_lies_in_the_range_implied_by_the_rounding(jaar, procent):
    systeem = baseline_system()
    laag, hoog = indexcijfer_bereik(bedragen_op(systeem, f"{jaar - 1}-12-31"), bedragen_op(systeem, f"{jaar}-01-01"))
    assert laag <= procent < hoog


def test_rounding_is_to_whole_euros_halves_up():
    assert indexeer(1000, 0.05) == 1001  # 1000.5 -> 1001 (banker's rounding would give 1000)
    assert indexeer(1000, 0.049) == 1000
    assert indexeer(5688, 4.46) == 5942


def test_inconsistent_amounts_have_no_index_range():
    with pytest.raises(ValueError, match="No single index change"):
        indexcijfer_bereik({"a": 1000, "b": 2000}, {"a": 1010, "b": 2100})


def test_annual_amount_including_holiday_allowance_converts_to_monthly_excluding_it():
    assert maandbedrag_uit_jaarbedrag(12960, 0.08) == pytest.approx(1000)
    # The 2014 switch: EUR 4,048 a month excl. = EUR 4,371.84 incl. holiday allowance (denklaw.nl).
    assert maandbedrag_uit_jaarbedrag(4371.84 * 12, 0.08) == pytest.approx(4048)


def _criterium(systeem, periode):
    builder = SimulationBuilder()
    builder.set_default_period(periode)
    simulatie = builder.build_from_entities(systeem, {"personen": {"p": {"geboortedatum": "1980-01-01"}}})
    return float(simulatie.calculate("kennismigrant_looncriterium", periode)[0])


def test_a_projection_makes_2027_computable_without_changing_current_law():
    systeem = baseline_system()
    geprojecteerd = projected_system(systeem, "2027-01-01", {"kennismigranten": 3.0, "europese_blauwe_kaart": 3.0})
    assert _criterium(geprojecteerd, "2027-01") == indexeer(5942, 3.0) == 6120
    assert _criterium(geprojecteerd, "2026-12") == 5942
    assert systeem.parameters.kennismigranten.looncriterium.dertig_jaar_en_ouder("2027-01-01") is None


def test_the_projection_of_a_given_change_fills_the_amounts_the_indexation_tool_computes():
    """One rule, two tools: what projected_system fills for 1 January 2027 with a given change is
    what prognose computes from the amounts in force on 31 December 2026."""
    filled = plan(baseline_system(), "2027-01-01", {"kennismigranten": 3.0, "europese_blauwe_kaart": 3.0})
    criteria = {a.parameter: a.value for a in filled if a.start.isoformat() == "2027-01-01" and a.parameter not in WML}
    assert criteria == prognose(baseline_system(), 2027, 3.0)
    assert criteria[HSM_30] == 6120
