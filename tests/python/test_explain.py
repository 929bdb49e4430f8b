"""Explanations: failed requirements as lists, the deciding difference, refusal counts, the distance to
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
from openfisca_arbeidsmigratie.explain.counts import (
    combine_refusal_counts,
    explanation_table,
    refusal_counts,
    refusal_rows,
)
from openfisca_arbeidsmigratie.explain.differences import (
    OTHER_GROUND,
    OTHER_ROUTE,
    SAME,
    TO_ADMITTED,
    TO_REFUSED,
    Decision,
    deciding_condition,
)
from openfisca_arbeidsmigratie.explain.distance import (
    distance_to_admission,
    population_builder,
    puntentoets_options,
    situation_builder,
)
from openfisca_arbeidsmigratie.explain.explanation import explain
from openfisca_arbeidsmigratie.explain.requirements import (
    NAMES,
    FailedRows,
    deciding_only,
    from_list_column,
    names,
    to_list_array,
)
from openfisca_arbeidsmigratie.reforms import baseline_system, build_regime

PERIODE = "2026-01"
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
KENNISMIGRANT_30_PLUS_2026 = 5942.0


def _situatie(loon, **extra):
    persoon = {"geboortedatum": "1980-01-01", "nationaliteit": "IN", "bruto_maandloon": loon, "prioriteitgenietend_aanbod_beschikbaar": True}
    return {"personen": {"a": {**persoon, **extra}}, "werkgevers": {"w": {"werknemers": ["a"], "erkend_referent": True}}}


# ---- failed requirements as lists -------------------------------------------------------------


def test_failed_lists_round_trip_in_deciding_order_with_no_width_limit():
    matrix = np.zeros((3, len(NAMES)), dtype=bool)
    matrix[0, NAMES.index("kennismigrant_looncriterium")] = True
    matrix[0, NAMES.index("wav_8_1_a_prioriteitgenietend_aanbod")] = True
    matrix[2, :] = True  # every requirement at once
    lists = names(matrix)
    assert lists[0] == ["wav_8_1_a_prioriteitgenietend_aanbod", "kennismigrant_looncriterium"]
    assert lists[1] == []
    assert lists[2] == NAMES
    assert np.array_equal(from_list_column(to_list_array(matrix)), matrix)
    with pytest.raises(ValueError, match="verzonnen"):
        from_list_column([["verzonnen"]])


def test_a_decision_without_a_failed_list_carries_only_its_deciding_ground():
    matrix = deciding_only(np.array([False, True]), np.array([G.geen.index, G.wav_9_1_d.index]))
    assert names(matrix) == [[], ["wav_9_1_d"]]


# ---- the deciding difference ---------------------------------------------------------------------


def _besluit(*rijen):
    """Rows of (admitted, route, ground, failed requirements (member names) or None)."""
    toegelaten, route, grond, lijsten = zip(*rijen, strict=True)
    lijsten = [lijst if lijst is not None else ([] if t else [g.name]) for t, g, lijst in zip(toegelaten, grond, lijsten, strict=True)]
    return Decision(np.array(toegelaten), [r.index for r in route], [g.index for g in grond], from_list_column(lijsten))


def test_deciding_condition_for_each_kind_of_difference():
    km_loon = ["kennismigrant_looncriterium"]
    a = _besluit(
        (True, R.kennismigrant, G.geen, None),  # tightened criterion refuses
        (True, R.twv_gvva, G.geen, None),  # points test refuses on step 1
        (False, R.geweigerd, G.wav_8_1_a_prioriteitgenietend_aanbod, ["wav_8_1_a_prioriteitgenietend_aanbod", *km_loon]),
        (False, R.geweigerd, G.wav_8_1_a_prioriteitgenietend_aanbod, None),  # points test admits
        (True, R.kennismigrant, G.geen, None),
        (False, R.geweigerd, G.wav_8_1_b_vacature_niet_tijdig_gemeld, None),
        (True, R.twv_gvva, G.geen, None),
    )
    b = _besluit(
        (False, R.geweigerd, G.kennismigrant_looncriterium, ["wav_8_1_a_prioriteitgenietend_aanbod", *km_loon]),
        (False, R.geweigerd, G.puntentoets_stap_1, None),
        (True, R.kennismigrant, G.geen, None),  # a lower criterion admits: the km wage decided
        (True, R.puntentoets, G.geen, None),
        (True, R.twv_gvva, G.geen, None),
        (False, R.geweigerd, G.puntentoets_totaal, None),
        (True, R.twv_gvva, G.geen, None),
    )
    uit = deciding_condition(a, b)
    assert uit["verschil"].tolist() == [TO_REFUSED, TO_REFUSED, TO_ADMITTED, TO_ADMITTED, OTHER_ROUTE, OTHER_GROUND, SAME]
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
            "huidig_recht.niet_voldaan": pa.array(
                [[], ["wav_8_1_a_prioriteitgenietend_aanbod", "kennismigrant_looncriterium"], ["wav_8_1_a_prioriteitgenietend_aanbod"]],
                pa.list_(pa.string()),
            ),
            "punten.toegelaten": [False, False, True],
            "punten.toelatingsroute": enum(["geweigerd", "geweigerd", "puntentoets"], namen_r, R),
            "punten.weigeringsgrond": enum(["puntentoets_stap_1", "puntentoets_totaal", "geen"], namen_g, G),
        }
    )


def test_refusal_counts_weigh_the_deciding_ground_and_every_failed_requirement():
    rijen = refusal_counts(_tabel())
    beslissend = {(r["regime"], r["weigeringsgrond"]): r for r in rijen if r["kind"] == "deciding"}
    assert beslissend["huidig_recht", "wav_8_1_a_prioriteitgenietend_aanbod"]["weighted_count"] == 6.0
    assert beslissend["huidig_recht", "wav_8_1_a_prioriteitgenietend_aanbod"]["url"].startswith("https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8")
    assert beslissend["punten", "puntentoets_stap_1"]["weighted_count"] == 10.0
    assert beslissend["punten", "puntentoets_totaal"]["share_of_refused"] == pytest.approx(5 / 15)
    niet_voldaan = {r["weigeringsgrond"]: r["weighted_count"] for r in rijen if r["kind"] == "failed_requirement"}
    assert niet_voldaan == {"wav_8_1_a_prioriteitgenietend_aanbod": 6.0, "kennismigrant_looncriterium": 5.0}
    assert not [r for r in rijen if r["regime"] == "punten" and r["kind"] == "failed_requirement"]  # no failed-requirements column


def test_refusal_counts_of_chunks_add_up_to_the_whole():
    tabel = _tabel()
    delen = [refusal_counts(tabel.slice(0, 2)), refusal_counts(tabel.slice(2))]
    samen = {(r["regime"], r["kind"], r["weigeringsgrond"]): r["weighted_count"] for r in combine_refusal_counts(delen)}
    geheel = {(r["regime"], r["kind"], r["weigeringsgrond"]): r["weighted_count"] for r in refusal_counts(tabel)}
    assert samen == geheel


def test_explanation_table_names_the_deciding_condition_per_applicant():
    uitleg = explanation_table(_tabel())
    assert uitleg["punten.difference"].to_pylist() == ["toegelaten_naar_geweigerd", "andere_weigeringsgrond", "geweigerd_naar_toegelaten"]
    assert uitleg["punten.deciding_ground"].to_pylist() == ["puntentoets_stap_1", "puntentoets_totaal", "wav_8_1_a_prioriteitgenietend_aanbod"]
    assert "Kamerstuk 29861 nr. 153" in uitleg["punten.explanation"][0].as_py()
    with pytest.raises(ValueError, match="Reference regime 'nope'"):
        explanation_table(_tabel(), reference="nope")


def test_unknown_enum_value_in_a_table_is_a_clear_error():
    tabel = _tabel().set_column(4, "huidig_recht.weigeringsgrond", pa.array(["geen", "verzonnen", "geen"]))
    with pytest.raises(ValueError, match="verzonnen"):
        refusal_counts(tabel)


# ---- distance to admission ----------------------------------------------------------------------


@pytest.mark.parametrize(("loon", "verhoging"), [(4000.0, KENNISMIGRANT_30_PLUS_2026 - 4000.0), (5941.99, 0.01), (KENNISMIGRANT_30_PLUS_2026, 0.0)])
def test_smallest_admitting_wage_is_the_salary_criterion(loon, verhoging):
    afstand = distance_to_admission(baseline_system(), situation_builder(_situatie(loon), PERIODE), PERIODE)
    assert afstand["admitting_wage"][0] == pytest.approx(KENNISMIGRANT_30_PLUS_2026)
    assert afstand["wage_increase"][0] == pytest.approx(verhoging, abs=1e-6)
    assert afstand["route"][0] == R.kennismigrant.index


def test_no_wage_cures_a_refusal_on_priority_supply_without_a_sponsor():
    situatie = _situatie(3000.0)
    situatie["werkgevers"]["w"]["erkend_referent"] = False
    situatie["personen"]["a"]["hoger_onderwijs_diploma"] = False
    afstand = distance_to_admission(baseline_system(), situation_builder(situatie, PERIODE), PERIODE)
    assert np.isnan(afstand["admitting_wage"][0]) and afstand["route"][0] == -1


def test_points_test_wage_found_to_the_cent_and_newcomer_options():
    """Step-1 wage points have their own steps: the bisection finds the cent where the total reaches 25."""
    situatie = {"personen": {"a": {"geboortedatum": "1990-01-01", "nationaliteit": "IN", "bruto_maandloon": 2500, "concreet_werkaanbod": True, "sector_sbi": "C", "beroep_isco08": "7212"}}}
    systeem = build_regime("brede_welvaartstoets")
    bouw = situation_builder(situatie, PERIODE)
    gevonden = distance_to_admission(systeem, bouw, PERIODE)["admitting_wage"][0]
    for loon, toegelaten in ((gevonden - 0.01, False), (gevonden, True)):
        simulatie = bouw(systeem, {"bruto_maandloon": np.array([loon], np.float32)})
        assert bool(simulatie.calculate("toegelaten", PERIODE)[0]) is toegelaten
    opties = {(o["variable"], o["value"]): o for o in puntentoets_options(systeem, bouw, PERIODE)}
    b1 = opties["taalniveau_nederlands", "B1_of_hoger"]
    assert b1["extra_points"][0] > 0 and bool(b1["admitted"][0])


def test_distance_over_a_population_with_the_engine_builder():
    from openfisca_arbeidsmigratie.microsimulation.engine import parse_month  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import derive_schema, load_population  # noqa: PLC0415

    populatie = load_population(FIXTURES / "tien_personen.csv", derive_schema(baseline_system()))
    rijen = np.zeros(populatie.count, bool)
    rijen[populatie.applicant_rows()] = True
    afstand = distance_to_admission(baseline_system(), population_builder(populatie, parse_month(PERIODE)), PERIODE, rijen)
    toegelaten = np.isfinite(afstand["wage_increase"]) & (afstand["wage_increase"] == 0)
    assert np.all(np.isnan(afstand["wage_increase"][~rijen]))
    assert np.all(afstand["wage_increase"][rijen & ~np.isnan(afstand["wage_increase"])] >= 0)
    assert toegelaten.any()


# ---- explain (one situation) -------------------------------------------------------------------


def test_explanation_of_one_situation_under_two_regimes():
    uitleg = explain(_situatie(4500.0), PERIODE, ["aanscherping_kennismigranten"])
    huidig = uitleg["regimes"][0]["persons"]["a"]
    assert huidig["weigeringsgrond"]["weigeringsgrond"] == "kennismigrant_looncriterium"
    assert {e["weigeringsgrond"] for e in huidig["failed_requirements"]} >= {"wav_8_1_a_prioriteitgenietend_aanbod", "kennismigrant_looncriterium"}
    assert huidig["distance_to_admission"]["admitting_wage"] == pytest.approx(KENNISMIGRANT_30_PLUS_2026)
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


def test_explain_names_and_cites_wav_art_9_lid_1_letter_by_letter(tmp_path, capsys):
    pad = tmp_path / "huisvesting.yaml"
    pad.write_text("nationaliteit: IN\ngeboortedatum: 1980-01-01\nbruto_maandloon: 3000\npassende_huisvesting_beschikbaar: false\nboete_vw_55a: true\n")
    assert main(["explain", str(pad), "--period", PERIODE, "--format", "json"]) == 0
    persoon = next(iter(json.loads(capsys.readouterr().out)["regimes"][0]["persons"].values()))
    grond = persoon["weigeringsgrond"]
    assert (grond["weigeringsgrond"], grond["article"], grond["lid"], grond["onderdeel"]) == ("wav_9_1_d", "9", "1", "d")
    assert grond["url"] == "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=d&g=2014-01-01"
    niet_voldaan = [e["weigeringsgrond"] for e in persoon["failed_requirements"]]
    assert niet_voldaan[:3] == ["wav_9_1_d", "wav_9_1_h", "wav_9_1_facultatief"]  # deciding order
    assert "wav_9_1_e" not in niet_voldaan
    assert main(["explain", str(pad), "--period", PERIODE]) == 0
    tekst = capsys.readouterr().out
    assert "Wet arbeid vreemdelingen art. 9 lid 1 onder d <" in tekst and "art. 9 lid 1 onder h <" in tekst


def test_compare_over_http_returns_the_failed_requirements_as_lists():
    from openfisca_arbeidsmigratie.api import create_app  # noqa: PLC0415 (only this test needs the web app)

    client = create_app(baseline_system()).test_client()
    persoon = {"persoon_id": 1, "werkgever_id": 1, "huishouden_id": 1, "nationaliteit": "IN", "geboortedatum": "1980-01-01",
               "bruto_maandloon": 3000.0, "passende_huisvesting_beschikbaar": False}
    antwoord = client.post("/compare", json={"population": [persoon], "outputs": ["toegelaten", "niet_voldaan"], "per_applicant": True})
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    rij = antwoord.get_json()["applicants"][0]
    assert rij["huidig_recht.toegelaten"] is False
    assert rij["huidig_recht.niet_voldaan"][:2] == ["wav_9_1_d", "wav_9_1_facultatief"]


@pytest.mark.parametrize("width", [0, 3, 8, 16, len(NAMES)])
def test_failed_rows_keep_the_matrix_and_give_the_same_list_column_and_counts(width):
    """FailedRows keeps only the rows that fail something; the list column, the refusal
    counts and the rows asked of it equal those of the whole matrix (one row at a time)."""
    rng = np.random.default_rng(width)
    matrix = np.zeros((2000, width), dtype=bool)
    matrix[::7] = rng.random((len(matrix[::7]), width)) < 0.4
    failing = FailedRows(matrix)
    assert failing.rows.tolist() == [i for i, row in enumerate(matrix) if row.any()]
    assert np.array_equal(failing.matrix(), matrix)
    asked = rng.choice(len(matrix), 300)
    assert np.array_equal(failing.matrix(asked), matrix[asked])
    expected = [[NAMES[j] for j in np.flatnonzero(row)] for row in matrix]
    assert to_list_array(failing).to_pylist() == expected == to_list_array(matrix).to_pylist()
    if width == len(NAMES):
        admitted = ~matrix.any(axis=1) | (np.arange(len(matrix)) % 2 == 0)
        ground = np.where(admitted, G.geen.index, G[NAMES[0]].index)
        weights = rng.random(len(matrix))
        per_row = refusal_rows("r", admitted, ground, failing, weights)
        assert per_row == refusal_rows("r", admitted, ground, matrix, weights)
        hit = ~admitted & matrix[:, 0]
        first = next(r for r in per_row if r["kind"] == "failed_requirement" and r["weigeringsgrond"] == NAMES[0])
        assert first["count"] == hit.sum() and first["weighted_count"] == weights[hit].sum()
