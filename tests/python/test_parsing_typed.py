"""Typed Parquet columns with empty cells, read without filling the nulls twice, and a role column
stored as a dictionary: the same values and the same problems as the plain reading.

The typed parsers take an Arrow array's values as they are and replace the empty cells
themselves; a slice of a table (an offset into its buffers) and a column without nulls must give
the same arrays as the text of the same cells.
"""

from __future__ import annotations

import datetime

import numpy as np
import pyarrow as pa
import pytest

from openfisca_arbeidsmigratie.population import PopulationError, derive_schema
from openfisca_arbeidsmigratie.population.validation import population_from_table
from openfisca_arbeidsmigratie.reforms import baseline_system


@pytest.fixture(scope="module")
def schema():
    return derive_schema(baseline_system())


def _typed(rows: int) -> pa.Table:
    ids = pa.array(range(rows), pa.int64())
    pick = [None if i % 3 == 1 else i for i in range(rows)]
    return pa.table(
        {
            "persoon_id": ids,
            "huishouden_id": ids,
            "werkgever_id": pa.array([i // 2 for i in range(rows)], pa.int64()),
            "bruto_maandloon": pa.array([None if v is None else 2500.5 + v for v in pick], pa.float64()),
            "beoogde_duur_arbeid_weken": pa.array([None if v is None else 10 + v for v in pick], pa.int32()),
            "seizoenarbeid": pa.array([None if v is None else v % 2 == 0 for v in pick], pa.bool_()),
            "geboortedatum": pa.array(
                [None if v is None else datetime.date(1980, 1, 1) + datetime.timedelta(days=v) for v in pick],
                pa.date32(),
            ),
        }
    )


def _as_text(table: pa.Table) -> pa.Table:
    def text(column):
        values = column.to_pylist()
        return pa.array(["" if v is None else (str(v).lower() if isinstance(v, bool) else str(v)) for v in values])

    return pa.table({name: text(table[name]) for name in table.column_names})


@pytest.mark.parametrize("start", [0, 5])
def test_typed_columns_with_empty_cells_read_as_their_text(schema, start):
    table = _typed(40).slice(start, 30)  # a slice: its arrays start at an offset
    typed = population_from_table(table, schema)
    text = population_from_table(_as_text(table), schema)
    for name in ("bruto_maandloon", "beoogde_duur_arbeid_weken", "seizoenarbeid", "geboortedatum"):
        np.testing.assert_array_equal(typed.person_inputs[name], text.person_inputs[name], err_msg=name)
    wage = typed.person_inputs["bruto_maandloon"]
    empty = np.array([v is None for v in table["bruto_maandloon"].to_pylist()])
    assert empty.any() and (wage[empty] == schema.columns["bruto_maandloon"].default).all()
    assert (wage[~empty] > 2500).all()


def test_a_dictionary_role_column_gives_the_problems_of_a_text_column(schema):
    roles = ["aanvrager", None, "verzonnen", "aanvrager"]
    base = {
        "persoon_id": pa.array([1, 2, 3, 4], pa.int64()),
        "huishouden_id": pa.array([1, 2, 3, 4], pa.int64()),
        "werkgever_id": pa.array([1, 1, 2, 2], pa.int64()),
    }
    messages = []
    for column in (pa.array(roles), pa.array(roles).dictionary_encode()):
        with pytest.raises(PopulationError) as error:
            population_from_table(pa.table({**base, "rol_huishouden": column}), schema)
        messages.append(error.value.problems)
    assert messages[0] == messages[1]
    assert any("'verzonnen'" in m and "not a known role" in m for m in messages[0])
    good = pa.table({**base, "rol_huishouden": pa.array(["aanvrager", None, " aanvrager", "aanvrager"]).dictionary_encode()})
    assert (population_from_table(good, schema).roles == 0).all()


def test_a_dictionary_role_column_gives_the_roles_of_a_text_column(schema):
    """Every role, and an empty cell (the applicant), coded alike from text and a dictionary."""
    roles = ["aanvrager", "partner", "kind", "kind", None, " partner"]
    base = {
        "persoon_id": pa.array(range(6), pa.int64()),
        "huishouden_id": pa.array([1, 1, 1, 1, 2, 2], pa.int64()),
        "werkgever_id": pa.array([1, None, None, None, 2, None], pa.int64()),
    }
    codes = [
        population_from_table(pa.table({**base, "rol_huishouden": column}), schema).roles
        for column in (pa.array(roles), pa.array(roles).dictionary_encode())
    ]
    assert codes[0].dtype == codes[1].dtype == np.int8
    assert codes[0].tolist() == codes[1].tolist() == [0, 1, 2, 2, 0, 1]
