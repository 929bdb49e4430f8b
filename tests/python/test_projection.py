"""Projections of not-yet-published amounts: explicit, marked, never law."""

from __future__ import annotations

import datetime

import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError
from openfisca_arbeidsmigratie.projection import describe, plan, projected_system


@pytest.fixture(scope="module")
def system():
    return CountryTaxBenefitSystem()


def _calculate(system, period, variable, person=None):
    builder = SimulationBuilder()
    builder.set_default_period(period)
    simulation = builder.build_from_entities(system, {"personen": {"p": person or {"geboortedatum": "1980-01-01"}}})
    return simulation.calculate(variable, period)[0]


def test_without_projection_2027_fails_with_the_clear_error(system):
    with pytest.raises(OntbrekendBedragError, match="not yet published"):
        _calculate(system, "2027-01", "kennismigrant_looncriterium")


def test_the_projection_fills_every_unpublished_indexed_amount_up_to_the_date(system):
    filled = {(a.parameter, a.start) for a in plan(system, "2027-06-30")}
    assert ("kennismigranten.looncriterium.dertig_jaar_en_ouder", datetime.date(2027, 1, 1)) in filled
    assert ("europese_blauwe_kaart.looncriterium.algemeen", datetime.date(2027, 1, 1)) in filled
    assert ("algemeen.wettelijk_minimumloon.uurbedrag", datetime.date(2026, 7, 1)) in filled
    assert ("algemeen.wettelijk_minimumloon.uurbedrag", datetime.date(2027, 1, 1)) in filled
    assert ("algemeen.wettelijk_minimumloon.uurbedrag", datetime.date(2027, 7, 1)) not in filled


def test_the_criteria_are_indexed_by_the_last_published_change_with_the_official_rounding(system):
    amounts = {a.parameter: a for a in plan(system, "2027-01-01")}
    dertig = amounts["kennismigranten.looncriterium.dertig_jaar_en_ouder"]
    assert dertig.change_percent == pytest.approx(4.46)  # the 2026 indexation (5,688 -> 5,942)
    assert dertig.value == 6207  # round(5942 x 1.0446), halves up
    assert dertig.change_source == "last published change"
    assert amounts["europese_blauwe_kaart.looncriterium.algemeen"].value == dertig.value  # recast: equal to 30+


def test_a_given_change_is_used_and_named(system):
    amounts = {a.parameter: a for a in plan(system, "2027-01-01", {"kennismigranten": 3.0})}
    dertig = amounts["kennismigranten.looncriterium.dertig_jaar_en_ouder"]
    assert (dertig.value, dertig.change_source) == (6120, "given")


def test_the_projected_system_simulates_2027_and_is_marked(system):
    projected = projected_system(system, "2027-01-31")
    assert _calculate(projected, "2027-01", "kennismigrant_looncriterium") == 6207
    assert _calculate(projected, "2027-01", "wettelijk_minimumloon_maand") > 2294
    lines = describe(projected.projection)
    assert lines[0].startswith("PROJECTION (not law)")
    assert any("kennismigranten.looncriterium.dertig_jaar_en_ouder from 2027-01-01: 6207" in line for line in lines)
    # the original system is unchanged: still the clear error
    with pytest.raises(OntbrekendBedragError):
        _calculate(system, "2027-01", "kennismigrant_looncriterium")


def test_a_published_period_needs_no_projection(system):
    assert plan(system, "2026-06-30") == []
    assert describe(projected_system(system, "2026-06-30").projection) == []
