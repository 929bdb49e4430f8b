"""Explanations: the bitmask contract, the deciding difference, refusal counts, the distance to
admission and the `arbeidsmigratie explain` command."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pyarrow as pa
import pytest

from openfisca_arbeidsmigratie.cli import main
from openfisca_arbeidsmigratie.enums import Toelatingsroute as R
from openfisca_arbeidsmigratie.enums import Weigeringsgrond as G
from openfisca_arbeidsmigratie.explain import eisen
from openfisca_arbeidsmigratie.explain.afstand import (
    afstand_tot_toelating,
    populatie_bouwer,
    puntentoets_opties,
    situatie_bouwer,
)
from openfisca_arbeidsmigratie.explain.telling import (
    combine_refusal_counts,
    explanation_table,
    refusal_counts,
)
from openfisca_arbeidsmigratie.explain.uitleg import leg_uit
from openfisca_arbeidsmigratie.explain.verschil import (
    ANDERE_GROND,
    ANDERE_ROUTE,
    GEEN,
    NAAR_GEWEIGERD,
    NAAR_TOEGELATEN,
    Besluit,
    beslissende_voorwaarde,
)
from openfisca_arbeidsmigratie.reforms import baseline_system, build_regime

PERIODE = "2026-01"
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
KENNISMIGRANT_30_PLUS_2026 = 5942.0


def _situatie(loon, **extra):
    persoon = {"geboortedatum": "1980-01-01", "nationaliteit": "IN", "bruto_maandloon": loon, "prioriteitgenietend_aanbod_beschikbaar": True}
    return {"personen": {"a": {**persoon, **extra}}, "werkgevers": {"w": {"werknemers": ["a"], "erkend_referent": True}}}


# ---- the bitmask contract ------------------------------------------------------------------------


def test_every_refusal_ground_fits_in_the_int32_bitmask():
    assert len(G) <= eisen.MAX_BITS, "Weigeringsgrond outgrew afwijzingsgronden (int32): widen the mask first"


def test_every_refusal_ground_has_its_niet_voldaan_variable():
    variabelen = baseline_system().variables
    ontbrekend = [lid.name for lid in G if lid is not G.geen and f"niet_voldaan_{lid.name}" not in variabelen]
    assert not ontbrekend


def test_every_requirement_names_a_route_with_a_route_variable_and_an_existing_condition():
    variabelen = baseline_system().variables
    for eis in eisen.EISEN:
        assert eis.route in eisen.ROUTE_VARIABELEN
        assert eis.variabele in variabelen, eis


def test_decode_and_count_bits():
    masker = eisen.bit(G.wav_8_1_a_prioriteitgenietend_aanbod) | eisen.bit("kennismigrant_looncriterium")
    assert eisen.decodeer([masker, 0]) == [["wav_8_1_a_prioriteitgenietend_aanbod", "kennismigrant_looncriterium"], []]
    assert eisen.aantal([masker, 0]).tolist() == [2, 0]


# ---- the deciding difference ---------------------------------------------------------------------


def _besluit(*rijen):
    """Rows of (admitted, route, ground, mask or None)."""
    toegelaten, route, grond, masker = zip(*rijen, strict=True)
    masker = [m if m is not None else (0 if t else 1 << g.index) for t, g, m in zip(toegelaten, grond, masker, strict=True)]
    return Besluit(np.array(toegelaten), [r.index for r in route], [g.index for g in grond], masker)


def test_deciding_condition_for_each_kind_of_difference():
    km_loon = eisen.bit(G.kennismigrant_looncriterium)
    a = _besluit(
        (True, R.kennismigrant, G.geen, None),  # tightened criterion refuses
        (True, R.twv_gvva, G.geen, None),  # points test refuses on step 1
        (False, R.geweigerd, G.wav_8_1_a_prioriteitgenietend_aanbod, eisen.bit(G.wav_8_1_a_prioriteitgenietend_aanbod) | km_loon),
        (False, R.geweigerd, G.wav_8_1_a_prioriteitgenietend_aanbod, None),  # points test admits
        (True, R.kennismigrant, G.geen, None),
        (False, R.geweigerd, G.wav_8_1_b_vacature_niet_tijdig_gemeld, None),
        (True, R.twv_gvva, G.geen, None),
    )
    b = _besluit(
        (False, R.geweigerd, G.kennismigrant_looncriterium, km_loon | eisen.bit(G.wav_8_1_a_prioriteitgenietend_aanbod)),
        (False, R.geweigerd, G.puntentoets_stap_1, None),
        (True, R.kennismigrant, G.geen, None),  # a lower criterion admits: the km wage decided
        (True, R.puntentoets, G.geen, None),
        (True, R.twv_gvva, G.geen, None),
        (False, R.geweigerd, G.puntentoets_totaal, None),
        (True, R.twv_gvva, G.geen, None),
    )
    uit = beslissende_voorwaarde(a, b)
    assert uit["verschil"].tolist() == [NAAR_GEWEIGERD, NAAR_GEWEIGERD, NAAR_TOEGELATEN, NAAR_TOEGELATEN, ANDERE_ROUTE, ANDERE_GROND, GEEN]
    assert [list(G)[g].name for g in uit["beslissende_grond"]] == [
        "kennismigrant_looncriterium",
        "puntentoets_stap_1",
        "kennismigrant_looncriterium",
        "wav_8_1_a_prioriteitgenietend_aanbod",
        "geen",
        "puntentoets_totaal",
        "geen",
    ]


def _tabel():
    """A comparison table in the engine's layout (dictionary Enum columns), three applicants."""
    namen_g = pa.array([m.name for m in G])
    namen_r = pa.array([m.name for m in R])

    def enum(waarden, namen, soort):
        return pa.DictionaryArray.from_arrays(pa.array([soort[w].index for w in waarden], pa.int16()), namen)

    return pa.table(
        {
            "persoon_id": ["p1", "p2", "p3"],
            "gewicht": pa.array([10.0, 5.0, 1.0], pa.float32()),
            "huidig_recht.toegelaten": [True, False, False],
            "huidig_recht.toelatingsroute": enum(["twv_gvva", "geweigerd", "geweigerd"], namen_r, R),
            "huidig_recht.weigeringsgrond": enum(["geen", "wav_8_1_a_prioriteitgenietend_aanbod", "wav_8_1_a_prioriteitgenietend_aanbod"], namen_g, G),
            "huidig_recht.afwijzingsgronden": [0, 2 | 4096, 2],
            "punten.toegelaten": [False, False, True],
            "punten.toelatingsroute": enum(["geweigerd", "geweigerd", "puntentoets"], namen_r, R),
            "punten.weigeringsgrond": enum(["puntentoets_stap_1", "puntentoets_totaal", "geen"], namen_g, G),
        }
    )


def test_refusal_counts_weigh_the_deciding_ground_and_every_failed_requirement():
    rijen = refusal_counts(_tabel())
    beslissend = {(r["regime"], r["weigeringsgrond"]): r for r in rijen if r["soort"] == "beslissend"}
    assert beslissend["huidig_recht", "wav_8_1_a_prioriteitgenietend_aanbod"]["gewogen_aantal"] == 6.0
    assert beslissend["huidig_recht", "wav_8_1_a_prioriteitgenietend_aanbod"]["url"].startswith("https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8")
    assert beslissend["punten", "puntentoets_stap_1"]["gewogen_aantal"] == 10.0
    assert beslissend["punten", "puntentoets_totaal"]["aandeel_van_geweigerden"] == pytest.approx(5 / 15)
    niet_voldaan = {r["weigeringsgrond"]: r["gewogen_aantal"] for r in rijen if r["soort"] == "niet_voldaan"}
    assert niet_voldaan == {"wav_8_1_a_prioriteitgenietend_aanbod": 6.0, "kennismigrant_looncriterium": 5.0}
    assert not [r for r in rijen if r["regime"] == "punten" and r["soort"] == "niet_voldaan"]  # no mask column


def test_refusal_counts_of_chunks_add_up_to_the_whole():
    tabel = _tabel()
    delen = [refusal_counts(tabel.slice(0, 2)), refusal_counts(tabel.slice(2))]
    samen = {(r["regime"], r["soort"], r["weigeringsgrond"]): r["gewogen_aantal"] for r in combine_refusal_counts(delen)}
    geheel = {(r["regime"], r["soort"], r["weigeringsgrond"]): r["gewogen_aantal"] for r in refusal_counts(tabel)}
    assert samen == geheel


def test_explanation_table_names_the_deciding_condition_per_applicant():
    uitleg = explanation_table(_tabel())
    assert uitleg["punten.verschil"].to_pylist() == ["toegelaten_naar_geweigerd", "andere_weigeringsgrond", "geweigerd_naar_toegelaten"]
    assert uitleg["punten.beslissende_grond"].to_pylist() == ["puntentoets_stap_1", "puntentoets_totaal", "wav_8_1_a_prioriteitgenietend_aanbod"]
    assert "Kamerstuk 29861 nr. 153" in uitleg["punten.uitleg"][0].as_py()
    with pytest.raises(ValueError, match="Reference regime 'nope'"):
        explanation_table(_tabel(), reference="nope")


def test_unknown_enum_value_in_a_table_is_a_clear_error():
    tabel = _tabel().set_column(4, "huidig_recht.weigeringsgrond", pa.array(["geen", "verzonnen", "geen"]))
    with pytest.raises(ValueError, match="verzonnen"):
        refusal_counts(tabel)


# ---- distance to admission ----------------------------------------------------------------------


@pytest.mark.parametrize(("loon", "verhoging"), [(4000.0, KENNISMIGRANT_30_PLUS_2026 - 4000.0), (5941.99, 0.01), (KENNISMIGRANT_30_PLUS_2026, 0.0)])
def test_smallest_admitting_wage_is_the_salary_criterion(loon, verhoging):
    afstand = afstand_tot_toelating(baseline_system(), situatie_bouwer(_situatie(loon), PERIODE), PERIODE)
    assert afstand["toelatingsloon"][0] == pytest.approx(KENNISMIGRANT_30_PLUS_2026)
    assert afstand["loonverhoging"][0] == pytest.approx(verhoging, abs=1e-6)
    assert afstand["route"][0] == R.kennismigrant.index


def test_no_wage_cures_a_refusal_on_priority_supply_without_a_sponsor():
    situatie = _situatie(3000.0)
    situatie["werkgevers"]["w"]["erkend_referent"] = False
    situatie["personen"]["a"]["hoger_onderwijs_diploma"] = False
    afstand = afstand_tot_toelating(baseline_system(), situatie_bouwer(situatie, PERIODE), PERIODE)
    assert np.isnan(afstand["toelatingsloon"][0]) and afstand["route"][0] == -1


def test_points_test_wage_found_to_the_cent_and_newcomer_options():
    """Step-1 wage points have their own steps: the bisection finds the cent where the total reaches 25."""
    situatie = {"personen": {"a": {"geboortedatum": "1990-01-01", "nationaliteit": "IN", "bruto_maandloon": 2500, "concreet_werkaanbod": True, "sector_sbi": "C", "beroep_isco08": "7212"}}}
    systeem = build_regime("brede_welvaartstoets")
    bouw = situatie_bouwer(situatie, PERIODE)
    gevonden = afstand_tot_toelating(systeem, bouw, PERIODE)["toelatingsloon"][0]
    for loon, toegelaten in ((gevonden - 0.01, False), (gevonden, True)):
        simulatie = bouw(systeem, {"bruto_maandloon": np.array([loon], np.float32)})
        assert bool(simulatie.calculate("toegelaten", PERIODE)[0]) is toegelaten
    opties = {(o["variabele"], o["waarde"]): o for o in puntentoets_opties(systeem, bouw, PERIODE)}
    b1 = opties["taalniveau_nederlands", "B1_of_hoger"]
    assert b1["extra_punten"][0] > 0 and bool(b1["toegelaten"][0])


def test_distance_over_a_population_with_the_engine_builder():
    from openfisca_arbeidsmigratie.microsimulation.engine import parse_month  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import derive_schema, load_population  # noqa: PLC0415

    populatie = load_population(FIXTURES / "tien_personen.csv", derive_schema(baseline_system()))
    rijen = np.zeros(populatie.count, bool)
    rijen[populatie.applicant_rows()] = True
    afstand = afstand_tot_toelating(baseline_system(), populatie_bouwer(populatie, parse_month(PERIODE)), PERIODE, rijen)
    toegelaten = np.isfinite(afstand["loonverhoging"]) & (afstand["loonverhoging"] == 0)
    assert np.all(np.isnan(afstand["loonverhoging"][~rijen]))
    assert np.all(afstand["loonverhoging"][rijen & ~np.isnan(afstand["loonverhoging"])] >= 0)
    assert toegelaten.any()


# ---- explain (one situation) -------------------------------------------------------------------


def test_explanation_of_one_situation_under_two_regimes():
    uitleg = leg_uit(_situatie(4500.0), PERIODE, ["aanscherping_kennismigranten"])
    huidig = uitleg["regimes"][0]["persons"]["a"]
    assert huidig["weigeringsgrond"]["weigeringsgrond"] == "kennismigrant_looncriterium"
    assert {e["weigeringsgrond"] for e in huidig["failed_requirements"]} >= {"wav_8_1_a_prioriteitgenietend_aanbod", "kennismigrant_looncriterium"}
    assert huidig["distance_to_admission"]["toelatingsloon"] == pytest.approx(KENNISMIGRANT_30_PLUS_2026)
    assert uitleg["differences"][0]["difference"] == "geen"


def test_explain_command_text_json_and_bad_input(tmp_path, capsys):
    pad = tmp_path / "situatie.yaml"
    pad.write_text("nationaliteit: IN\ngeboortedatum: 1980-01-01\nbruto_maandloon: 2000\nprioriteitgenietend_aanbod_beschikbaar: true\n")
    assert main(["explain", str(pad), "--period", PERIODE]) == 0
    tekst = capsys.readouterr().out
    assert "REFUSED" in tekst and "art. 8 lid 1 onder a" in tekst and "jci1.3:c:BWBR0007149" in tekst
    assert main(["explain", str(pad), "--format", "json", "--reform", "brede_welvaartstoets"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["regime"] for r in data["regimes"]] == ["huidig_recht", "brede_welvaartstoets"]
    assert main(["explain", str(pad), "--reform", "bestaat_niet"]) == 2
    assert "bestaat_niet" in capsys.readouterr().err
    onbekend = tmp_path / "fout.yaml"
    onbekend.write_text("personen: {a: {geen_variabele: 1}}\n")
    assert main(["explain", str(onbekend)]) == 2
    assert "geen_variabele" in capsys.readouterr().err
