"""A population file read in chunks of whole households, so that memory does not grow with the file.

Two passes over the file (both stream it; a Parquet file is read twice, which is cheap):

1. :func:`check_file` validates every chunk and the rules that span chunks, and raises one
   :class:`PopulationError` with every problem (up to the limit), so nothing is computed from a bad
   file. Across chunks it keeps, in O(rows) 8-byte keys: every ``persoon_id`` (duplicates), the
   ``huishouden_id`` of every run of rows (a household must be contiguous), and per employer the
   first value given for each employer input (an :class:`EmployerRecord`; one employer has
   employees all over the file). With ``person_inputs=False`` it reads and checks only the id,
   role and employer columns (every rule that spans rows), and leaves the person inputs to pass 2.
2. :func:`population_chunks` yields each chunk as a :class:`Population`: whole households, and
   employer groups built from the chunk's own rows, with each employer's inputs taken from the
   record of pass 1 (so a value given on any row of the file applies to every employee; the
   employer columns are not read again). That is exact because no formula aggregates over an
   employer's employees: employer inputs are values every employee shares, and pass 1 checked
   that they agree across the file. The person inputs are checked as they are encoded (numpy
   min/max over whole columns, population/parsing.py ``parse_valid``), with ``check=True`` also
   the birth dates; a problem raises the chunk's problems.

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
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.population import io
from openfisca_arbeidsmigratie.population.model import Population
from openfisca_arbeidsmigratie.population.parsing import DTYPES, as_text, buffer_values, validity
from openfisca_arbeidsmigratie.population.schema import (
    BIRTH_DATE_COLUMNS,
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
    _default,
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
        ids = cells.cast(pa.int64())
        valid = validity(ids)
        keys = buffer_values(ids)  # the slots of empty cells are arbitrary: replaced below
        return keys if valid is None else np.where(valid, keys, NO_KEY)
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
    """A growing array (int64 unless told; preallocated when the final length is known)."""

    def __init__(self, size: int | None = None, dtype=np.int64) -> None:
        self.array = np.empty(size or 1024, dtype)
        self.length = 0

    def extend(self, values: np.ndarray) -> None:
        end = self.length + len(values)
        if end > len(self.array):
            grown = np.empty(max(end, 2 * len(self.array)), self.array.dtype)
            grown[: self.length] = self.array[: self.length]
            self.array = grown
        self.array[self.length : end] = values
        self.length = end

    def values(self) -> np.ndarray:
        return self.array[: self.length]


def repeated_values(keys: np.ndarray) -> np.ndarray:
    """The keys that occur more than once (NO_KEY ignored). Sorts ``keys`` in place: the buffers
    are not needed afterwards, and a sorted copy would double the memory of the check. Keys of a
    small range (ids numbered from 1) are first counted in a table: when no key repeats (the
    usual case) no sort is needed."""
    if not len(keys):
        return keys[:0]
    low, high = int(keys.min()), int(keys.max())
    if low != NO_KEY and high - low < 4 * len(keys) + (1 << 20):
        keys -= low  # in place (and back below): no copy of the keys
        present = np.zeros(high - low + 1, bool)
        present[keys] = True
        keys += low
        if int(np.count_nonzero(present)) == len(keys):
            return keys[:0]
        del present
    keys.sort()
    twice = keys[1:][(keys[1:] == keys[:-1]) & (keys[1:] != NO_KEY)]
    return np.unique(twice)


class _KeyIndex:
    """The slot of each key entered (0, 1, ... in the order entered): a table indexed by the key
    while the keys are small non-negative integers (ids numbered from 1, as usual; the table then
    holds at most about 4 entries per key), else the keys sorted beside their slots."""

    def __init__(self) -> None:
        self.count = 0
        self.table: np.ndarray | None = np.zeros(0, np.int32)  # slot + 1 per key, 0: not entered
        self.keys = np.zeros(0, np.int64)  # sorted (once the table is given up)
        self.slots = np.zeros(0, np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The slot of each key, -1 for a key not entered."""
        if self.table is not None:
            if len(keys) and keys.min() >= 0 and keys.max() < len(self.table):
                return self.table[keys].astype(np.int64) - 1
            inside = (keys >= 0) & (keys < len(self.table))
            found = np.zeros(len(keys), np.int64)
            found[inside] = self.table[keys[inside]]
            return found - 1
        if not len(self.keys):
            return np.full(len(keys), -1, np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.slots[at], -1)

    def add(self, new: np.ndarray) -> None:
        """Enter ``new`` (sorted distinct keys not yet entered) as the next slots."""
        slots = self.count + np.arange(len(new), dtype=np.int64)
        self.count += len(new)
        limit = 4 * self.count + (1 << 20)
        if self.table is not None and new[0] >= 0 and new[-1] < limit:
            if new[-1] >= len(self.table):
                grown = np.zeros(min(max(int(new[-1]) + 1, 2 * len(self.table)), limit), np.int32)
                grown[: len(self.table)] = self.table
                self.table = grown
            self.table[new] = slots + 1
            return
        if self.table is not None:  # keys beyond the table: from now on sorted keys
            self.keys = np.flatnonzero(self.table).astype(np.int64)
            self.slots = self.table[self.keys].astype(np.int64) - 1
            self.table = None
        at = np.searchsorted(self.keys, new)
        self.keys = np.insert(self.keys, at, new)
        self.slots = np.insert(self.slots, at, slots)


class EmployerRecord:
    """Per employer (in the order the file names them): its first row in the file and, per
    employer input, whether a value was given on an earlier row and the first such value. A
    chunk's new employers are added at the end of these arrays (a :class:`_KeyIndex` finds each
    employer's slot)."""

    def __init__(self, columns: list[Column]) -> None:
        self.columns = {c.name: c for c in columns}
        self._index = _KeyIndex()  # the slot of each employer's key in the arrays below
        self._first_rows = _Keys()
        self._given = {name: _Keys(dtype=bool) for name in self.columns}
        self._values = {name: _Keys(dtype=DTYPES[c.kind]) for name, c in self.columns.items()}

    def __len__(self) -> int:
        return self._index.count

    @property
    def first_rows(self) -> np.ndarray:
        return self._first_rows.values()

    @property
    def given(self) -> dict[str, np.ndarray]:
        return {name: grown.values() for name, grown in self._given.items()}

    @property
    def values(self) -> dict[str, np.ndarray]:
        return {name: grown.values() for name, grown in self._values.items()}

    def enter(self, keys: np.ndarray, first_rows: np.ndarray) -> tuple[np.ndarray, GroupReference]:
        """Slots of ``keys`` (one per group of a chunk) after adding the new ones, and what
        earlier chunks gave for them."""
        slots = self._positions(keys)
        known = slots >= 0
        if not known.all():
            new, index = np.unique(keys[~known], return_index=True)
            self._index.add(new)
            self._first_rows.extend(first_rows[~known][index])
            for name, column in self.columns.items():
                self._given[name].extend(np.zeros(len(new), bool))
                self._values[name].extend(np.zeros(len(new), DTYPES[column.kind]))
            slots = self._positions(keys)
        given, values = self.given, self.values
        reference = GroupReference(
            given={name: given[name][slots] & known for name in self.columns},
            values={name: values[name][slots] for name in self.columns},
            first_rows=self.first_rows[slots],
        )
        return slots, reference

    def record(self, slots: np.ndarray, name: str, given: np.ndarray, values: np.ndarray) -> None:
        """Keep the chunk's values of column ``name`` where no earlier chunk gave one."""
        earlier = self._given[name].values()
        fresh = given & ~earlier[slots]
        if not fresh.any():
            return
        where = slots[fresh]
        earlier[where] = True
        self._values[name].values()[where] = values[fresh]

    def slots(self, keys: np.ndarray) -> np.ndarray:
        """The slot of each key (all of them entered), in the arrays of :attr:`given` and
        :attr:`values`."""
        slots = self._positions(keys)
        if len(slots) and slots.min() < 0:
            msg = "an employer of the file was not seen by the checking pass (did the file change?)"
            raise RuntimeError(msg)
        return slots

    def _positions(self, keys: np.ndarray) -> np.ndarray:
        return self._index.find(keys)


class _FileContext(ChunkContext):
    """A chunk of a streamed file: its offset, and the employer record of the earlier chunks.

    The checking pass (``building`` False) keeps only the values that its checks need (the
    employer inputs, the birth dates); the computing pass (``building`` True) reads no employer
    input: the checking pass has recorded each employer's value from all of the file (the first
    one given, which every other given value equals) and it is taken from there."""

    whole_file = False

    def __init__(
        self,
        offset: int,
        employers: EmployerRecord | None = None,
        *,
        building: bool = False,
        person_inputs: bool = True,
    ) -> None:
        self.offset = offset
        self.employers = employers
        self.building = building
        self.person_inputs = person_inputs  # False: a checking pass of the other columns only
        self.positions = None

    def reads(self, column: Column) -> bool:
        if column.entity not in GROUP_ID_COLUMNS:
            return self.person_inputs
        return not (self.building and column.entity == EMPLOYER and self.employers is not None)

    def keeps(self, column: Column) -> bool:
        person = column.entity not in GROUP_ID_COLUMNS
        return self.building or not person or column.name in BIRTH_DATE_COLUMNS

    def group_values(self, column: Column, count: int) -> np.ndarray:
        out = np.full(count, _default(column), dtype=DTYPES[column.kind])
        if self.positions is not None:
            given = self.employers.given[column.name][self.positions]
            out[given] = self.employers.values[column.name][self.positions[given]]
        return out

    def reference(self, entity: str, ids: pa.Array, index: np.ndarray, count: int):
        if entity != EMPLOYER or self.employers is None or not count:
            return None
        first = _first_rows(index, count)
        keys = id_keys(ids)[first]
        if self.building:  # the record is complete: only where this chunk's employers are in it
            self.positions = self.employers.slots(keys)
            return None
        self.positions, reference = self.employers.enter(keys, first + self.offset)
        return reference

    def record(self, entity: str, name: str, given: np.ndarray, values: np.ndarray) -> None:
        if entity == EMPLOYER and self.positions is not None and not self.building:
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


def _open(path, source: str, skip=()) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    try:
        return io.open_batches(path, READ_ROWS, skip)
    except io.PopulationFileError as error:
        raise PopulationError(source, [str(error)], 1) from None


def _chunk_population(
    table: pa.Table, *, names, schema, problems: Problems, context: ChunkContext, source: str
) -> Population:
    collector = _Collector(names, schema, problems, table.num_rows, context.offset, context=context)
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
            context=_FileContext(offset, state.employers, person_inputs=state.person_inputs),
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
    person_inputs: bool = True  # False: the person inputs are left to the computing pass


def check_file(
    path: str | os.PathLike,
    schema: PopulationSchema,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    max_errors: int = MAX_ERRORS,
    period=None,
    person_inputs: bool = True,
) -> FileSummary:
    """Validate a CSV or Parquet population file chunk by chunk; raise PopulationError listing
    every problem (the same checks as load_population, plus: rows of a household together; with
    ``period``, the month simulated: birth dates not after it).

    Without ``person_inputs``, the person inputs are neither read nor checked (nor the birth
    dates): every rule that spans rows (ids, households, roles, employers) is, and
    :func:`population_chunks` with ``check=True`` checks the rest chunk by chunk. The messages of
    that check alone are not those of the whole check: on a problem, run the whole one."""
    source = os.fspath(path)
    person_columns = [] if person_inputs else _person_columns(schema)
    names, batches = _open(path, source, skip={c.name for c in person_columns})
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
        month=None if period is None or not person_inputs else simulated_month(period),
        person_inputs=person_inputs,
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
    for batch in _open(path, os.fspath(path), _others(path, name))[1]:
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


def _employer_columns(schema: PopulationSchema) -> list[Column]:
    return [c for c in schema.columns.values() if c.entity == EMPLOYER]


def _person_columns(schema: PopulationSchema) -> list[Column]:
    return [c for c in schema.columns.values() if c.entity not in GROUP_ID_COLUMNS]


def _others(path, name: str) -> list[str]:
    """The columns of a Parquet file other than ``name`` (not read to find the repeats of an id)."""
    if io.file_format(path) != "parquet":
        return []
    return [other for other in pq.read_schema(path).names if other != name]


def population_chunks(
    path: str | os.PathLike,
    schema: PopulationSchema,
    *,
    employers: EmployerRecord,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    check: bool = False,
    period=None,
) -> Iterator[Population]:
    """The file as consecutive populations of whole households.

    ``employers`` is :attr:`FileSummary.employers` of :func:`check_file` on the same file: it holds
    each employer's inputs from all of the file, so that a value given only on a row of a later
    chunk also applies to the employer's employees in earlier chunks, as it does in memory. This
    pass checks each chunk's person inputs again (cheaply: every cell passed the checking pass) and
    reads no employer input (they come from ``employers``). With ``check`` (after a
    :func:`check_file` without ``person_inputs``), also the birth dates against ``period``; a
    chunk with a problem raises PopulationError with the chunk's problems (only the first up to
    the limit of the whole check's; run the whole check for the file's messages).
    """
    source = os.fspath(path)
    names, batches = _open(path, source, skip={c.name for c in _employer_columns(schema)})
    metadata = _file_metadata(path)
    month = None if period is None or not check else simulated_month(period)
    for offset, table in household_chunks(batches, chunk_rows):
        problems = Problems(source)
        population = _chunk_population(
            table,
            names=names,
            schema=schema,
            problems=problems,
            context=_FileContext(offset, employers, building=True),
            source=source,
        )
        if month is not None:
            check_birth_dates(population, month, problems, offset)
            problems.raise_if_any()
        population.metadata = metadata
        yield population
        # The chunk's arrays go before the next chunk is read: one chunk in memory, not two.
        del population, table
