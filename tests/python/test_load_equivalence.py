"""One population with every kind of fault, stored as text, as typed columns and as dictionary
columns (with empty cells, a slice and several batches): every storage gives the same messages
(file, row, column, value, what is allowed) and a valid file the same arrays, whichever check's
implementation runs (a dictionary's distinct values checked once, typed values without a cast)."""

from __future__ import annotations

import datetime
import math

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.population import PopulationError, derive_schema, load_population
from openfisca_arbeidsmigratie.population.validation import population_from_table
from openfisca_arbeidsmigratie.reforms import baseline_system

ROWS = 24


@pytest.fixture(scope="module")
def schema():
    return derive_schema(baseline_system())


def _cells(faulty: bool) -> dict[str, list]:
    """Typed cells (None = empty). With ``faulty``, rows 3..: one fault of each kind."""
    ids = list(range(ROWS))
    cells = {
        "persoon_id": ids,
        "huishouden_id": ids,
        "werkgever_id": [i // 3 if i % 5 else None for i in ids],
        "rol_huishouden": ["aanvrager"] * ROWS,
        "nationaliteit": ["IN" if i % 4 else ("US" if i % 3 else None) for i in ids],
        "sector_sbi": [None if i % 7 == 2 else "J" if i % 2 else "M" for i in ids],
        "bruto_maandloon": [None if i % 6 == 1 else 3000.0 + 250 * i for i in ids],
        "gewicht": [1.0 + i for i in ids],
        "beoogde_duur_arbeid_weken": [None if i % 5 == 4 else 10 + i for i in ids],
        "seizoenarbeid": [None if i % 4 == 3 else i % 2 == 0 for i in ids],
        "geboortedatum": [datetime.date(1980, 1, 1) + datetime.timedelta(days=97 * i) for i in ids],
        "afstudeerdatum": [None if i % 3 else datetime.date(2005, 6, 30) for i in ids],
        "erkend_referent": [None if i % 3 == 2 or i % 5 == 0 else True for i in ids],
        "referent_aantal_boetes_laatste_4_jaar": [None if i % 3 or i % 5 == 0 else 0 for i in ids],
    }
    if faulty:
        cells["persoon_id"][5] = 4  # duplicate id
        cells["rol_huishouden"][6] = "kind_van"  # not a known role
        cells["nationaliteit"][7] = "XX"  # not a known code
        cells["sector_sbi"][8] = "ZZ"  # not a known value
        cells["bruto_maandloon"][9] = -5.0  # below the minimum
        cells["bruto_maandloon"][10] = 1e300  # too large for a 32-bit float
        cells["bruto_maandloon"][11] = float("nan")  # not a number
        cells["gewicht"][12] = float("inf")
        cells["beoogde_duur_arbeid_weken"][13] = -1
        cells["geboortedatum"][14] = datetime.date(1700, 1, 1)  # outside the allowed dates
        cells["erkend_referent"][13] = False  # conflicts with row 13 of the same werkgever
        cells["referent_aantal_boetes_laatste_4_jaar"][10] = 0  # werkgever_id empty
        cells["referent_aantal_boetes_laatste_4_jaar"][9] = 3
        cells["referent_aantal_boetes_laatste_4_jaar"][11] = 0  # conflicts with row 10
    return cells


TYPES = {
    "persoon_id": pa.int64(),
    "huishouden_id": pa.int64(),
    "werkgever_id": pa.int64(),
    "bruto_maandloon": pa.float64(),
    "gewicht": pa.float32(),
    "beoogde_duur_arbeid_weken": pa.int32(),
    "seizoenarbeid": pa.bool_(),
    "geboortedatum": pa.date32(),
    "afstudeerdatum": pa.date32(),
    "erkend_referent": pa.bool_(),
    "referent_aantal_boetes_laatste_4_jaar": pa.int64(),
}


def _typed(faulty: bool) -> pa.Table:
    return pa.table(
        {name: pa.array(values, TYPES.get(name)) for name, values in _cells(faulty).items()}
    )


def _dictionary(table: pa.Table) -> pa.Table:
    """Every column except the ids dictionary-encoded, as Arrow writes a pandas categorical."""
    return pa.table(
        {
            name: column if name.endswith("_id") else column.dictionary_encode()
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
    )


def _text(table: pa.Table) -> pa.Table:
    def text(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, float):
            return repr(value).replace("inf", "Infinity") if math.isinf(value) else repr(value)
        return str(value)

    return pa.table(
        {n: pa.array([text(v) for v in table[n].to_pylist()]) for n in table.column_names}
    )


def _messages(table: pa.Table, schema, batch_rows: int | None = None) -> list[str]:
    if batch_rows:
        table = pa.Table.from_batches(table.to_batches(max_chunksize=batch_rows))
    with pytest.raises(PopulationError) as error:
        population_from_table(table, schema, source="pop")
    return error.value.problems


def test_every_storage_of_a_faulty_file_gives_the_same_messages(schema):
    typed = _typed(True)
    expected = _messages(typed, schema)
    assert _messages(_dictionary(typed), schema) == expected
    # in batches, each batch's cell faults come before the next batch's
    assert sorted(_messages(_dictionary(typed), schema, batch_rows=7)) == sorted(expected)
    assert sorted(_messages(typed, schema, batch_rows=5)) == sorted(expected)
    text = _messages(_text(typed), schema)
    # the text reading names each fault at the same row and column (its value as written)
    assert [m.split(", value")[0] for m in text] == [m.split(", value")[0] for m in expected]


def test_the_messages_of_a_file_with_every_fault(schema):
    """Each kind of fault, word for word as the validator reported it before the checks on whole
    dictionary columns (the same text from typed and from dictionary columns)."""
    assert _messages(_dictionary(_typed(True)), schema) == EXPECTED


EXPECTED = [
    "pop: row 8, column 'nationaliteit', value 'XX': not a known code; allowed: an upper-case ISO 3166-1 alpha-2 code, e.g. NL, PL, IN",
    "pop: row 9, column 'sector_sbi', value 'ZZ': not a known value; allowed: one of A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U (or an index 0-20)",
    "pop: row 12, column 'bruto_maandloon', value 'nan': not a number (use a dot as decimal separator); allowed: a number >= 0 and <= 1,000,000",
    "pop: row 11, column 'bruto_maandloon', value '1e+300': too large for the variable's type (a 32-bit float, at most 3.4e38); allowed: a number >= 0 and <= 1,000,000",
    "pop: row 10, column 'bruto_maandloon', value '-5.0': below the allowed minimum; allowed: a number >= 0 and <= 1,000,000",
    "pop: row 13, column 'gewicht', value 'inf': not a number (use a dot as decimal separator); allowed: a number > 0 and <= 1,000,000",
    "pop: row 14, column 'beoogde_duur_arbeid_weken', value '-1': below the allowed minimum; allowed: an integer >= 1 and <= 2,600",
    "pop: row 15, column 'geboortedatum', value '1700-01-01': outside the allowed dates; allowed: a date YYYY-MM-DD between 1900-01-01 and 2100-12-31",
    "pop: row 7, column 'rol_huishouden', value 'kind_van': not a known role; allowed: aanvrager, partner, kind",
    "pop: row 6, column 'persoon_id', value '4': duplicate id (first on row 5); allowed: each persoon_id once",
    "pop: row 5, column 'huishouden_id', value '4': the household has 2 member(s) with role aanvrager; allowed: exactly one row with rol_huishouden = aanvrager per huishouden_id",
    "pop: row 14, column 'erkend_referent', value 'False': conflicts with 'True' on row 13 of the same werkgever; allowed: one value per werkgever_id (empty cells take the group's value)",
    "pop: row 11, column 'referent_aantal_boetes_laatste_4_jaar', value '0': an input of the werkgever on a row whose werkgever_id is empty; allowed: werkgever inputs only on rows that name their werkgever",
    "pop: row 12, column 'referent_aantal_boetes_laatste_4_jaar', value '0': conflicts with '3' on row 10 of the same werkgever; allowed: one value per werkgever_id (empty cells take the group's value)",
]


def _arrays(population):
    return {
        **{f"person.{k}": v for k, v in population.person_inputs.items()},
        **{f"{e}.{k}": v for e, d in population.group_inputs.items() for k, v in d.items()},
        **{f"index.{e}": v for e, v in population.group_index.items()},
        "roles": population.roles,
    }


@pytest.mark.parametrize("batch_rows", [None, 5])
def test_every_storage_of_a_valid_file_gives_the_same_arrays(schema, tmp_path, batch_rows):
    typed = _typed(False)
    expected = _arrays(population_from_table(typed, schema))
    for variant in (_dictionary(typed), _text(typed)):
        path = tmp_path / "pop.parquet"
        pq.write_table(variant, path, row_group_size=batch_rows or ROWS)
        got = _arrays(load_population(path, schema, batch_rows=batch_rows or 1 << 20))
        assert got.keys() == expected.keys()
        for name, values in expected.items():
            np.testing.assert_array_equal(got[name], values, err_msg=name)


@pytest.mark.parametrize(
    "ids",
    [
        [3, 3, 5, 9, 9, 9, 10],  # in order: the runs of equal ids
        [9, 3, 5, 3, 10, 9, 9],  # not in order: the table of the id range
        [3, None, 3, 5, None, 9, 2**40],  # empty cells, a wide range: the sorted distinct ids
        [1, 1, None, 4, 4, 7],
    ],
)
def test_group_codes_are_the_rank_among_the_distinct_ids(ids):
    from openfisca_arbeidsmigratie.population.validation import _encode  # noqa: PLC0415

    index, count = _encode(pa.array(ids, pa.int64()))
    distinct = sorted({i for i in ids if i is not None})
    assert count == len(distinct)
    assert index.tolist() == [-1 if i is None else distinct.index(i) for i in ids]


def test_a_full_int8_dictionary_with_empty_cells(schema):
    """128 distinct values (every int8 index used) and empty cells: only the bad cell is named."""
    values = [f"Q{i:03d}" for i in range(127)] + ["NL"]
    indices = pa.array([127, None, 0, 127], pa.int8())
    table = pa.table(
        {
            "persoon_id": [1, 2, 3, 4],
            "huishouden_id": [1, 2, 3, 4],
            "werkgever_id": [1, 2, 3, 4],
            "nationaliteit": pa.DictionaryArray.from_arrays(indices, pa.array(values)),
        }
    )
    problems = _messages(table, schema)
    assert {m.split(": ")[1] for m in problems} == {"row 3, column 'nationaliteit', value 'Q000'"}


def _outcome(path, schema, max_errors: int):
    """(messages, total) of a rejected file, or its arrays with their dtypes and flags."""
    try:
        population = load_population(path, schema, max_errors=max_errors)
    except PopulationError as error:
        return error.problems, error.total
    arrays = _arrays(population)
    return {k: (v.dtype, v.flags.writeable, v.tolist()) for k, v in arrays.items()}


@pytest.mark.parametrize(
    "table",
    [_typed(True), _typed(False), _dictionary(_typed(True)), _dictionary(_typed(False))],
    ids=["typed-faulty", "typed", "dictionary-faulty", "dictionary"],
)
@pytest.mark.parametrize("row_group_rows_and_limit", [(ROWS, 50), (12, 50), (12, 2), (5, 3)])
def test_the_checks_on_whole_columns_give_what_the_full_parse_gives(
    schema, tmp_path, monkeypatch, table, row_group_rows_and_limit
):
    """A column is parsed in full only where a cell may be a problem: the messages (also those of
    faults in a second or later row group, and under an error limit) and the arrays are those of
    the full parse of every column."""
    from openfisca_arbeidsmigratie.population import validation  # noqa: PLC0415

    row_group_rows, max_errors = row_group_rows_and_limit
    path = tmp_path / "pop.parquet"
    pq.write_table(table, path, row_group_size=row_group_rows)
    fast = _outcome(path, schema, max_errors)
    monkeypatch.setattr(validation, "parse_valid", lambda *args, **kwargs: None)
    assert _outcome(path, schema, max_errors) == fast


def _with_hidden_values(values: list, type_: pa.DataType, empty: list[int]) -> pa.Array:
    """An array whose empty cells' value slots hold ``values`` too (Arrow leaves them arbitrary)."""
    data = pa.array(values, type_)
    valid = pa.array([i not in empty for i in range(len(values))])
    return pa.Array.from_buffers(type_, len(values), [valid.buffers()[1], data.buffers()[1]])


def test_the_value_slots_of_empty_cells_are_never_read(schema):
    """Empty cells take the default whatever their slots hold (NaN, out of range, a huge id)."""
    empty = [1, 3]
    table = pa.table(
        {
            "persoon_id": pa.array([1, 2, 3, 4], pa.int64()),
            "huishouden_id": pa.array([1, 2, 3, 4], pa.int64()),
            "werkgever_id": _with_hidden_values([7, 2**62, 7, -(2**62)], pa.int64(), empty),
            "bruto_maandloon": _with_hidden_values([10.0, math.nan, 20.0, -1e300], pa.float64(), empty),
            "beoogde_duur_arbeid_weken": _with_hidden_values([5, -9, 6, 2**31 - 1], pa.int32(), empty),
            "geboortedatum": _with_hidden_values(
                [datetime.date(1990, 1, 1), datetime.date(1001, 1, 1)] * 2, pa.date32(), empty
            ),
            "erkend_referent": _with_hidden_values([True, True, True, True], pa.bool_(), empty),
        }
    )
    population = population_from_table(table, schema)
    person = population.person_inputs
    assert person["bruto_maandloon"].tolist() == [10.0, 0.0, 20.0, 0.0]
    assert person["beoogde_duur_arbeid_weken"].tolist()[1::2] == [
        schema.columns["beoogde_duur_arbeid_weken"].default or 0
    ] * 2
    assert person["geboortedatum"][1] == np.datetime64(schema.columns["geboortedatum"].default, "D")
    assert population.group_index["werkgever"].tolist() == [0, 1, 0, 2]  # own employers 1 and 2
    assert population.group_count["werkgever"] == 3
    assert population.group_inputs["werkgever"]["erkend_referent"].tolist() == [True, False, False]


def _random_columns(kind: str, rng: np.random.Generator, rows: int):
    """Arrays of one kind of input in every storage the fast path reads, with empty cells and
    values on both sides of every bound (NaN, infinities, -0.0, out of range, unknown codes)."""
    empty = rng.random(rows) < 0.3

    def cells(values):
        return [None if e else v for e, v in zip(empty, values, strict=True)]

    if kind == "bool":
        yield pa.array(cells([bool(v) for v in rng.integers(0, 2, rows)]), pa.bool_())
    if kind in {"int", "enum"}:
        top = 30 if kind == "enum" else 3000
        values = pa.array(cells([int(v) for v in rng.integers(-2, top, rows)]), pa.int64())
        for type_ in (pa.int8(), pa.int32(), pa.int64(), pa.uint16()):
            yield values.cast(type_, safe=False)
    if kind == "float":
        choices = [0.0, -0.0, 1.5, 59.0, 60.0, 61.0, 1e6, 2e6, math.nan, math.inf, -math.inf, 1e39]
        values = pa.array(cells([float(v) for v in rng.choice(choices, rows)]), pa.float64())
        yield values
        yield values.cast(pa.float32())
    if kind == "date":
        days = pa.array(cells([int(v) for v in rng.integers(-30_000, 60_000, rows)]), pa.int32())
        yield days.view(pa.date32())
    if kind in {"str", "enum"}:
        pool = ["NL", "IN", "XX", "", " nl", "2512", "12345", "J", "M", "ZZ", "0", "3"]
        yield pa.array(cells([pool[i] for i in rng.integers(0, len(pool), rows)])).dictionary_encode()


def test_the_fast_path_answers_only_for_valid_columns_and_then_as_the_full_parse(schema):
    """parse_valid on random slices (offsets, empty cells) of every kind and storage: where it
    answers, the full parse finds no problem and gives the same values bit for bit (-0.0 kept)
    and the same empty cells; where the full parse finds none, it answers."""
    from openfisca_arbeidsmigratie.population.parsing import parse, parse_valid  # noqa: PLC0415

    rng = np.random.default_rng(1)
    columns = list(schema.columns.values())
    answered = 0
    for _ in range(300):
        column = columns[rng.integers(0, len(columns))]
        rows = int(rng.integers(1, 60))
        for whole in _random_columns(column.kind, rng, rows):
            start = int(rng.integers(0, rows))
            array = whole.slice(start, int(rng.integers(0, rows - start + 1)))
            full = parse(array, column, {})
            valid = not any(mask.any() for mask, _ in full.invalid)
            fast = parse_valid(array, column, missing=True, dictionaries={})
            assert (fast is not None) == valid, (column.name, array)
            if fast is None:
                continue
            answered += 1
            values = np.asarray(fast[0]).astype(full.values.dtype)
            if values.dtype.kind == "f":
                values, expected = values.view(np.uint32), full.values.view(np.uint32)
            else:
                expected = full.values
            np.testing.assert_array_equal(values, expected, err_msg=column.name)
            np.testing.assert_array_equal(fast[1], full.missing, err_msg=column.name)
    assert answered > 100
