"""One input check for every entry point: a YAML test case, an `explain` situation, a situation
posted to /calculate or /trace, a population file. Each kind of bad input gets the same words
(where, the value, what is wrong, what is allowed) at each entry point, before anything is computed."""

from __future__ import annotations

import copy
import pathlib

import pytest
import yaml

from openfisca_arbeidsmigratie.api.app import create_app
from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, main
from openfisca_arbeidsmigratie.population import PopulationError, derive_schema, load_population
from openfisca_arbeidsmigratie.population.validation import check_simulated_month
from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.validation import SituationError, check_situation, check_test_case

PERIOD = "2026-01"
GOOD = {"nationaliteit": "IN", "geboortedatum": "1990-01-01", "bruto_maandloon": 6000.0, "gewicht": 1.0}

# kind: (inputs that replace GOOD's, the words every entry point says)
KINDS = {
    "unknown name": ({"bruto_maandlon": 3000}, ["'bruto_maandlon'", "did you mean 'bruto_maandloon'"]),
    "lower-case country": ({"nationaliteit": "pl"}, ["'pl'", "not a known code", "did you mean 'PL'", "ISO 3166-1"]),
    "unknown country": ({"nationaliteit": "XX"}, ["'XX'", "not a known code", "ISO 3166-1"]),
    "enum value": ({"sector_sbi": "Z"}, ["'Z'", "not a known value", "one of A, B, C"]),
    "enum value close to a member": ({"taalniveau_nederlands": "intenti"}, ["'intenti'", "did you mean 'intentie'"]),
    "wrong type": ({"bruto_maandloon": "drieduizend"}, ["'drieduizend'", "not a number"]),
    "1e39 overflows float32": ({"bruto_maandloon": "1e39"}, ["too large for the variable's type", "<= 1,000,000"]),
    "inf": ({"bruto_maandloon": "inf"}, ["'inf'", "not a number"]),
    "wage above the bound": ({"bruto_maandloon": 2_000_000}, ["above the allowed maximum", "<= 1,000,000"]),
    "birth date after the application": ({"geboortedatum": "2026-02-01"}, ["'2026-02-01'", "after the application date", "2026-01-01", "on or before 2026-01-01"]),
    "negative weight": ({"gewicht": -1}, ["'-1'", "below the allowed minimum", "> 0"]),
    "weight above the bound": ({"gewicht": 10_000_000}, ["gewicht", "above the allowed maximum", "<= 1,000,000"]),
    "weight 1e308": ({"gewicht": 1e308}, ["gewicht", "too large", "<= 1,000,000"]),
}
PERSON = {"nationaliteit", "geboortedatum", "bruto_maandloon", "gewicht", "sector_sbi", "bruto_maandlon"}


def _inputs(kind: str) -> dict:
    return {**GOOD, **KINDS[kind][0]}


def _assert_words(text: str, kind: str) -> None:
    for words in KINDS[kind][1]:
        assert words in text, f"{kind}: {words!r} not in {text!r}"


@pytest.fixture(scope="module")
def system():
    return baseline_system()


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def test_good_inputs_pass_every_check(system, tmp_path):
    check_test_case({"name": "ok", "period": PERIOD, "input": GOOD, "output": {"toegelaten": False}}, system, source="t.yaml")
    check_situation(_entities(GOOD), system)


@pytest.mark.parametrize("kind", KINDS)
def test_yaml_case(kind, system):
    case = {"name": "a case", "period": PERIOD, "input": _inputs(kind), "output": {"toegelaten": True}}
    with pytest.raises(SituationError) as error:
        check_test_case(case, system, source="cases.yaml, case 1")
    assert str(error.value).startswith("cases.yaml, case 1: input")
    assert len(error.value.problems) == 1
    _assert_words(str(error.value), kind)


@pytest.mark.parametrize("kind", KINDS)
def test_explain_situation(kind, tmp_path, capsys):
    path = tmp_path / "situatie.yaml"
    path.write_text(yaml.safe_dump({"period": PERIOD, "input": _inputs(kind)}), encoding="utf-8")
    assert main(["explain", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err
    _assert_words(err, kind)


def _entities(inputs: dict, period: str = PERIOD) -> dict:
    person = {}
    for name, value in inputs.items():
        eternal = name in {"nationaliteit", "geboortedatum", "gewicht"}
        person[name] = {"ETERNITY" if eternal else period: value}
    person["toegelaten"] = {period: None}
    return {
        "personen": {"aanvrager": person},
        "werkgevers": {"werkgever_1": {"werknemers": ["aanvrager"]}},
        "huishoudens": {"huishouden_1": {"aanvragers": ["aanvrager"]}},
    }


@pytest.mark.parametrize("path", ["/calculate", "/trace"])
@pytest.mark.parametrize("kind", KINDS)
def test_calculate_and_trace(kind, path, client):
    answer = client.post(path, json=_entities(_inputs(kind)))
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["code"] == "invalid_situation" and body["total_problems"] == 1
    assert body["problems"][0].startswith("situation: personen.aanvrager")
    _assert_words(body["problems"][0], kind)


def _population_csv(tmp_path: pathlib.Path, kind: str) -> pathlib.Path:
    inputs = _inputs(kind)
    header = ["persoon_id", "werkgever_id", "huishouden_id", *inputs]
    path = tmp_path / "bevolking.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["p1", "w1", "h1", *(str(v) for v in inputs.values())]) + "\n")
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_population_file(kind, tmp_path, system):
    path = _population_csv(tmp_path, kind)
    with pytest.raises(PopulationError) as error:
        population = load_population(path, derive_schema(system))
        check_simulated_month(population, PERIOD)  # what compare and /compare add for the month
    text = str(error.value)
    assert str(path) in text and error.value.total == 1
    if kind != "unknown name":  # a column, not a cell: no row or value
        assert "row 1, column" in text
    _assert_words(text.replace("column 'bruto_maandlon'", "'bruto_maandlon'"), kind)


@pytest.mark.parametrize("period", ["2025-3", "03-2025", "2025-02-30"])
def test_a_period_that_does_not_parse_lists_the_accepted_forms(period, system, tmp_path, capsys, client):
    case = {"name": "a case", "period": period, "input": GOOD, "output": {"toegelaten": True}}
    with pytest.raises(SituationError) as error:
        check_test_case(case, system, source="cases.yaml, case 1")
    assert f"cases.yaml, case 1: period '{period}': not a period; allowed: YYYY-MM (a month, e.g. 2026-01)" in str(error.value)
    answer = client.post("/calculate", json=_entities(GOOD, period=period))
    assert answer.status_code == 400
    problem = answer.get_json()["problems"][0]
    assert problem.startswith(f"situation: personen.aanvrager.bruto_maandloon, period '{period}': not a period; allowed: YYYY-MM")
    situation = tmp_path / "s.yaml"
    situation.write_text(yaml.safe_dump({"input": GOOD}), encoding="utf-8")
    assert main(["explain", str(situation), "--period", period]) == EXIT_BAD_INPUT
    assert f"period '{period}' is not a month; allowed: a month YYYY-MM" in capsys.readouterr().err


def test_names_roles_entities_and_test_keys_get_the_closest_known_names(system):
    situation = {
        "personen": {"a": {"geboortedatum": {"ETERNITY": "1990-01-01"}}},
        "werkgevers": {"w": {"werknemer": ["a"], "erkend_referent": {PERIOD: True}}},
        "huishoudens": {"h": {"aanvragers": ["b"]}},
        "persoonen": {},
    }
    with pytest.raises(SituationError) as error:
        check_situation(situation, system)
    text = str(error.value)
    assert "werkgevers.w: unknown name 'werknemer'; did you mean 'werknemers'" in text
    assert "unknown entity 'persoonen'; did you mean 'personen'" in text
    assert "huishoudens.h.aanvragers: unknown person 'b'" in text
    case = {"name": "x", "period": PERIOD, "input": GOOD, "outputs": {"toegelaten": True}}
    with pytest.raises(SituationError, match="unknown key 'outputs'; did you mean 'output'"):
        check_test_case(case, system, source="t.yaml")


def test_an_employer_input_on_the_person_names_its_entity(system):
    situation = copy.deepcopy(_entities(GOOD))
    situation["personen"]["aanvrager"]["erkend_referent"] = {PERIOD: True}
    with pytest.raises(SituationError, match="'erkend_referent' belongs to the werkgever, not the persoon"):
        check_situation(situation, system)


def test_a_polish_worker_is_no_longer_silently_a_third_country_national(client):
    """Before: nationaliteit 'pl' computed a third-country national (a TWV needed); now a 400."""
    good = client.post("/calculate", json=_entities({**GOOD, "nationaliteit": "PL"}))
    assert good.status_code == 200
    assert good.get_json()["personen"]["aanvrager"]["toegelaten"][PERIOD] is True
    assert client.post("/calculate", json=_entities({**GOOD, "nationaliteit": "pl"})).status_code == 400


def test_compare_refuses_birth_dates_after_the_month(tmp_path, capsys):
    path = _population_csv(tmp_path, "birth date after the application")
    assert main(["compare", "--population", str(path), "--period", "2026-01", "--reform", "brede_welvaartstoets"]) == EXIT_BAD_INPUT
    assert "row 1, column 'geboortedatum', value '2026-02-01': after the application date (the first day of the month simulated, 2026-01-01)" in capsys.readouterr().err
    assert main(["compare", "--population", str(path), "--period", "2026-02", "--reform", "brede_welvaartstoets"]) == 0


def test_compare_streamed_in_chunks_refuses_birth_dates_after_the_month_before_computing(tmp_path, capsys):
    path = _population_csv(tmp_path, "birth date after the application")
    out = tmp_path / "out"
    code = main(["compare", "--population", str(path), "--period", "2026-01", "--chunk-size", "1", "--reform", "brede_welvaartstoets", "--output", str(out)])
    assert code == EXIT_BAD_INPUT
    assert "row 1, column 'geboortedatum', value '2026-02-01': after the application date (the first day of the month simulated, 2026-01-01)" in capsys.readouterr().err
    assert not any(out.glob("applicants.*"))


def test_every_value_of_a_list_is_checked(system):
    """A test's flat input may give one value per person as a list."""
    case = {"name": "two persons", "period": PERIOD, "input": {"nationaliteit": ["IN", "pl"]}, "output": {"toegelaten": [False, False]}}
    with pytest.raises(SituationError, match=r"input.nationaliteit\[1\], value 'pl': not a known code"):
        check_test_case(case, system, source="t.yaml")


def test_compare_endpoint_refuses_birth_dates_after_the_month(client):
    row = {"persoon_id": "p1", "werkgever_id": "w1", "huishouden_id": "h1", "geboortedatum": "2026-02-01"}
    answer = client.post("/compare", json={"population": [row], "period": "2026-01"})
    assert answer.status_code == 422
    assert "after the application date (the first day of the month simulated, 2026-01-01)" in answer.get_json()["problems"][0]
    assert client.post("/compare", json={"population": [row], "period": "2026-02"}).status_code == 200


@pytest.mark.parametrize(
    ("inputs", "refused"),
    [
        ({"geboortedatum": "2026-01-01"}, False),  # born on the day of the application: age 0
        ({"geboortedatum": "2026-01-02"}, True),  # the day after
        ({"geboortedatum": "2026-01-15", "aanvraagdatum": "2026-01-20"}, False),
        ({"geboortedatum": "2026-01-20", "aanvraagdatum": "2026-01-20"}, False),
        ({"geboortedatum": "2026-01-21", "aanvraagdatum": "2026-01-20"}, True),
    ],
)
def test_a_birth_date_may_not_lie_after_the_application_date(inputs, refused, system):
    case = {"name": "x", "period": PERIOD, "input": {"nationaliteit": "IN", **inputs}, "output": {"toegelaten": False}}
    if not refused:
        check_test_case(case, system, source="t.yaml")
        return
    with pytest.raises(SituationError) as error:
        check_test_case(case, system, source="t.yaml")
    bound = inputs.get("aanvraagdatum", "2026-01-01")
    assert f"input.geboortedatum, value '{inputs['geboortedatum']}': after the application date" in str(error.value)
    assert f"allowed: a date on or before {bound}" in str(error.value)


@pytest.mark.parametrize(
    ("situation", "words"),
    [
        (None, "situation: nothing (null); allowed: a mapping"),
        ([], "situation: a list; allowed: a mapping"),
        ({"personen": None}, "personen: nothing (null); allowed: a mapping of ids to persoon descriptions"),
        ({"personen": {"a": 3}}, "personen.a: a number; allowed: a mapping of variables"),
        ({"personen": {"a": {"bruto_maandloon": {PERIOD: {"x": 1}}}}}, "a mapping where one value is due"),
        ({"huishoudens": {"h": {"aanvragers": ["b"]}}}, "unknown person 'b'; allowed: the ids under personen (none given)"),
        ({"personen": {"a": {"bruto_maandloon": {None: 1}}}}, "personen.a.bruto_maandloon, period 'None': not a period"),
    ],
)
def test_a_malformed_situation_is_a_message_never_a_crash(situation, words, system):
    with pytest.raises(SituationError) as error:
        check_situation(situation, system)
    assert words in str(error.value)
