"""Population files: schema derived from the system, validation messages, CSV/Parquet round trip."""

from __future__ import annotations

import pathlib
import time

import numpy as np
import pyarrow as pa
import pytest
from openfisca_core.periods import MONTH
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.population import (
    PopulationError,
    derive_schema,
    load_population,
    markdown_table,
    population_from_table,
    read_table,
    write_table,
)
from openfisca_arbeidsmigratie.population.validation import MAX_ERRORS
from openfisca_arbeidsmigratie.reforms import baseline_system

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def schema():
    return derive_schema(baseline_system())


def _errors(path, schema) -> str:
    with pytest.raises(PopulationError) as caught:
        load_population(path, schema)
    return str(caught.value)


def _csv(tmp_path, text: str) -> pathlib.Path:
    path = tmp_path / "bevolking.csv"
    path.write_text(text, encoding="utf-8")
    return path


# ---- schema ---------------------------------------------------------------------------------


def test_schema_has_every_input_and_no_formula_variable(schema):
    system = baseline_system()
    inputs = {n for n, v in system.variables.items() if not v.formulas}
    assert set(schema.columns) == inputs
    assert "leeftijd" not in schema.columns  # a formula: computed, not read
    assert schema.columns["erkend_referent"].entity == "werkgever"
    assert schema.columns["sector_sbi"].kind == "enum"
    assert schema.columns["sector_sbi"].enum_names[0] == "A"
    assert schema.columns["bruto_maandloon"].minimum == 0.0
    assert schema.role_keys == ["aanvrager", "partner", "kind"]


def test_schema_of_a_reform_adds_its_inputs(schema):
    class extra_invoer(Variable):
        value_type = int
        entity = Persoon
        definition_period = MONTH
        label = "Test"
        reference = "https://example.org"

    class MetInvoer(Reform):
        def apply(self):
            self.add_variable(extra_invoer)

    both = derive_schema(baseline_system(), MetInvoer(baseline_system()))
    assert "extra_invoer" in both.columns
    assert "extra_invoer" not in schema.columns


def test_population_format_doc_is_generated_from_the_schema(schema):
    doc = (ROOT / "docs" / "population-format.md").read_text(encoding="utf-8")
    assert markdown_table(schema) in doc, "regenerate docs/population-format.md (see its header)"


# ---- reading valid files ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_hand_made_file_is_read_and_encoded(fmt, schema, tien_personen_parquet):
    path = FIXTURES / "tien_personen.csv" if fmt == "csv" else tien_personen_parquet
    population = load_population(path, schema)
    assert population.count == 10
    assert len(population.applicant_rows()) == 8
    assert population.group_count["huishouden"] == 8
    # five named employers plus a private one for each of the two rows without werkgever_id
    assert population.group_count["werkgever"] == 7
    wage = population.person_inputs["bruto_maandloon"]
    assert wage.dtype == np.float32 and wage[1] == 6000 and wage[2] == 0  # empty cell = default 0
    sector = population.person_inputs["sector_sbi"]
    assert sector.dtype == np.int16 and sector[0] == 13  # N is the 14th SBI section
    assert population.person_inputs["geboortedatum"][0] == np.datetime64("1990-01-01")
    referent = population.group_inputs["werkgever"]["erkend_referent"]
    w1 = population.group_index["werkgever"][0]
    assert not referent[w1]  # W1: "false" on row 1, empty on row 2
    assert referent[population.group_index["werkgever"][3]]  # W2: true
    assert not population.person_inputs["gewicht"].flags.writeable


def test_csv_and_parquet_round_trip_give_the_same_population(tmp_path, schema):
    table = read_table(FIXTURES / "tien_personen.csv")
    for suffix in ("csv", "parquet"):
        path = write_table(table, tmp_path / f"kopie.{suffix}")
        a = load_population(FIXTURES / "tien_personen.csv", schema)
        b = load_population(path, schema)
        for name, values in a.person_inputs.items():
            np.testing.assert_array_equal(
                values, b.person_inputs[name], err_msg=f"{suffix}: {name}"
            )
        assert a.ids["persoon_id"].equals(b.ids["persoon_id"])


def test_enum_given_as_index_equals_enum_given_as_name(schema):
    by_name = pa.table(
        {"persoon_id": [1], "werkgever_id": ["W"], "huishouden_id": ["H"], "sector_sbi": ["J"]}
    )
    by_index = pa.table(
        {"persoon_id": [1], "werkgever_id": ["W"], "huishouden_id": ["H"], "sector_sbi": ["9"]}
    )
    a = population_from_table(by_name, schema).person_inputs["sector_sbi"]
    b = population_from_table(by_index, schema).person_inputs["sector_sbi"]
    assert a[0] == b[0] == 9


# ---- validation errors -------------------------------------------------------------------------

EXPECTED_MESSAGES = [
    (
        "nationaliteit",
        "row 2, column 'nationaliteit', value 'XX': not a known code; allowed: an upper-case ISO 3166-1 alpha-2 code",
    ),
    (
        "negative wage",
        "row 2, column 'bruto_maandloon', value '-1': below the allowed minimum; allowed: a number >= 0",
    ),
    ("not a number", "row 4, column 'bruto_maandloon', value 'abc': not a number"),
    ("enum", "row 2, column 'sector_sbi', value 'Z': not a known value; allowed: one of A, B, C"),
    ("impossible date", "row 2, column 'geboortedatum', value '2023-02-30': not a real date"),
    ("month 13", "row 4, column 'geboortedatum', value '1990-13-01': not a real date"),
    (
        "bool",
        "row 4, column 'erkend_referent', value 'ja': not a boolean; allowed: true, false, 1 or 0",
    ),
    ("int", "row 2, column 'beoogde_duur_arbeid_weken', value '1.5': not an integer"),
    (
        "int range",
        "row 4, column 'beoogde_duur_arbeid_weken', value '0': below the allowed minimum; allowed: an integer >= 1",
    ),
    ("duplicate id", "row 3, column 'persoon_id', value '2': duplicate id (first on row 2)"),
    (
        "empty household id",
        "row 5, column 'huishouden_id', value '': empty; allowed: a non-empty identifier",
    ),
    (
        "unknown role",
        "row 6, column 'rol_huishouden', value 'baas': not a known role; allowed: aanvrager, partner, kind",
    ),
    (
        "household without applicant",
        "column 'huishouden_id', value 'H4': the household has 0 member(s) with role aanvrager",
    ),
    (
        "dangling employer input",
        "row 3, column 'erkend_referent', value 'true': an input of the werkgever on a row whose werkgever_id is empty",
    ),
    (
        "conflicting employer input",
        "row 2, column 'erkend_referent', value 'false': conflicts with 'true' on row 1 of the same werkgever",
    ),
]


@pytest.mark.parametrize(
    ("kind", "message"), EXPECTED_MESSAGES, ids=[k for k, _ in EXPECTED_MESSAGES]
)
def test_every_problem_of_a_bad_file_is_reported_at_once(kind, message, schema):
    text = _errors(FIXTURES / "fouten.csv", schema)
    assert "fouten.csv" in text
    assert message in text, f"{kind}: expected\n{message}\nin\n{text}"


def test_bad_file_reports_the_total(schema):
    text = _errors(FIXTURES / "fouten.csv", schema)
    assert f"population rejected, {len(EXPECTED_MESSAGES)} problem(s); nothing was computed" in text


def test_missing_and_unknown_columns(tmp_path, schema):
    path = _csv(tmp_path, "persoon_id,salaris\n1,3000\n")
    text = _errors(path, schema)
    assert "missing required column 'werkgever_id'" in text
    assert "missing required column 'huishouden_id'" in text
    assert "unknown column 'salaris'" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty (0 bytes)"),
        ("persoon_id,werkgever_id,huishouden_id\n", "the file has no data rows"),
    ],
)
def test_empty_files_are_rejected(tmp_path, content, message, schema):
    assert message in _errors(_csv(tmp_path, content), schema)


def test_unknown_file_type_and_missing_file(tmp_path, schema):
    assert "unknown file type '.xlsx'" in _errors(
        tmp_path / "a.xlsx", schema
    ) or "no such" in _errors(tmp_path / "a.xlsx", schema)
    assert "no such population file" in _errors(tmp_path / "ontbreekt.csv", schema)


def test_malformed_csv_is_rejected_with_the_parser_message(tmp_path, schema):
    path = _csv(tmp_path, "persoon_id,werkgever_id,huishouden_id\n1,W,H,extra\n")
    assert "malformed CSV" in _errors(path, schema)


def test_messages_are_capped_with_and_n_more(tmp_path, schema):
    rows = "".join(f"{i},W,H{i},XX\n" for i in range(1, MAX_ERRORS + 11))
    text = _errors(
        _csv(tmp_path, "persoon_id,werkgever_id,huishouden_id,nationaliteit\n" + rows), schema
    )
    assert f"{MAX_ERRORS + 10} problem(s)" in text
    assert "... and 10 more" in text
    assert text.count("not a known code") == MAX_ERRORS


def test_validation_of_a_million_rows_is_vectorised(schema):
    """Guard against per-row Python loops: 200,000 text rows validate well under a second."""
    n = 200_000
    table = pa.table(
        {
            "persoon_id": pa.array(np.arange(n).astype(str)),
            "werkgever_id": pa.array((np.arange(n) // 10).astype(str)),
            "huishouden_id": pa.array(np.arange(n).astype(str)),
            "nationaliteit": pa.array(np.where(np.arange(n) % 2, "IN", "PL")),
            "bruto_maandloon": pa.array(np.full(n, "4000.50")),
            "geboortedatum": pa.array(np.full(n, "1990-05-17")),
            "sector_sbi": pa.array(np.full(n, "J")),
        }
    )
    started = time.perf_counter()
    population = population_from_table(table, schema)
    assert time.perf_counter() - started < 2.0
    assert population.count == n
