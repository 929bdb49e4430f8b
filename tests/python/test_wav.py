"""Python checks of the Wav machinery that YAML cases cannot express."""

from __future__ import annotations

import numpy as np
import pytest
from openfisca_core.reforms import Reform
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem
from openfisca_arbeidsmigratie.citaties import WEIGERINGSGROND_CITATIES
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError
from openfisca_arbeidsmigratie.landen import ISO_3166_1_ALPHA2, onbekende_codes
from openfisca_arbeidsmigratie.reforms import baseline_system

GRONDEN_ART_9 = [*"abcdefghij", "girale_betaling", "economische_activiteit"]


def _simulatie(system, invoer: dict, periode: str = "2026-01"):
    situatie = {"personen": {"aanvrager": {"nationaliteit": {"ETERNITY": "IN"}, "bruto_maandloon": {periode: 3000}}}}
    werkgever = {"werknemers": ["aanvrager"]}
    for naam, waarde in invoer.items():
        doel = werkgever if system.get_variable(naam).entity.key == "werkgever" else situatie["personen"]["aanvrager"]
        doel[naam] = {periode: waarde}
    situatie["werkgevers"] = {"w": werkgever}
    return SimulationBuilder().build_from_entities(system, situatie)


class _UwvPastGeenFacultatieveGrondToe(Reform):
    name = "UWV past geen facultatieve weigeringsgrond toe"

    def apply(self):
        def wijzig(parameters):
            knoop = parameters.wav.facultatieve_weigeringsgronden_toegepast
            for grond in GRONDEN_ART_9:
                getattr(knoop, grond).update(start="2014-01-01", value=0)
            return parameters

        self.modify_parameters(modifier_function=wijzig)


@pytest.mark.parametrize(
    "invoer",
    [
        {"passende_huisvesting_beschikbaar": False},
        {"boete_wav_18": True},
        {"loon_giraal_betaald": False},
        {"prioriteitgenietend_aanbod_binnen_redelijke_termijn": True},
    ],
    ids=lambda d: next(iter(d)),
)
def test_an_optional_ground_refuses_only_when_uwv_applies_it(invoer):
    baseline = baseline_system()
    assert not _simulatie(baseline, invoer).calculate("twv_verleend", "2026-01")[0]
    zonder = _UwvPastGeenFacultatieveGrondToe(baseline)
    assert _simulatie(zonder, invoer).calculate("twv_verleend", "2026-01")[0]


def test_every_reported_wav_ground_has_a_citation():
    from openfisca_arbeidsmigratie.eisen import deciding_order  # noqa: PLC0415 (the order of vergunning.py)

    gebruikt = {eis.name for eis in deciding_order("twv_gvva")}
    assert len(gebruikt) == 20, "art. 8 lid 1 a..h, art. 9 lid 1 a..j and the two 2022 grounds"
    assert gebruikt <= set(WEIGERINGSGROND_CITATIES)
    for naam in gebruikt:
        citatie = WEIGERINGSGROND_CITATIES[naam]
        assert set(citatie) == {"wet", "artikel", "lid", "onderdeel", "url", "bwb_id", "omschrijving"}
        assert citatie["bwb_id"] in citatie["url"]


def test_derived_monthly_minimum_wage_stays_within_two_euro_of_the_reference_monthly_wage():
    system = baseline_system()
    for maand in ["2024-01", "2024-07", "2025-01", "2025-07", "2026-01"]:
        sim = SimulationBuilder().build_default_simulation(system, 1)
        afgeleid = float(sim.calculate("wettelijk_minimumloon_maand", maand)[0])
        referentie = system.parameters(maand).algemeen.wettelijk_minimumloon.referentiemaandloon
        assert 0 <= afgeleid - referentie < 2, (maand, afgeleid, referentie)


def test_free_movement_is_vectorised_over_a_population():
    system = baseline_system()
    sim = SimulationBuilder().build_default_simulation(system, 4)
    sim.set_input("nationaliteit", "ETERNITY", np.array(["PL", "IN", "GB", ""]))
    assert sim.calculate("vrij_verkeer_van_werknemers", "2020-12").tolist() == [True, False, True, False]
    assert sim.calculate("vrij_verkeer_van_werknemers", "2021-01").tolist() == [True, False, False, False]


def test_iso_list_has_every_assigned_code_and_rejects_user_assigned_ones():
    assert len(ISO_3166_1_ALPHA2) == 249
    assert {"NL", "PL", "GB", "IN", "NO"} <= ISO_3166_1_ALPHA2
    assert onbekende_codes(["NL", b"XK", "UK", "EU"]) == ["EU", "UK", "XK"]


# The minimum wage series 2003-2012 has gaps (no cited amount): the variable fails there, never 0.


@pytest.mark.parametrize(
    ("periode", "oorzaak"),
    [
        ("2003-06", "the first known amount applies from 2003-07-01"),
        ("1996-01", "the first known amount applies from 2003-07-01"),
        ("2007-07", "no amount in force on that date is known"),
        ("2007-12", "no amount in force on that date is known"),
        ("2011-01", "no amount in force on that date is known"),
        ("2011-06", "no amount in force on that date is known"),
    ],
)
def test_a_month_without_a_cited_minimum_wage_fails_with_a_clear_message(periode, oorzaak):
    simulatie = _simulatie(baseline_system(), {}, periode)
    with pytest.raises(OntbrekendBedragError, match=periode) as fout:
        simulatie.calculate("wettelijk_minimumloon_maand", periode)
    assert oorzaak in str(fout.value)
    assert "July-December 2007 and January-June 2011" in str(fout.value)
    assert not fout.value.na_laatste_publicatie


@pytest.mark.parametrize(("periode", "waarde"), [("2007-06", 1300.80), ("2008-01", 1335.00), ("2010-12", 1416.00), ("2011-07", 1435.20)])
def test_the_months_around_a_gap_have_their_cited_amount(periode, waarde):
    simulatie = _simulatie(baseline_system(), {}, periode)
    assert simulatie.calculate("wettelijk_minimumloon_maand", periode)[0] == np.float32(waarde)


@pytest.mark.parametrize(("periode", "loon", "laag", "hoog"), [("2011-03", 1420, "1416.00", "1435.20"), ("2007-09", 1300.80, "1300.80", "1335.00")])
def test_a_wage_inside_the_bounds_of_a_gap_cannot_be_decided_and_says_so(periode, loon, laag, hoog):
    simulatie = _simulatie(baseline_system(), {"bruto_maandloon": loon}, periode)
    with pytest.raises(OntbrekendBedragError, match="Wav art. 8 lid 1 onder f cannot be decided") as fout:
        simulatie.calculate("toegelaten", periode)
    assert f"between EUR {laag} and EUR {hoog}" in str(fout.value)


def test_in_a_gap_the_wage_ground_needs_no_amount_for_an_eu_national():
    situatie = {"personen": {"a": {"nationaliteit": {"ETERNITY": "DE"}, "bruto_maandloon": {"2011-03": 1420}}}, "werkgevers": {"w": {"werknemers": ["a"]}}}
    simulatie = SimulationBuilder().build_from_entities(baseline_system(), situatie)
    assert simulatie.calculate("toegelaten", "2011-03")[0]


def test_the_minimum_wage_from_july_2026_is_a_gap_that_fails_loudly():
    """The Wml amount per 1 July 2026 was not found: July 2026 fails, June 2026 still answers EUR 14.71 x 156."""
    def bereken(periode):
        builder = SimulationBuilder()
        builder.set_default_period(periode)
        simulatie = builder.build_from_entities(CountryTaxBenefitSystem(), {"personen": {"p": {}}})
        return simulatie.calculate("wettelijk_minimumloon_maand", periode)[0]

    assert abs(bereken("2026-06") - 2294.76) < 0.01
    with pytest.raises(OntbrekendBedragError, match="2026-07") as fout:
        bereken("2026-07")
    assert "uurbedrag" in str(fout.value)
