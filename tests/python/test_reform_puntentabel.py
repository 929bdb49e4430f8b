"""A user's score table for the brede welvaartstoets: it replaces the defaults, and bad tables are refused."""

from __future__ import annotations

import copy
import pathlib

import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie.enums import Weigeringsgrond
from openfisca_arbeidsmigratie.puntentabel import PuntentabelError, lees_puntentabel
from openfisca_arbeidsmigratie.reforms import build_regime

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "docs" / "examples" / "puntentabellen"
VOORBEELD = FIXTURES / "voorbeeld.yaml"
ZORG_NIET_VITAAL = FIXTURES / "zorg_niet_vitaal.yaml"
PERIODE = "2026-01"

ZORGASSISTENT = {
    "nationaliteit": {"ETERNITY": "PH"},
    "sector_sbi": {PERIODE: "Q"},
    "beroep_isco08": {PERIODE: "5321"},
    "bruto_maandloon": {PERIODE: 2600.0},
    "arbeidsuren_per_week": {PERIODE: 36.0},
    "taalniveau_nederlands": {PERIODE: "intentie"},
    "prioriteitgenietend_aanbod_beschikbaar": {PERIODE: True},
}


def _bereken(spec: str, *variabelen: str):
    simulatie = SimulationBuilder().build_from_entities(
        build_regime(spec), {"personen": {"a": copy.deepcopy(ZORGASSISTENT)}}
    )
    return [simulatie.calculate(v, PERIODE)[0] for v in variabelen]


def test_the_example_table_reproduces_the_defaults_and_refines_an_occupation():
    standaard = _bereken("brede_welvaartstoets", "puntentoets_punten_samenleving")
    eigen = _bereken(f"brede_welvaartstoets@{VOORBEELD}", "puntentoets_punten_samenleving")
    assert standaard == [14]  # Q 10 + ISCO major group 5: 4
    assert eigen == [18]  # Q 10 + ISCO 5321 (health care assistants): 8, the longest listed prefix


def test_a_custom_score_table_changes_the_outcome():
    assert _bereken("brede_welvaartstoets", "toegelaten", "puntentoets_punten_stap_1") == [True, 28]
    toegelaten, stap_1, grond = _bereken(
        f"brede_welvaartstoets@{ZORG_NIET_VITAAL}",
        "toegelaten",
        "puntentoets_punten_stap_1",
        "weigeringsgrond",
    )
    assert (toegelaten, stap_1) == (False, 20)  # 20 is not above the step-1 threshold of 20
    assert grond == Weigeringsgrond.puntentoets_stap_1.index


def test_the_points_under_current_law_use_the_custom_table_too():
    assert _bereken(
        f"huidig_recht@{ZORG_NIET_VITAAL}", "puntentoets_punten_stap_1", "toegelaten"
    ) == [20, False]


def _tabel() -> dict:
    return yaml.safe_load(VOORBEELD.read_text(encoding="utf-8"))


def _zonder(d: dict, sleutel):
    d.pop(sleutel)
    return d


MUTATIES = {
    "unknown sector letter": (
        lambda t: t["sectoren"].update(X={"economie": 1, "ecologie": 1, "samenleving": 1}),
        "sectoren.X: unknown SBI section 'X'; allowed: A, B, C",
    ),
    "missing dimension": (
        lambda t: t["sectoren"]["F"].pop("ecologie"),
        "sectoren.F: missing dimension(s) ecologie; required: economie, ecologie, samenleving",
    ),
    "unknown dimension": (
        lambda t: t["sectoren"]["F"].update(welzijn=3),
        "sectoren.F: unknown dimension(s) welzijn",
    ),
    "non-numeric score": (
        lambda t: t["sectoren"]["Q"].update(samenleving="hoog"),
        "sectoren.Q.samenleving: score 'hoog' is not a number",
    ),
    "boolean score": (
        lambda t: t["sectoren"]["Q"].update(samenleving=True),
        "sectoren.Q.samenleving: score True is not a number",
    ),
    "out of range": (
        lambda t: t["beroepen"]["2"].update(economie=12),
        "beroepen.2.economie: score 12 is outside the allowed range -10 to 10",
    ),
    "missing sector": (
        lambda t: _zonder(t["sectoren"], "T"),
        "sectoren: missing SBI section(s) T; the table must score all of A-U",
    ),
    "bad ISCO code": (
        lambda t: t["beroepen"].update({"25x": {"economie": 1, "ecologie": 0, "samenleving": 1}}),
        "beroepen.25x: not an ISCO-08 code",
    ),
    "missing major group": (
        lambda t: _zonder(t["beroepen"], "9"),
        "beroepen: missing ISCO-08 major group(s) 9",
    ),
    "scores not a mapping": (
        lambda t: t["sectoren"].update(A=[1, 2, 3]),
        "sectoren.A: expected a mapping of the dimensions",
    ),
    "unknown key": (lambda t: t.update(drempel=20), "puntentabel: unknown key(s) drempel"),
    "no sectors": (lambda t: _zonder(t, "sectoren"), "puntentabel: missing 'sectoren'"),
}


@pytest.mark.parametrize("geval", MUTATIES)
def test_an_invalid_score_table_is_rejected_with_a_message_naming_the_entry(tmp_path, geval):
    inhoud = _tabel()
    mutatie, melding = MUTATIES[geval]
    mutatie(inhoud["puntentabel"])
    pad = tmp_path / "mijn_scores.yaml"
    pad.write_text(yaml.safe_dump(inhoud, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PuntentabelError) as fout:
        build_regime(f"brede_welvaartstoets@{pad}")
    assert melding in str(fout.value)
    assert str(pad) in str(fout.value)


def test_a_file_that_is_not_yaml_is_rejected(tmp_path):
    pad = tmp_path / "kapot.yaml"
    pad.write_text("puntentabel: [\n", encoding="utf-8")
    with pytest.raises(PuntentabelError, match="cannot read the score table"):
        lees_puntentabel(pad)
