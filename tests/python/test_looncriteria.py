"""Salary criteria fail clearly where no amount is published, and the decision answers from 2014 on."""

from __future__ import annotations

import datetime
import pathlib

import numpy as np
import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie import law_directory
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError
from openfisca_arbeidsmigratie.reforms import baseline_system


def _bereken(variabele, periode, personen=None):
    builder = SimulationBuilder()
    builder.set_default_period(periode)
    simulatie = builder.build_from_entities(baseline_system(), {"personen": personen or {"p": {"geboortedatum": "1980-01-01"}}})
    return simulatie.calculate(variabele, periode)


@pytest.mark.parametrize(
    ("variabele", "periode", "fragment"),
    [
        ("kennismigrant_looncriterium", "2007-05", "no amount in force on that date is known"),
        ("kennismigrant_looncriterium", "2010-12", "kennismigrant 2005-2010"),
        ("kennismigrant_looncriterium", "2004-09", "the first known amount applies from 2004-10-01"),
        ("europese_blauwe_kaart_looncriterium", "2012-06", "no amount in force on that date is known"),
        ("europese_blauwe_kaart_looncriterium", "2012-12", "EU Blue Card: 2012"),
    ],
)
def test_a_month_without_a_published_criterion_fails_with_a_clear_message(variabele, periode, fragment):
    with pytest.raises(OntbrekendBedragError, match=periode) as fout:
        _bereken(variabele, periode)
    assert fragment in str(fout.value)
    assert not fout.value.na_laatste_publicatie


@pytest.mark.parametrize("variabele", ["kennismigrant_looncriterium", "europese_blauwe_kaart_looncriterium", "toegelaten"])
def test_after_the_last_published_year_the_message_points_at_the_indexation_tool(variabele):
    with pytest.raises(OntbrekendBedragError, match="projection.projected_system") as fout:
        _bereken(variabele, "2027-01")
    assert fout.value.na_laatste_publicatie
    assert "not yet published" in str(fout.value)


def test_the_last_published_month_still_answers():
    assert _bereken("kennismigrant_looncriterium", "2026-12")[0] == 5942


def test_in_historical_gaps_the_exemption_is_not_established_so_the_wav_still_computes():
    personen = {"p": {"geboortedatum": "1980-01-01", "nationaliteit": "IN", "bruto_maandloon": {"2007-05": 9000}}}
    assert not _bereken("kennis_en_talent_vrijstelling", "2007-05", personen)[0]


@pytest.mark.parametrize(
    ("criterium", "grondslag"),
    [
        ("kennismigranten/looncriterium/dertig_jaar_en_ouder.yaml", "kennismigranten/looncriterium/grondslag_maandloon.yaml"),
        ("kennismigranten/looncriterium/jonger_dan_dertig.yaml", "kennismigranten/looncriterium/grondslag_maandloon.yaml"),
        ("europese_blauwe_kaart/looncriterium/algemeen.yaml", "europese_blauwe_kaart/looncriterium/grondslag_maandloon.yaml"),
    ],
)
def test_the_grondslag_marker_of_each_criterion_switches_to_monthly_when_the_conversion_stops(criterium, grondslag):
    def laad(pad):
        with open(f"{law_directory('parameters')}/{pad}", encoding="utf-8") as bestand:
            return yaml.safe_load(bestand)

    marker = laad(criterium)["metadata"]["grondslag"]
    maandelijks_vanaf = [d for d, tekst in marker.items() if tekst.startswith("maandloon")]
    schakelaar = laad(grondslag)["values"]
    eerste_true = min(d for d, v in schakelaar.items() if v["value"] is True)
    assert maandelijks_vanaf == [eerste_true] == [datetime.date(2014, 1, 1)]


def test_every_month_from_2014_to_june_2026_gets_a_decision_for_a_mixed_population():
    """One small population, every month with published law (the Wml ends in June 2026): the decision never fails."""
    systeem = baseline_system()
    personen = {
        "eu": {"nationaliteit": "PL", "bruto_maandloon": 2500},
        "hsm": {"geboortedatum": "1985-01-01", "nationaliteit": "IN", "bruto_maandloon": 7000},
        "bc": {"geboortedatum": "1985-01-01", "nationaliteit": "US", "hoger_onderwijs_diploma": True, "bruto_maandloon": 7000},
        "twv": {"geboortedatum": "1985-01-01", "nationaliteit": "MA", "bruto_maandloon": 2500},
    }
    maanden = [f"{jaar}-{maand:02d}" for jaar in range(2014, 2027) for maand in range(1, 13)][:-6]
    routes = set()
    for periode in maanden:
        invoer = {naam: {k: ({periode: v} if k == "bruto_maandloon" else v) for k, v in p.items()} for naam, p in personen.items()}
        builder = SimulationBuilder()
        builder.set_default_period(periode)
        simulatie = builder.build_from_entities(
            systeem,
            {
                "personen": invoer,
                "werkgevers": {"sponsor": {"werknemers": ["hsm"], "erkend_referent": {periode: True}}, "ander": {"werknemers": ["eu", "bc", "twv"]}},
            },
        )
        route = simulatie.calculate("toelatingsroute", periode).decode_to_str()
        routes.add(tuple(route))
        assert np.all(simulatie.calculate("toegelaten", periode)), periode
        simulatie.calculate("verblijfsvergunning_geldigheidsduur_maanden", periode)
        simulatie.calculate("weigeringsgrond", periode)
    assert routes == {("vrij_verkeer", "kennismigrant", "europese_blauwe_kaart", "twv_gvva")}


def test_the_under_30_and_30_plus_criteria_are_known_on_the_same_dates():
    """kennismigrant_looncriterium_naar_leeftijd reads the under-30 amount for everyone under 30
    after the 30+ amount for all: a month in a gap of one is a gap of the other, so the first
    error stays the 30+ one (the two series must keep the same dates and gaps)."""
    def series(naam):
        path = pathlib.Path(law_directory("parameters")) / "kennismigranten" / "looncriterium" / f"{naam}.yaml"
        values = yaml.safe_load(path.read_text(encoding="utf-8"))["values"]
        return {str(date): (value.get("value") if isinstance(value, dict) else value) is None for date, value in values.items()}

    assert series("jonger_dan_dertig") == series("dertig_jaar_en_ouder")


def test_the_criterion_by_age_is_the_criterion_unless_the_reduced_one_applies():
    personen = {
        "jong": {"geboortedatum": "2000-01-01", "aanvraagdatum": "2026-01-15"},
        "oud": {"geboortedatum": "1980-01-01", "aanvraagdatum": "2026-01-15"},
    }
    naar_leeftijd = _bereken("kennismigrant_looncriterium_naar_leeftijd", "2026-01", personen)
    assert naar_leeftijd.tolist() == pytest.approx([4357, 5942])  # 2026: under 30, 30 and over
    assert _bereken("kennismigrant_looncriterium", "2026-01", personen).tolist() == naar_leeftijd.tolist()
