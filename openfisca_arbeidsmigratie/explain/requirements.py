"""Failed requirements as arrays and table columns, read from the law's ``niet_voldaan_<name>`` variables.

The requirements, their routes, order and citations are declared once, in the registry
(:mod:`openfisca_arbeidsmigratie.eisen`); this module only reads the variables the registry
brings and arranges them:

* a *failed matrix*: bool, one row per person and one column per requirement in deciding order
  (:data:`NAMES`), no width limit;
* the per-applicant table column ``<regime>.niet_voldaan`` (:data:`FAILED`): a list of the
  Weigeringsgrond member names of the failed requirements, in deciding order.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond

FAILED = "niet_voldaan"
"""Name of the comparison engine's output (and table column suffix) listing the failed requirements."""

REQUIREMENTS = eisen.IN_ORDER
NAMES = [eis.name for eis in REQUIREMENTS]
INDEX_OF_COLUMN = np.array([eis.index for eis in REQUIREMENTS], dtype=np.int64)
COLUMN_OF_INDEX = np.full(len(Weigeringsgrond), -1, dtype=np.int64)
COLUMN_OF_INDEX[INDEX_OF_COLUMN] = np.arange(len(REQUIREMENTS))


def _route_columns() -> np.ndarray:
    """Per Toelatingsroute index, which requirement columns belong to that route."""
    columns = np.zeros((len(Toelatingsroute), len(REQUIREMENTS)), dtype=bool)
    for j, eis in enumerate(REQUIREMENTS):
        for route in eis.routes:
            if route in Toelatingsroute.__members__:
                columns[Toelatingsroute[route].index, j] = True
    return columns


ROUTE_COLUMNS = _route_columns()
_NAME_ARRAY = pa.array(NAMES, type=pa.string())


def failed_matrix(simulation, period, rows=None) -> np.ndarray:
    """The failed matrix of a simulation (rows: an index or mask of the persons to keep)."""
    variables = simulation.tax_benefit_system.variables
    count = simulation.persons.count
    if rows is None:
        kept = count
    else:
        rows = np.asarray(rows)
        kept = int(np.count_nonzero(rows)) if rows.dtype == bool else len(rows)
    matrix = np.zeros((kept, len(REQUIREMENTS)), dtype=bool)
    for column, eis in enumerate(REQUIREMENTS):
        if eis.failed_variable in variables:
            value = np.asarray(simulation.calculate(eis.failed_variable, period), dtype=bool)
            matrix[:, column] = value if rows is None else value[rows]
    return matrix


def failed_rows(simulation, period, rows=None) -> FailedRows:
    """The :class:`FailedRows` of :func:`failed_matrix` (the same matrix), without building the
    persons x requirements matrix: which persons fail anything is found on the requirements'
    arrays, and only those persons' values are gathered (a few percent of the rows)."""
    variables = simulation.tax_benefit_system.variables
    count = simulation.persons.count
    if rows is not None:
        rows = np.asarray(rows)
        rows = np.flatnonzero(rows) if rows.dtype == bool else rows.astype(np.int64, copy=False)
    columns = {
        column: np.asarray(simulation.calculate(eis.failed_variable, period), dtype=bool)
        for column, eis in enumerate(REQUIREMENTS)
        if eis.failed_variable in variables
    }
    # a requirement no one fails may be a view of one False (eisen.failed_after_refusal)
    columns = {column: value for column, value in columns.items() if not _no_one(value)}
    anything = np.zeros(count, dtype=bool)
    for value in columns.values():
        anything |= value
    kept = anything if rows is None else anything[rows]
    found = np.flatnonzero(kept)  # positions among the kept rows
    persons = found if rows is None else rows[found]
    # gathered into the rows of the transposed matrix (contiguous writes), then laid out by person
    by_column = np.zeros((len(REQUIREMENTS), len(found)), dtype=bool)
    for column, value in columns.items():
        np.take(value, persons, out=by_column[column])
    failed = np.ascontiguousarray(by_column.T)
    return FailedRows.of(count if rows is None else len(rows), len(REQUIREMENTS), found, failed)


def _no_one(value: np.ndarray) -> bool:
    """A read-only view of one False for every person (nobody fails the requirement)."""
    return value.ndim == 1 and len(value) > 0 and value.strides[0] == 0 and not value[0]


def deciding_only(refused: np.ndarray, ground: np.ndarray) -> np.ndarray:
    """A failed matrix holding only the deciding ground of each refused person."""
    refused = np.asarray(refused, dtype=bool)
    ground = np.asarray(ground).astype(np.int64)
    matrix = np.zeros((len(ground), len(REQUIREMENTS)), dtype=bool)
    column = COLUMN_OF_INDEX[ground]
    rows = np.flatnonzero(refused & (column >= 0))
    matrix[rows, column[rows]] = True
    return matrix


def first_failed(matrix: np.ndarray) -> np.ndarray:
    """The Weigeringsgrond index of the first failed requirement (deciding order) per row; 0 if none."""
    matrix = np.asarray(matrix, dtype=bool)
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0], dtype=np.int64)
    first = np.argmax(matrix, axis=1)
    return np.where(matrix.any(axis=1), INDEX_OF_COLUMN[first], Weigeringsgrond.geen.index)


class FailedRows:
    """A failed matrix kept as its rows that fail anything (usually the refused, a few percent):
    their indices (``rows``, ascending) and their part of the matrix (``failed``), so that the
    list column, the refusal counts and the explanations never scan the whole persons x
    requirements matrix again."""

    def __init__(self, matrix: np.ndarray) -> None:
        matrix = np.asarray(matrix, dtype=bool)
        self.count, self.width = matrix.shape
        self.rows = np.flatnonzero(_any_per_row(matrix))
        self.failed = matrix[self.rows]

    @classmethod
    def of(cls, count: int, width: int, rows: np.ndarray, failed: np.ndarray) -> FailedRows:
        """The FailedRows of ``count`` persons whose failing ``rows`` (ascending) have ``failed``."""
        result = cls.__new__(cls)
        result.count, result.width, result.rows, result.failed = count, width, rows, failed
        return result

    def matrix(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The bool matrix of every person, or of ``rows`` (indices) only."""
        if rows is None:
            out = np.zeros((self.count, self.width), dtype=bool)
            out[self.rows] = self.failed
            return out
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros((len(rows), self.width), dtype=bool)
        at = np.searchsorted(self.rows, rows)
        hit = at < len(self.rows)
        hit[hit] = self.rows[at[hit]] == rows[hit]
        out[hit] = self.failed[at[hit]]
        return out


def _any_per_row(matrix: np.ndarray) -> np.ndarray:
    """``matrix.any(axis=1)`` of a C-ordered bool matrix, by its rows read as 8-byte words (a
    reduction along the short axis is slow in numpy)."""
    rows, width = matrix.shape
    if not width or width % 8 or not matrix.flags.c_contiguous:
        return matrix.any(axis=1)
    words = matrix.view(np.uint64)
    found = words[:, 0].copy()
    for j in range(1, width // 8):
        found |= words[:, j]
    return found != 0


def to_list_array(matrix) -> pa.ListArray:
    """The failed matrix (or its :class:`FailedRows`) as an Arrow list of member names per row
    (the table column)."""
    failing = matrix if isinstance(matrix, FailedRows) else FailedRows(matrix)
    flat = np.flatnonzero(failing.failed)  # row-major: each row's names in deciding order
    columns = flat % failing.width if failing.width else flat
    per_row = np.zeros(failing.count, dtype=np.int32)
    per_row[failing.rows] = np.count_nonzero(failing.failed, axis=1)
    offsets = np.zeros(failing.count + 1, dtype=np.int32)
    np.cumsum(per_row, out=offsets[1:])
    values = pc.take(_NAME_ARRAY, pa.array(columns.astype(np.int32)))  # no Python string per entry
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def from_list_column(column) -> np.ndarray:
    """A failed matrix from a list column of member names (Arrow or a Python list of lists)."""
    if not isinstance(column, pa.Array | pa.ChunkedArray):
        column = pa.array(column, type=pa.list_(pa.string()))
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    rows = pc.list_parent_indices(column).to_numpy(zero_copy_only=False)
    names = pc.list_flatten(column)
    if pa.types.is_dictionary(names.type):
        names = names.cast(names.type.value_type)
    found = pc.index_in(names, value_set=pa.array(NAMES))
    if found.null_count:
        unknown = sorted(set(pc.filter(names, pc.is_null(found)).to_pylist()) - {None})
        msg = f"Unknown failed requirement(s) {unknown}; allowed: {NAMES}."
        raise ValueError(msg)
    codes = found.to_numpy(zero_copy_only=False)
    matrix = np.zeros((len(column), len(REQUIREMENTS)), dtype=bool)
    matrix.reshape(-1)[rows.astype(np.int64) * len(REQUIREMENTS) + codes] = True
    return matrix


def names(matrix: np.ndarray) -> list[list[str]]:
    """The member names of each row's failed requirements, in deciding order."""
    return to_list_array(matrix).to_pylist()


def citation_fields(name: str) -> dict:
    """The citation of a Weigeringsgrond member as table fields (empty strings where it has none)."""
    eis = eisen.BY_NAME.get(name)
    citation = eis.citation if eis else None
    if citation is None:
        return {"law": "", "article": "", "lid": "", "onderdeel": "", "url": "", "bwb_id": ""}
    return {
        "law": citation.law,
        "article": citation.article,
        "lid": citation.lid,
        "onderdeel": citation.onderdeel,
        "url": citation.url,
        "bwb_id": citation.bwb_id,
    }


def cite(name: str) -> str:
    """'Wet arbeid vreemdelingen art. 8 lid 1 onder a (https://...)', or the member's label."""
    eis = eisen.BY_NAME.get(name)
    if eis is None or eis.citation is None:
        return Weigeringsgrond[name].value
    return f"{eis.citation.text()} ({eis.citation.url})"
