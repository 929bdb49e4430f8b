"""A population file read in chunks of whole households, so that memory does not grow with the file.

Two passes over the file (both stream it; a Parquet file is read twice, which is cheap):

1. :func:`check_file` validates every chunk and the rules that span chunks, and raises one
   :class:`PopulationError` with every problem (up to the limit), so nothing is computed from a bad
   file. Across chunks it keeps, in O(rows) 8-byte keys: every ``persoon_id`` (duplicates), the
   ``huishouden_id`` of every run of rows (a household must be contiguous), and per employer the
   first value given for each employer input (an :class:`EmployerRecord`; one employer has
   employees all over the file).
2. :func:`population_chunks` yields each chunk as a :class:`Population`: whole households, and
   employer groups built from the chunk's own rows, with each employer's inputs taken from the
   record of pass 1 (so a value given on any row of the file applies to every employee). That is
   exact because no formula aggregates over an employer's employees: employer inputs are values
   every employee shares, and pass 1 checked that they agree across the file.

Ids are compared by an 8-byte key: an integer id (or a text id of digits) by its value, any other
text id by its 64-bit hash (two different text ids collide with a chance of about n^2 / 2^65, some
3 in a million for 10 million ids). Text ids that differ only by leading zeros ("007", "7") count
as the same id, as they do in memory when every id of the column is a number.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from openfisca_arbeidsmigratie.population import io
from openfisca_arbeidsmigratie.population.model import Population
from openfisca_arbeidsmigratie.population.parsing import DTYPES, as_text
from openfisca_arbeidsmigratie.population.schema import (
    GROUP_ID_COLUMNS,
    PERSON_ID,
    Column,
    PopulationSchema,
)
from openfisca_arbeidsmigratie.population.validation import (
    MAX_ERRORS,
    NUMERIC_ID,
    ChunkContext,
    GroupReference,
    PopulationError,
    Problems,
    _assemble,
    _cell,
    _Collector,
    _file_metadata,
    _first_rows,
    check_birth_dates,
    check_columns,
    simulated_month,
)

DEFAULT_CHUNK_ROWS = 250_000
READ_ROWS = 1 << 16  # rows per record batch read; a chunk is cut from these
HOUSEHOLD_ID = GROUP_ID_COLUMNS["huishouden"]
EMPLOYER = "werkgever"
NO_KEY = np.iinfo(np.int64).min  # key of an empty id (reported by the per-chunk validation)


# ---- keys and chunks ------------------------------------------------------------------------------


def id_keys(cells: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An int64 key per id cell (NO_KEY where the cell is empty): integers and digit strings by
    their value, other text by its hash (stable within one process, which is all that is needed)."""
    if isinstance(cells, pa.ChunkedArray):
        parts = [id_keys(chunk) for chunk in cells.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)
    if pa.types.is_integer(cells.type):
        keys = pc.fill_null(cells.cast(pa.int64()), NO_KEY)
        return keys.to_numpy(zero_copy_only=False)
    text = as_text(cells)
    empty = pc.equal(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False)
    numeric = pc.match_substring_regex(text, NUMERIC_ID).to_numpy(zero_copy_only=False)
    keys = pc.if_else(pa.array(numeric), text, "0").cast(pa.int64()).to_numpy(zero_copy_only=False)
    keys = keys.copy()
    other = np.flatnonzero(~numeric & ~empty)
    if len(other):
        words = text.take(pa.array(other)).to_numpy(zero_copy_only=False)
        keys[other] = np.fromiter(map(hash, words), np.int64, count=len(other))
    keys[empty] = NO_KEY
    return keys


def _cut(households: pa.ChunkedArray, chunk_rows: int) -> int | None:
    """Where to end a chunk: the last start of a household at or before ``chunk_rows`` rows, else
    the first one after it (a household larger than a chunk); None when no household starts."""
    keys = id_keys(households)
    starts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    if not len(starts):
        return None
    before = starts[starts <= chunk_rows]
    return int(before[-1]) if len(before) else int(starts[0])


def household_chunks(
    batches: Iterable[pa.RecordBatch], chunk_rows: int
) -> Iterator[tuple[int, pa.Table]]:
    """(first row, table) of consecutive chunks of about ``chunk_rows`` rows, never cutting through
    a run of rows with one ``huishouden_id``: rows of a household that continue into the next
    batch are carried over to the next chunk."""
    pending, pending_rows, offset = [], 0, 0
    for batch in batches:
        if not batch.num_rows:
            continue
        pending.append(batch)
        pending_rows += batch.num_rows
        while pending_rows > chunk_rows:  # with more rows to come, the last household may go on
            table = pa.Table.from_batches(pending)
            cut = _cut(table.column(HOUSEHOLD_ID), chunk_rows)
            if cut is None:
                break
            chunk, rest = table.slice(0, cut), table.slice(cut)
            pending, pending_rows = rest.to_batches(), rest.num_rows
            del table, rest  # only the rows carried over stay while the next batches are read
            yield offset, chunk
            del chunk
            offset += cut
    if pending_rows:
        yield offset, pa.Table.from_batches(pending)


# ---- state across chunks --------------------------------------------------------------------------


class _Keys:
    """A growing int64 array (preallocated when the final length is known)."""

    def __init__(self, size: int | None = None) -> None:
        self.array = np.empty(size or 1024, np.int64)
        self.length = 0

    def extend(self, values: np.ndarray) -> None:
        end = self.length + len(values)
        if end > len(self.array):
            grown = np.empty(max(end, 2 * len(self.array)), np.int64)
            grown[: self.length] = self.array[: self.length]
            self.array = grown
        self.array[self.length : end] = values
        self.length = end

    def values(self) -> np.ndarray:
        return self.array[: self.length]


def repeated_values(keys: np.ndarray) -> np.ndarray:
    """The keys that occur more than once (NO_KEY ignored). Sorts ``keys`` in place: the buffers
    are not needed afterwards, and a sorted copy would double the memory of the check."""
    keys.sort()
    twice = keys[1:][(keys[1:] == keys[:-1]) & (keys[1:] != NO_KEY)]
    return np.unique(twice)


class EmployerRecord:
    """Per employer key (sorted): its first row in the file and, per employer input, whether a
    value was given on an earlier row and the first such value."""

    def __init__(self, columns: list[Column]) -> None:
        self.columns = {c.name: c for c in columns}
        self.keys = np.zeros(0, np.int64)
        self.first_rows = np.zeros(0, np.int64)
        self.given = {name: np.zeros(0, bool) for name in self.columns}
        self.values = {name: np.zeros(0, DTYPES[c.kind]) for name, c in self.columns.items()}

    def __len__(self) -> int:
        return len(self.keys)

    def enter(self, keys: np.ndarray, first_rows: np.ndarray) -> tuple[np.ndarray, GroupReference]:
        """Positions of ``keys`` (one per group of a chunk) after adding the new ones, and what
        earlier chunks gave for them."""
        known = self._positions(keys) >= 0
        new, index = np.unique(keys[~known], return_index=True)
        if len(new):
            self._insert(new, first_rows[~known][index])
        positions = np.searchsorted(self.keys, keys)
        reference = GroupReference(
            given={name: given[positions] & known for name, given in self.given.items()},
            values={name: values[positions] for name, values in self.values.items()},
            first_rows=self.first_rows[positions],
        )
        return positions, reference

    def record(
        self, positions: np.ndarray, name: str, given: np.ndarray, values: np.ndarray
    ) -> None:
        """Keep the chunk's values of column ``name`` where no earlier chunk gave one."""
        fresh = given & ~self.given[name][positions]
        self.given[name][positions[fresh]] = True
        self.values[name][positions[fresh]] = values[fresh]

    def _positions(self, keys: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.keys, keys)
        inside = at < len(self.keys)
        found = np.zeros(len(keys), bool)
        found[inside] = self.keys[at[inside]] == keys[inside]
        return np.where(found, at, -1)

    def _insert(self, keys: np.ndarray, first_rows: np.ndarray) -> None:
        at = np.searchsorted(self.keys, keys)
        self.keys = np.insert(self.keys, at, keys)
        self.first_rows = np.insert(self.first_rows, at, first_rows)
        for name, column in self.columns.items():
            self.given[name] = np.insert(self.given[name], at, False)
            default = np.zeros(1, DTYPES[column.kind])[0]
            self.values[name] = np.insert(self.values[name], at, default)


class _FileContext(ChunkContext):
    """A chunk of a streamed file: its offset, and the employer record of the earlier chunks."""

    whole_file = False

    def __init__(self, offset: int, employers: EmployerRecord | None = None) -> None:
        self.offset = offset
        self.employers = employers
        self.positions = None

    def reference(self, entity: str, ids: pa.Array, index: np.ndarray, count: int):
        if entity != EMPLOYER or self.employers is None or not count:
            return None
        first = _first_rows(index, count)
        keys = id_keys(ids)[first]
        self.positions, reference = self.employers.enter(keys, first + self.offset)
        return reference

    def record(self, entity: str, name: str, given: np.ndarray, values: np.ndarray) -> None:
        if entity == EMPLOYER and self.positions is not None:
            self.employers.record(self.positions, name, given, values)


# ---- the two passes -------------------------------------------------------------------------------


@dataclasses.dataclass
class FileSummary:
    """What the checking pass learnt about a valid file."""

    source: str
    persons: int
    chunks: int
    employers: EmployerRecord  # every employer's inputs, for the computing pass
    metadata: dict[str, str]


def _open(path, source: str) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    try:
        return io.open_batches(path, READ_ROWS)
    except io.PopulationFileError as error:
        raise PopulationError(source, [str(error)], 1) from None


def _chunk_population(
    table: pa.Table, *, names, schema, problems: Problems, context: ChunkContext, source: str
) -> Population:
    collector = _Collector(names, schema, problems, table.num_rows, context.offset)
    for batch in table.to_batches():
        collector.add(batch)
    return _assemble(source, names, collector, schema, problems, context=context)


def _check_chunk(offset: int, table: pa.Table, state: _Checks) -> None:
    state.persons.extend(id_keys(table.column(PERSON_ID)))
    households = id_keys(table.column(HOUSEHOLD_ID))
    starts = np.flatnonzero(np.r_[True, households[1:] != households[:-1]])
    state.runs.extend(households[starts])
    # The chunk's problems are collected in state.problems; the next chunk is checked too.
    with contextlib.suppress(PopulationError):
        population = _chunk_population(
            table,
            names=state.names,
            schema=state.schema,
            problems=state.problems,
            context=_FileContext(offset, state.employers),
            source=state.source,
        )
        if state.month is not None:  # birth dates not after the application
            check_birth_dates(population, state.month, state.problems, offset)


@dataclasses.dataclass
class _Checks:
    source: str
    names: list[str]
    schema: PopulationSchema
    problems: Problems
    persons: _Keys  # every persoon_id, in file order
    runs: _Keys  # the huishouden_id of every run of rows with one household
    employers: EmployerRecord
    month: object = None  # the month simulated (a Period), when known


def check_file(
    path: str | os.PathLike,
    schema: PopulationSchema,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    max_errors: int = MAX_ERRORS,
    period=None,
) -> FileSummary:
    """Validate a CSV or Parquet population file chunk by chunk; raise PopulationError listing
    every problem (the same checks as load_population, plus: rows of a household together; with
    ``period``, the month simulated: birth dates not after it)."""
    source = os.fspath(path)
    names, batches = _open(path, source)
    problems = Problems(source, max_errors)
    check_columns(names, schema, problems)
    problems.raise_if_any()
    employer_columns = [schema.columns[n] for n in names if n in schema.columns]
    rows = io.row_count(path)  # Parquet says; for CSV the buffers grow
    state = _Checks(
        source=source,
        names=names,
        schema=schema,
        problems=problems,
        persons=_Keys(rows),
        runs=_Keys(rows),  # at most one run per row; untouched pages of np.empty cost no memory
        employers=EmployerRecord([c for c in employer_columns if c.entity == EMPLOYER]),
        month=None if period is None else simulated_month(period),
    )
    chunks = 0
    try:
        for offset, table in household_chunks(batches, chunk_rows):
            _check_chunk(offset, table, state)
            chunks += 1
    except io.PopulationFileError as error:
        raise PopulationError(source, [str(error)], 1) from None
    if not chunks:
        problems.add("the file has no data rows; allowed: at least one person")
    _report_duplicate_persons(path, state)
    _report_split_households(path, state)
    problems.raise_if_any()
    return FileSummary(
        source=source,
        persons=state.persons.length,
        chunks=chunks,
        employers=state.employers,
        metadata=_file_metadata(path),
    )


def _report_duplicate_persons(path, state: _Checks) -> None:
    twice = repeated_values(state.persons.values())
    for row, first, cell in _repeats(path, PERSON_ID, twice, state.problems, runs=False):
        state.problems.add(
            f"row {row + 1}, column '{PERSON_ID}', value {cell}: duplicate id "
            f"(first on row {first + 1}); allowed: each persoon_id once"
        )


def _report_split_households(path, state: _Checks) -> None:
    twice = repeated_values(state.runs.values())
    for row, first, cell in _repeats(path, HOUSEHOLD_ID, twice, state.problems, runs=True):
        state.problems.add(
            f"row {row + 1}, column '{HOUSEHOLD_ID}', value {cell}: the household's rows are not "
            f"together (it has rows from row {first + 1} on, then other households); allowed: all rows "
            "of one huishouden_id next to each other, as a file read in chunks needs (sort the file by "
            "huishouden_id)"
        )


def _repeats(path, name: str, twice: np.ndarray, problems: Problems, *, runs: bool):
    """(row, first row, cell) of each repeat of the keys ``twice`` in column ``name`` (of each run
    of equal keys when ``runs``), found by reading the file once more, only when there are any.
    Repeats beyond the message limit are only counted."""
    found = []
    if not len(twice):
        return found
    first: dict[int, int] = {}
    offset, previous = 0, None
    for batch in _open(path, os.fspath(path))[1]:
        column = batch.column(name)
        keys = id_keys(column)
        starts = np.ones(len(keys), bool)
        if runs and len(keys):
            starts[1:] = keys[1:] != keys[:-1]
            starts[0] = keys[0] != previous
            previous = keys[-1]
        for row in np.flatnonzero(starts & np.isin(keys, twice)):
            key = int(keys[row])
            if key not in first:
                first[key] = offset + int(row)
            elif len(found) + len(problems.messages) < problems.limit:
                found.append((offset + int(row), first[key], _cell(column, int(row))))
            else:
                problems.total += 1
        offset += batch.num_rows
    return found


def population_chunks(
    path: str | os.PathLike,
    schema: PopulationSchema,
    *,
    employers: EmployerRecord,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> Iterator[Population]:
    """The file as consecutive populations of whole households.

    ``employers`` is :attr:`FileSummary.employers` of :func:`check_file` on the same file: it holds
    each employer's inputs from all of the file, so that a value given only on a row of a later
    chunk also applies to the employer's employees in earlier chunks, as it does in memory. This
    pass checks each chunk again but not the rules across chunks.
    """
    source = os.fspath(path)
    names, batches = _open(path, source)
    metadata = _file_metadata(path)
    for offset, table in household_chunks(batches, chunk_rows):
        problems = Problems(source)
        population = _chunk_population(
            table,
            names=names,
            schema=schema,
            problems=problems,
            context=_FileContext(offset, employers),
            source=source,
        )
        population.metadata = metadata
        yield population
        # The chunk's arrays go before the next chunk is read: one chunk in memory, not two.
        del population, table
