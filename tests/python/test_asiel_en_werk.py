"""The work ban of the proposal asiel_en_werk_migratiepact (a TWV decision, which needs the Wml of the month)."""

from __future__ import annotations

import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError
from openfisca_arbeidsmigratie.reforms.asiel_en_werk_migratiepact import AsielEnWerkMigratiepact

ASIELZOEKER = {"nationaliteit": "SY", "verblijfsdoel": "asielzoeker", "asielaanvraag_duur_maanden": 8, "bruto_maandloon": 3000}


def _systeem(wml_juli_2026: bool):
    systeem = AsielEnWerkMigratiepact(CountryTaxBenefitSystem())
    if wml_juli_2026:
        # Test-only stand-in for the Wml of July 2026, which is a gap in the law (not published in the sources):
        # the work ban does not depend on its amount.
        systeem.parameters.algemeen.wettelijk_minimumloon.uurbedrag.update(start="2026-07-01", value=14.71)
    return systeem


def _bereken(systeem, periode, vooruitzicht, variabelen):
    builder = SimulationBuilder()
    builder.set_default_period(periode)
    persoon = dict(ASIELZOEKER, asielzoeker_vooruitzicht=vooruitzicht)
    simulatie = builder.build_from_entities(systeem, {"personen": {"p": persoon}})
    return {v: simulatie.calculate(v, periode) for v in variabelen}


def test_from_july_2026_an_asylum_seeker_with_low_prospects_is_refused_on_the_work_ban():
    uit = _bereken(_systeem(True), "2026-07", "kansarm", ["twv_verleend", "weigeringsgrond", "niet_voldaan_asielzoeker_werkverbod"])
    assert not uit["twv_verleend"][0]
    assert uit["weigeringsgrond"].decode_to_str()[0] == "asielzoeker_werkverbod"
    assert uit["niet_voldaan_asielzoeker_werkverbod"][0]


def test_in_may_2026_the_same_asylum_seeker_gets_a_twv_under_the_proposal():
    uit = _bereken(_systeem(False), "2026-05", "kansarm", ["twv_verleend", "weigeringsgrond"])
    assert uit["twv_verleend"][0]
    assert uit["weigeringsgrond"].decode_to_str()[0] == "geen"


def test_from_july_2026_an_asylum_seeker_with_good_prospects_gets_a_twv():
    uit = _bereken(_systeem(True), "2026-07", "kansrijk", ["twv_verleend"])
    assert uit["twv_verleend"][0]


def test_without_a_published_wml_for_july_2026_the_decision_fails_loudly():
    with pytest.raises(OntbrekendBedragError, match="2026-07"):
        _bereken(_systeem(False), "2026-07", "kansrijk", ["twv_verleend"])
