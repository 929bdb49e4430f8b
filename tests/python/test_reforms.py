"""The reforms of parameters/voorstellen: registry, common outputs, serve, parameter files, population."""

from __future__ import annotations

import copy
import importlib

import numpy as np
import pytest
from openfisca_core.simulations import SimulationBuilder
from openfisca_web_api.app import create_app
from test_reform_puntentabel import ZORGASSISTENT

from openfisca_arbeidsmigratie.enums import Toelatingsroute
from openfisca_arbeidsmigratie.reforms import (
    BASELINE,
    ParameterFileError,
    available_regimes,
    baseline_system,
    build_regime,
    parameter_at,
    parse_spec,
    reform_class,
)

VOORSTELLEN = {
    "brede_welvaartstoets": "brede_welvaartstoets.BredeWelvaartstoets",
    "kennismigrant_onder_30_verhoogd": "aanscherping_kennismigranten.KennismigrantOnder30Verhoogd",
    "kennismigrant_gemiddeld_loon": "aanscherping_kennismigranten.KennismigrantGemiddeldLoon",
    "kennismigrant_verlaagd_beperkt": "aanscherping_kennismigranten.KennismigrantVerlaagdBeperkt",
    "referent_betrouwbaarheid_strenger": "aanscherping_kennismigranten.ReferentBetrouwbaarheidStrenger",
    "aanscherping_kennismigranten": "aanscherping_kennismigranten.AanscherpingKennismigranten",
    "vijfjarige_vergunning": "vijfjarige_vergunning.VijfjarigeVergunning",
    "bandbreedte": "bandbreedte.Bandbreedte",
    "bandbreedte_saldo": "bandbreedte_saldo.BandbreedteSaldo",
    "brede_welvaartstoets_met_arbeidsmarkttoets": "brede_welvaartstoets_met_arbeidsmarkttoets.BredeWelvaartstoetsMetArbeidsmarkttoets",
    "geen_wijziging_2022": "geen_wijziging_2022.GeenWijziging2022",
}
BESLUIT = [
    "toegelaten",
    "toelatingsroute",
    "weigeringsgrond",
    "verblijfsvergunning_geldigheidsduur_maanden",
    "verblijfsdoel_niet_tijdelijk",
    "gezinshereniging_toegestaan",
]
PERIODE = "2026-01"


def _klasse(pad: str):
    module, _, naam = pad.rpartition(".")
    return getattr(importlib.import_module(f"openfisca_arbeidsmigratie.reforms.{module}"), naam)


@pytest.mark.parametrize(("naam", "pad"), VOORSTELLEN.items())
def test_every_reform_is_registered_under_its_name_and_dotted_path(naam, pad):
    assert naam in available_regimes()
    assert reform_class(naam) is _klasse(pad)


def test_unknown_reform_names_the_allowed_ones():
    with pytest.raises(ValueError, match="NAME one of: huidig_recht, aanscherping_kennismigranten"):
        build_regime("brede_welvaartstoets+puntensysteem")


@pytest.mark.parametrize("naam", VOORSTELLEN)
def test_every_reform_writes_the_common_decision_outputs(naam):
    system = build_regime(naam)
    situatie = {
        "personen": {
            "a": {"nationaliteit": {"ETERNITY": "MA"}, "bruto_maandloon": {PERIODE: 2600.0}}
        }
    }
    simulatie = SimulationBuilder().build_from_entities(system, situatie)
    for variabele in BESLUIT:
        assert simulatie.calculate(variabele, PERIODE).shape == (1,)


@pytest.mark.parametrize(("naam", "pad"), VOORSTELLEN.items())
def test_openfisca_serve_loads_each_reform(naam, pad):
    """What `openfisca serve -c openfisca_arbeidsmigratie -r openfisca_arbeidsmigratie.reforms.<pad>` builds."""
    client = create_app(_klasse(pad)(baseline_system())).test_client()
    assert client.get("/spec").status_code == 200
    situatie = {
        "personen": {
            "a": {
                "nationaliteit": {"ETERNITY": "MA"},
                "bruto_maandloon": {PERIODE: 2600.0},
                "toegelaten": {PERIODE: None},
            }
        }
    }
    antwoord = client.post("/calculate", json=situatie)
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    assert antwoord.get_json()["personen"]["a"]["toegelaten"][PERIODE] in (True, False)


def test_only_the_bandwidth_needs_the_whole_population():
    heel = {naam for naam in VOORSTELLEN if reform_class(naam).requires_whole_population}
    assert heel == {"bandbreedte", "bandbreedte_saldo"}


def test_reforms_combine_in_either_order():
    for spec in (
        "brede_welvaartstoets+vijfjarige_vergunning",
        "vijfjarige_vergunning+brede_welvaartstoets",
    ):
        situatie = {"personen": {"a": copy.deepcopy(ZORGASSISTENT)}}
        simulatie = SimulationBuilder().build_from_entities(build_regime(spec), situatie)
        assert (
            simulatie.calculate("toelatingsroute", PERIODE).decode()[0]
            == Toelatingsroute.puntentoets
        )
        assert simulatie.calculate("verblijfsvergunning_geldigheidsduur_maanden", PERIODE)[0] == 60


# --- parameter files ------------------------------------------------------------------


def _bestand(tmp_path, tekst: str) -> str:
    pad = tmp_path / "parameters.yaml"
    pad.write_text(tekst, encoding="utf-8")
    return str(pad)


def test_a_parameter_file_moves_a_start_date_and_a_threshold(tmp_path):
    pad = _bestand(
        tmp_path,
        "parameters:\n"
        "  voorstellen.brede_welvaartstoets.van_toepassing: {2025-01-01: true}\n"
        "  voorstellen.brede_welvaartstoets.toelatingsdrempel: 40\n",
    )
    system = build_regime(f"brede_welvaartstoets@{pad}")
    p = system.parameters("2025-06").voorstellen.brede_welvaartstoets
    assert p.van_toepassing is True
    assert p.toelatingsdrempel == 40
    assert (
        baseline_system().parameters("2025-06").voorstellen.brede_welvaartstoets.toelatingsdrempel
        == 25
    )


def test_a_parameter_file_is_applied_before_the_reforms(tmp_path):
    pad = _bestand(
        tmp_path,
        "parameters:\n  voorstellen.geen_wijziging_2022.maximale_geldigheidsduur_na_volledige_arbeidsmarkttoets: 18\n",
    )
    wav = build_regime(f"geen_wijziging_2022@{pad}").parameters("2023-01").wav
    assert wav.twv_maximale_geldigheidsduur.na_volledige_arbeidsmarkttoets == 18


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        (
            "parameters:\n  voorstellen.brede_welvaartstoets.stap_1.drempl: 3\n",
            "no parameter 'drempl' under voorstellen.brede_welvaartstoets.stap_1; children there: beroep, drempel",
        ),
        (
            "parameters:\n  voorstellen.brede_welvaartstoets.stap_1: 3\n",
            "stap_1: is a group of parameters",
        ),
        (
            "parameters:\n  voorstellen.bandbreedte.jaarplafond: veel\n",
            "value 'veel' is not a number",
        ),
        (
            "parameters:\n  voorstellen.bandbreedte.jaarplafond: {1 januari 2026: 3}\n",
            "'1 januari 2026' is not a date",
        ),
        ("puntentabellen: {}\n", "unknown key(s) puntentabellen; allowed: parameters, puntentabel"),
        ("- a\n", "expected a mapping"),
    ],
)
def test_an_invalid_parameter_file_is_rejected_with_the_entry_named(tmp_path, tekst, melding):
    pad = _bestand(tmp_path, tekst)
    with pytest.raises(ParameterFileError) as fout:
        build_regime(f"{BASELINE}@{pad}")
    assert melding in str(fout.value)
    assert str(pad) in str(fout.value)


# --- the bandwidth on a population ----------------------------------------------------


@pytest.mark.parametrize(
    "spec", ["brede_welvaartstoets+bandbreedte", "bandbreedte+brede_welvaartstoets"]
)
def test_the_bandwidth_ranks_a_population_and_never_exceeds_the_cap(spec):
    system = build_regime(spec)
    n = 2000
    rng = np.random.default_rng(7)
    simulatie = SimulationBuilder().build_default_simulation(system, n)
    sectoren = rng.integers(0, 21, n).astype(np.int16)
    loon = rng.uniform(2600, 9000, n).astype(np.float32)
    gewicht = rng.uniform(5, 40, n).astype(np.float32)
    simulatie.set_input("nationaliteit", "ETERNITY", np.array(["IN"] * n))
    simulatie.set_input("sector_sbi", PERIODE, sectoren)
    simulatie.set_input("beroep_isco08", PERIODE, rng.choice(["1", "2", "5", "7", "9"], n))
    simulatie.set_input("bruto_maandloon", PERIODE, loon)
    simulatie.set_input("gewicht", "ETERNITY", gewicht)
    plafond = system.parameters(PERIODE).voorstellen.bandbreedte.jaarplafond

    toegelaten = simulatie.calculate("toegelaten", PERIODE)
    in_aanmerking = simulatie.calculate("bandbreedte_in_aanmerking", PERIODE)
    punten = simulatie.calculate("puntentoets_punten_totaal", PERIODE)
    marginaal = simulatie.calculate("bandbreedte_marginale_score", PERIODE)[0]

    binnen = in_aanmerking & toegelaten
    assert in_aanmerking.sum() > binnen.sum() > 0, "the cap must bind in this population"
    assert gewicht[binnen].sum() <= plafond < gewicht[in_aanmerking].sum()
    assert punten[binnen].min() == marginaal >= punten[in_aanmerking & ~toegelaten].max()
    weigering = simulatie.calculate("weigeringsgrond", PERIODE).decode_to_str()
    assert set(weigering[in_aanmerking & ~toegelaten]) == {"bandbreedte_bereikt"}


@pytest.mark.parametrize("naam", list(VOORSTELLEN))
def test_every_reform_declares_the_path_of_its_own_parameters(naam):
    path = reform_class(naam).parameter_path
    assert path.startswith("voorstellen.")
    node = parameter_at(baseline_system().parameters, path)
    assert node.get_descendants()  # a folder of parameters that exists
    switches = [p.name for p in node.get_descendants() if p.name.endswith(".van_toepassing")]
    assert switches, f"{path} has no van_toepassing switch"


# --- the regime specification ------------------------------------------------------------


def test_a_spec_parses_into_reforms_file_and_label_and_prints_back():
    spec = parse_spec("brede_welvaartstoets+bandbreedte@mijn/scores.yaml")
    assert spec.reforms == ("brede_welvaartstoets", "bandbreedte")
    assert spec.parameter_file == "mijn/scores.yaml"
    assert spec.label == "brede_welvaartstoets+bandbreedte@scores"
    assert parse_spec(str(spec)) == spec
    assert parse_spec(BASELINE).is_baseline and parse_spec(BASELINE).label == BASELINE


def test_inline_overrides_are_part_of_the_spec_and_its_label():
    overrides = {"parameters": {"voorstellen.brede_welvaartstoets.toelatingsdrempel": 20}}
    spec = parse_spec("brede_welvaartstoets").with_overrides(overrides, "regimes[0]")
    assert spec.label == f"brede_welvaartstoets@inline-{spec.overrides_hash[:8]}"
    assert str(spec) == f"brede_welvaartstoets@inline:sha256:{spec.overrides_hash}"
    system = spec.build()
    assert system.parameters("2026-01").voorstellen.brede_welvaartstoets.toelatingsdrempel == 20
    assert baseline_system().parameters("2026-01").voorstellen.brede_welvaartstoets.toelatingsdrempel == 25


def test_each_regime_is_built_once_per_process():
    assert build_regime("brede_welvaartstoets+vijfjarige_vergunning") is build_regime(
        "brede_welvaartstoets+vijfjarige_vergunning"
    )
    assert build_regime("brede_welvaartstoets") is not build_regime("vijfjarige_vergunning")
