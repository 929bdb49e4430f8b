"""Python checks of the Wav machinery that YAML cases cannot express."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
from openfisca_core.reforms import Reform
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie import law_directory
from openfisca_arbeidsmigratie.citaties import WEIGERINGSGROND_CITATIES
from openfisca_arbeidsmigratie.enums import Weigeringsgrond
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
    bron = pathlib.Path(law_directory("variables"), "wav", "vergunning.py").read_text(encoding="utf-8")
    gebruikt = {lid.name for lid in Weigeringsgrond if f"G.{lid.name}" in bron and lid.name != "geen"}
    assert gebruikt, "no Weigeringsgrond members found in vergunning.py"
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
