"""Validate a population file and encode it, or reject it with every problem at once.

Nothing is computed from a file that has a problem. Messages name the file, the row (1 = the
first data row; in a CSV that is line 2), the column, the value and what is allowed. At most
``max_errors`` messages are listed, followed by "... and N more".
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.population import io
from openfisca_arbeidsmigratie.population.model import Population, freeze
from openfisca_arbeidsmigratie.population.parsing import (
    DTYPES,
    Parsed,
    as_text,
    buffer_values,
    parse,
    parse_valid,
    validity,
)
from openfisca_arbeidsmigratie.population.schema import (
    BIRTH_DATE_COLUMNS,
    GROUP_ID_COLUMNS,
    ID_COLUMNS,
    PERSON_ID,
    REQUIRED_ID_COLUMNS,
    ROLE_COLUMN,
    Column,
    PopulationSchema,
)

MAX_ERRORS = 50
NUMERIC_ID = r"^-?[0-9]{1,18}$"


class PopulationError(ValueError):
    """The population file was rejected; ``problems`` lists every message."""

    def __init__(self, source: str, problems: list[str], total: int) -> None:
        self.source = source
        self.problems = problems
        self.total = total
        super().__init__(str(self))

    def __str__(self) -> str:
        head = (
            f"{self.source}: population rejected, {self.total} problem(s); nothing was computed. "
            "Rows count from 1 = the first data row (line 2 of a CSV)."
        )
        lines = [head, *(f"  - {p}" for p in self.problems)]
        if self.total > len(self.problems):
            lines.append(f"  ... and {self.total - len(self.problems)} more")
        return "\n".join(lines)


class Problems:
    """Collects problems (vectorised masks or single messages), keeping the first ``limit`` texts."""

    def __init__(self, source: str, limit: int = MAX_ERRORS) -> None:
        self.source = source
        self.limit = limit
        self.messages: list[str] = []
        self.total = 0

    def add(self, message: str) -> None:
        self.total += 1
        if len(self.messages) < self.limit:
            self.messages.append(f"{self.source}: {message}")

    def add_rows(
        self,
        mask: np.ndarray,
        offset: int,
        *,
        column: str,
        cells: pa.Array,
        reason: str,
        allowed: str,
        hint=None,
    ) -> None:
        rows = np.flatnonzero(mask)
        room = max(self.limit - len(self.messages), 0)
        for row in rows[:room]:
            value = _cell(cells, int(row))
            extra = hint(str(cells[int(row)].as_py())) if hint else ""
            self.messages.append(
                f"{self.source}: row {offset + int(row) + 1}, column '{column}', value {value}: {reason}{extra}; allowed: {allowed}"
            )
        self.total += len(rows)

    def raise_if_any(self) -> None:
        if self.total:
            raise PopulationError(self.source, self.messages, self.total)


def _cell(cells: pa.Array, row: int) -> str:
    value = cells[row].as_py()
    text = "" if value is None else str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def check_columns(names: list[str], schema: PopulationSchema, problems: Problems) -> None:
    for name in REQUIRED_ID_COLUMNS:
        if name not in names:
            problems.add(
                f"missing required column '{name}'; required: {', '.join(REQUIRED_ID_COLUMNS)}"
            )
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.add(
            f"column '{name}' appears {names.count(name)} times; allowed: each column once"
        )
    known = schema.known_columns
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
            hint = "did you mean " + " or ".join(repr(c) for c in close) + "? " if close else ""
            problems.add(
                f"unknown column '{name}'; {hint}allowed: the id columns ({', '.join(ID_COLUMNS)}) and the input "
                f"variables of the package (see docs/population-format.md)"
            )


class _Buffer:
    """Collects numpy chunks: straight into one preallocated array when the row count is known
    (Parquet), so that no second, concatenated copy is ever made; else in a list."""

    def __init__(self, dtype, rows: int | None) -> None:
        self.dtype = dtype
        self.array = np.empty(rows, dtype) if rows is not None else None
        self.chunks: list[np.ndarray] = []
        self.filled = 0

    def slot(self, length: int) -> np.ndarray | None:
        """Where the next ``length`` values go, for a parser that writes them there itself (None
        when they go to the list)."""
        if self.array is not None and self.filled + length <= len(self.array):
            return self.array[self.filled : self.filled + length]
        return None

    def append(self, chunk: np.ndarray, *, written: bool = False) -> None:
        """Store ``chunk``, cast to the buffer's dtype (the fast parsers give the same numbers in a
        wider dtype: the cast is done by the copy into the buffer). ``written``: the chunk is the
        :meth:`slot`, already filled."""
        if written:
            self.filled += len(chunk)
            return
        if self.array is not None and self.filled + len(chunk) <= len(self.array):
            self.array[self.filled : self.filled + len(chunk)] = chunk
        else:
            self.chunks.append(chunk.astype(self.dtype, copy=False))
        self.filled += len(chunk)

    def result(self) -> np.ndarray:
        if self.array is not None and not self.chunks:
            return self.array[: self.filled]
        return _concat(self.chunks, self.dtype)


class _Collector:
    """Parses batch after batch into numpy buffers and keeps the id columns."""

    def __init__(
        self,
        names: list[str],
        schema: PopulationSchema,
        problems: Problems,
        rows: int | None,
        offset: int = 0,
        *,
        context: ChunkContext | None = None,
    ) -> None:
        self.schema = schema
        self.problems = problems
        self.inputs = [schema.columns[n] for n in names if n in schema.columns]
        context = context or ChunkContext()
        # the columns read (the others' values come from the context) and those whose values
        # are kept (the others are only checked)
        self.read = {c.name for c in self.inputs if context.reads(c)}
        self.kept = {c.name for c in self.inputs if c.name in self.read and context.keeps(c)}
        self.has_roles = ROLE_COLUMN in names
        self.values = {
            c.name: _Buffer(DTYPES[c.kind], rows) for c in self.inputs if c.name in self.kept
        }
        # empty-cell masks are needed only to merge group inputs
        group = [
            c.name for c in self.inputs if c.entity != schema.person_entity and c.name in self.read
        ]
        self.missing = {name: _Buffer(bool, rows) for name in group}
        self.group_cells: dict[str, list[pa.Array]] = {name: [] for name in group}
        self.ids: dict[str, list[pa.Array]] = {n: [] for n in REQUIRED_ID_COLUMNS}
        self.roles: list[np.ndarray] = []
        self.rows = 0
        self.offset = offset  # file row of the first row collected (streaming chunks)
        self.dictionaries: dict = {}  # each column's parsed dictionary, reused by later batches

    def add(self, batch: pa.RecordBatch) -> None:
        for column in self.inputs:
            if column.name not in self.read:
                continue
            cells = batch.column(column.name)
            group = column.name in self.group_cells
            kept = column.name in self.kept
            slot = self.values[column.name].slot(len(cells)) if kept else None
            valid = parse_valid(
                cells, column, missing=group, dictionaries=self.dictionaries, values=kept, out=slot
            )
            if valid is None:  # a cell may be a problem: the full parse, which reports it
                parsed = parse(cells, column, self.dictionaries)
                self._report(parsed, column, cells)
                valid = parsed.values, parsed.missing
            if kept:
                self.values[column.name].append(valid[0], written=valid[0] is slot)
            if group:
                self.missing[column.name].append(valid[1])
                self.group_cells[column.name].append(cells)
        for name in REQUIRED_ID_COLUMNS:
            self.ids[name].append(self._id(batch.column(name), name))
        self.roles.append(self._roles(batch))
        self.rows += batch.num_rows

    def _report(self, parsed: Parsed, column: Column, cells: pa.Array) -> None:
        for mask, reason in parsed.invalid:
            if mask.any():
                self.problems.add_rows(
                    mask,
                    self.offset + self.rows,
                    column=column.name,
                    cells=cells,
                    reason=reason,
                    allowed=column.allowed(),
                    hint=column.hint,
                )

    def _id(self, cells: pa.Array, name: str) -> pa.Array:
        if pa.types.is_integer(cells.type):
            ids = cells.cast(pa.int64())
            if name == "werkgever_id" or not ids.null_count:
                return ids  # no empty cell to report (the usual case: no mask made)
            empty = pc.is_null(ids)
        else:
            ids = as_text(cells)
            empty = pc.equal(pc.utf8_length(ids), 0)
            ids = pc.if_else(empty, pa.scalar(None, pa.string()), ids)
        mask = empty.to_numpy(zero_copy_only=False)
        if name != "werkgever_id" and mask.any():
            self.problems.add_rows(
                mask,
                self.offset + self.rows,
                column=name,
                cells=cells,
                reason="empty",
                allowed="a non-empty identifier",
            )
        return ids

    def _roles(self, batch: pa.RecordBatch) -> np.ndarray:
        keys = self.schema.role_keys
        if not self.has_roles:
            return np.zeros(batch.num_rows, np.int8)
        cells = batch.column(ROLE_COLUMN)
        if pa.types.is_dictionary(cells.type):
            # the (few) distinct values once, expanded by the indices; a null cell is empty
            index, empty = _role_index(as_text(cells.dictionary), keys)
            if not ((index < 0) & ~empty).any():  # no unknown role: each cell's code by one gather
                codes = np.where(index < 0, keys.index("aanvrager"), index).astype(np.int8)
                rows = buffer_values(cells.indices)
                if cells.null_count:  # an empty cell: the role's default, after the values
                    codes = np.append(codes, np.int8(keys.index("aanvrager")))
                    rows = np.where(validity(cells.indices), rows, len(codes) - 1)
                return codes[rows]
            rows = pc.fill_null(cells.indices, 0).to_numpy(zero_copy_only=False)
            if cells.null_count:
                rows = np.where(cells.is_null().to_numpy(zero_copy_only=False), len(index), rows)
                index, empty = np.append(index, -1), np.append(empty, True)
            index, empty = index[rows], empty[rows]
        else:
            index, empty = _role_index(as_text(cells), keys)
        unknown = (index < 0) & ~empty
        if unknown.any():
            self.problems.add_rows(
                unknown,
                self.offset + self.rows,
                column=ROLE_COLUMN,
                cells=cells,
                reason="not a known role",
                allowed=", ".join(keys),
            )
        return np.where(index < 0, keys.index("aanvrager"), index).astype(np.int8)


def _role_index(text: pa.Array, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Index of each (trimmed) text in ``keys`` (-1 where it is not one), and which are empty."""
    index = pc.fill_null(pc.index_in(text, value_set=pa.array(keys)), -1)
    empty = pc.equal(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False)
    return index.to_numpy(zero_copy_only=False).astype(np.int64), empty


def _concat(chunks: list[np.ndarray], dtype) -> np.ndarray:
    if not chunks:
        return np.zeros(0, dtype)
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


def _id_array(chunks: list[pa.Array]) -> pa.Array:
    ids = pa.concat_arrays(chunks) if len(chunks) > 1 else chunks[0]
    if pa.types.is_string(ids.type):
        numeric = pc.all(
            pc.or_kleene(pc.is_null(ids), pc.match_substring_regex(ids, NUMERIC_ID))
        ).as_py()
        if numeric is not False and len(ids):
            return ids.cast(pa.int64())
    return ids


def _encode(ids: pa.Array) -> tuple[np.ndarray, int]:
    """0-based group index per row (-1 where the id is null) and the number of distinct ids."""
    if pa.types.is_integer(ids.type) and len(ids):
        return _encode_integers(ids)
    encoded = pc.dictionary_encode(ids)
    index = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    return index, len(encoded.dictionary)


def _encode_integers(ids: pa.Array) -> tuple[np.ndarray, int]:
    """Integer ids: their run numbers when they are in order, a direct table when their range is
    small, else a sort (no hashing). Every way gives the rank among the distinct ids."""
    valid = validity(ids)
    values = buffer_values(ids)  # the slots of empty cells hold arbitrary values
    if valid is None:
        return _present_codes(values, len(values))
    first = int(np.argmax(valid))
    if not valid[first]:
        return np.full(len(values), -1, np.int32), 0
    # Empty cells take the first id given (a pass of np.where is several times as fast as
    # selecting the given cells by the mask, and adds no id); their codes become -1 after.
    filled = np.where(valid, values, values[first])
    low, high = int(filled.min()), int(filled.max())
    if high - low <= 4 * len(values) + 1024:
        codes, count = _table_codes(filled, low, high)
        return np.where(valid, codes, np.int32(-1)), count
    unique, inverse = np.unique(values[valid], return_inverse=True)
    index = np.full(len(values), -1, np.int32)
    index[valid] = inverse
    return index, len(unique)


def _present_codes(values: np.ndarray, rows: int) -> tuple[np.ndarray, int]:
    sorted_codes = _run_codes(values)
    if sorted_codes is not None:
        return sorted_codes
    low, high = int(values.min()), int(values.max())
    if high - low <= 4 * rows + 1024:
        return _table_codes(values, low, high)
    unique, inverse = np.unique(values, return_inverse=True)
    return inverse.astype(np.int32), len(unique)


def _table_codes(values: np.ndarray, low: int, high: int) -> tuple[np.ndarray, int]:
    present = np.zeros(high - low + 1, bool)
    offsets = values - low
    present[offsets] = True
    code = np.cumsum(present, dtype=np.int32)
    code -= 1
    return code[offsets], int(code[-1]) + 1


def _run_codes(values: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Codes of ids in non-decreasing order (as files usually list them): the number of the run
    of equal ids, which is the rank among the distinct ids that the other encodings give; None
    when the ids are not in order. Sequential passes only, no table indexed at random."""
    if len(values) < 2:
        return None
    head = values[:1025]  # ids out of order usually show it at once: no pass over all of them
    if not (head[1:] >= head[:-1]).all() or not (values[1:] >= values[:-1]).all():
        return None
    starts = np.empty(len(values), bool)
    starts[0] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    code = np.cumsum(starts, dtype=np.int32)
    code -= 1
    return code, int(code[-1]) + 1


def _first_rows(index: np.ndarray, count: int) -> np.ndarray:
    """Row of the first occurrence of each code (-1 where a code never occurs)."""
    first = np.full(count, -1, np.int64)
    rows = np.flatnonzero(index >= 0)[::-1]
    first[index[rows]] = rows  # written last to first, so the earliest row stays
    return first


def check_unique_persons(ids: pa.Array, problems: Problems) -> None:
    index, count = _encode(ids)
    if count == int((index >= 0).sum()):
        return  # as many distinct ids as named rows: no duplicate (the usual case, without gathers)
    counts = np.bincount(index[index >= 0], minlength=count)
    first = _first_rows(index, count)
    duplicate = (
        (index >= 0)
        & (counts[np.maximum(index, 0)] > 1)
        & (first[np.maximum(index, 0)] != np.arange(len(index)))
    )
    for row in np.flatnonzero(duplicate)[: problems.limit]:
        problems.add(
            f"row {row + 1}, column '{PERSON_ID}', value {_cell(ids, int(row))}: duplicate id "
            f"(first on row {first[index[row]] + 1}); allowed: each persoon_id once"
        )
    problems.total += max(int(duplicate.sum()) - problems.limit, 0)


def check_household_roles(
    index: np.ndarray,
    count: int,
    *,
    ids: pa.Array,
    roles: np.ndarray,
    schema,
    problems,
    offset: int = 0,
) -> None:
    first = None  # each household's first row: only needed for a message
    named = index >= 0
    width = len(schema.roles)
    # members per household and role, in one pass: household * roles + role
    pair = np.multiply(index, width, dtype=np.int64)
    pair += roles
    per_role = np.bincount(pair if named.all() else pair[named], minlength=count * width)
    per_role = per_role.reshape(count, width)
    for code, (key, maximum) in enumerate(schema.roles):
        per_household = per_role[:, code]
        if key == "aanvrager":
            bad = np.flatnonzero(per_household != 1)
            expected = "exactly one row with rol_huishouden = aanvrager per huishouden_id"
        elif maximum is not None:
            bad = np.flatnonzero(per_household > maximum)
            expected = f"at most {maximum} row(s) with rol_huishouden = {key} per huishouden_id"
        else:
            continue
        if len(bad) and first is None:
            first = _first_rows(index, count)
        for household in bad:
            row = int(first[household])
            problems.add(
                f"row {offset + row + 1}, column 'huishouden_id', value {_cell(ids, row)}: the household has "
                f"{int(per_household[household])} member(s) with role {key}; allowed: {expected}"
            )


@dataclasses.dataclass
class GroupReference:
    """What earlier chunks of a streamed file gave for the groups of this chunk (one entry per group)."""

    given: dict[str, np.ndarray]  # column -> a value was given on an earlier row
    values: dict[str, np.ndarray]  # column -> that earlier value (in the column's dtype)
    first_rows: np.ndarray  # the group's first row in the file (0-based), -1 for a new group


class ChunkContext:
    """Where the rows being validated sit in their file. The default is a whole file read at once;
    the streaming reader (population/streaming.py) checks duplicate ids across chunks itself and
    hands the employer values of earlier chunks in through :meth:`reference`."""

    offset = 0
    whole_file = True

    def reads(self, column: Column) -> bool:
        """Whether the column is read from the rows (else :meth:`group_values` gives it)."""
        return True

    def keeps(self, column: Column) -> bool:
        """Whether the column's values are kept (else its cells are only checked)."""
        return True

    def group_values(self, column: Column, count: int) -> np.ndarray:
        """The values of the chunk's groups for a group column that is not read."""
        raise NotImplementedError

    def reference(self, entity: str, ids: pa.Array, index: np.ndarray, count: int):
        """Earlier values of this chunk's groups of ``entity`` (a GroupReference), or None."""
        return None

    def record(self, entity: str, name: str, given: np.ndarray, values: np.ndarray) -> None:
        """Called with each group column of the chunk: which groups gave a value, and the values."""


def _group_values(
    column: Column,
    values: np.ndarray,
    *,
    missing: np.ndarray,
    index: np.ndarray,
    count: int,
    cells,
    problems,
    offset: int = 0,
    reference: GroupReference | None = None,
    filled: dict | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One value per group from its filled member rows, and which groups have one. Conflicting
    members are problems (compared with the group's first filled row, in an earlier chunk if any)."""
    rows = _filled_rows(missing, index, count, {} if filled is None else filled)
    given, groups, first_row, has, groups_with, taken, dangling = rows
    for row in dangling[: problems.limit]:
        problems.add(
            f"row {offset + row + 1}, column '{column.name}', value {_cell(cells, int(row))}: an input of the "
            f"{column.entity} on a row whose {GROUP_ID_COLUMNS[column.entity]} is empty; allowed: "
            f"{column.entity} inputs only on rows that name their {column.entity}"
        )
    out = np.full(count, _default(column), dtype=DTYPES[column.kind])
    out[groups_with] = values[taken]  # each group's value: that of its first filled row
    earlier = np.zeros(count, bool)
    if reference is not None:
        earlier = reference.given[column.name]
        out = np.where(earlier, reference.values[column.name], out)  # (a fraction of a mask's cost)
    conflict = given[values[given] != out[groups]]
    for row in conflict[: problems.limit]:
        group = index[row]
        if earlier[group]:
            other = (
                f"{_value_text(column, out[group])}, given on an earlier row of the same {column.entity} "
                f"(which starts on row {reference.first_rows[group] + 1})"
            )
        else:
            other_row = int(first_row[group])
            other = f"{_cell(cells, other_row)} on row {offset + other_row + 1} of the same {column.entity}"
        problems.add(
            f"row {offset + row + 1}, column '{column.name}', value {_cell(cells, int(row))}: conflicts with "
            f"{other}; allowed: one value per "
            f"{GROUP_ID_COLUMNS[column.entity]} (empty cells take the group's value)"
        )
    problems.total += max(len(conflict) - problems.limit, 0)
    return out, has


def _filled_rows(missing: np.ndarray, index: np.ndarray, count: int, last: dict):
    """The rows that give a group value (filled and naming a group), their groups, each group's
    first such row (-1 for none), which groups have one and their first rows, and the filled rows
    that name no group. The columns of a group usually leave the same rows empty: ``last`` (kept
    by the caller for one entity's columns) holds the previous column's mask and result, reused
    when the mask is the same."""
    if "missing" in last and np.array_equal(last["missing"], missing):
        return last["result"]
    given = np.flatnonzero(~missing & (index >= 0))
    groups = index[given]
    first_row = np.full(count, -1, np.int64)
    first_row[groups[::-1]] = given[::-1]  # written last to first: the earliest row stays
    # the filled rows that name no group (each one a problem)
    dangling = given[:0] if len(given) == len(index) else np.flatnonzero(~missing & (index < 0))
    has = first_row >= 0
    groups_with = np.flatnonzero(has)
    result = given, groups, first_row, has, groups_with, first_row[groups_with], dangling
    last.update(missing=missing, result=result)
    return result


def _value_text(column: Column, value) -> str:
    """A parsed value as a user would write it (for messages about rows of an earlier chunk)."""
    if column.kind == "enum":
        return repr(column.enum_names[int(value)])
    if column.kind == "bool":
        return repr("true" if value else "false")
    return repr(str(value))


def _default(column: Column):
    if column.kind == "enum":
        return column.enum_names.index(column.default) if column.default in column.enum_names else 0
    if column.kind == "date":
        return np.datetime64(column.default, "D")
    return column.default


def _validate_stream(
    source: str,
    names: list[str],
    batches: Iterable[pa.RecordBatch],
    schema: PopulationSchema,
    *,
    max_errors: int,
    rows: int | None = None,
) -> Population:
    problems = Problems(source, max_errors)
    check_columns(names, schema, problems)
    problems.raise_if_any()
    collector = _Collector(names, schema, problems, rows)
    for batch in batches:
        collector.add(batch)
    if collector.rows == 0:
        problems.add("the file has no data rows; allowed: at least one person")
        problems.raise_if_any()
    return _assemble(source, names, collector, schema, problems)


def _assemble(
    source,
    names,
    collector: _Collector,
    schema: PopulationSchema,
    problems: Problems,
    *,
    context: ChunkContext | None = None,
) -> Population:
    context = context or ChunkContext()
    ids = {name: _id_array(chunks) for name, chunks in collector.ids.items()}
    roles = _concat(collector.roles, np.int8)
    if context.whole_file:
        check_unique_persons(ids[PERSON_ID], problems)
    group_index, group_count = {}, {}
    for entity, column in GROUP_ID_COLUMNS.items():
        group_index[entity], group_count[entity] = _encode(ids[column])
    check_household_roles(
        group_index["huishouden"],
        group_count["huishouden"],
        ids=ids["huishouden_id"],
        roles=roles,
        schema=schema,
        problems=problems,
        offset=context.offset,
    )
    person_inputs, group_inputs = {}, {entity: {} for entity in GROUP_ID_COLUMNS}
    references = {
        entity: context.reference(entity, ids[column], group_index[entity], group_count[entity])
        for entity, column in GROUP_ID_COLUMNS.items()
    }
    filled = {entity: {} for entity in GROUP_ID_COLUMNS}  # per entity: the last filled rows
    for column in collector.inputs:
        if column.name not in collector.read:
            if column.entity != schema.person_entity:  # else not read and not needed
                count = group_count[column.entity]
                group_inputs[column.entity][column.name] = context.group_values(column, count)
            continue
        if column.name not in collector.kept:
            continue
        values = collector.values[column.name].result()
        if column.entity == schema.person_entity:
            person_inputs[column.name] = freeze(values)
            continue
        group_values, given = _group_values(
            column,
            values,
            missing=collector.missing[column.name].result(),
            index=group_index[column.entity],
            count=group_count[column.entity],
            cells=pa.chunked_array(collector.group_cells[column.name]),
            problems=problems,
            offset=context.offset,
            reference=references[column.entity],
            filled=filled[column.entity],
        )
        context.record(column.entity, column.name, given, group_values)
        group_inputs[column.entity][column.name] = group_values
    problems.raise_if_any()
    _private_employers(group_index, group_count, group_inputs, schema)
    for per_entity in group_inputs.values():
        for array in per_entity.values():
            freeze(array)
    return Population(
        source=source,
        ids=ids,
        roles=roles,
        role_keys=schema.role_keys,
        group_index=group_index,
        group_count=group_count,
        person_inputs=person_inputs,
        group_inputs=group_inputs,
        columns=tuple(names),
    )


def _private_employers(group_index, group_count, group_inputs, schema: PopulationSchema) -> None:
    """Rows without a werkgever_id each get an employer of their own, with default inputs."""
    index = group_index["werkgever"]
    without = np.flatnonzero(index < 0)  # rows, in order (an index, cheaper than the mask)
    extra = len(without)
    if not extra:
        return
    count = group_count["werkgever"]
    index[without] = count + np.arange(extra, dtype=np.int32)
    group_count["werkgever"] = count + extra
    for name, values in group_inputs["werkgever"].items():
        column = schema.columns[name]
        group_inputs["werkgever"][name] = np.concatenate(
            [values, np.full(extra, _default(column), values.dtype)]
        )


def load_population(
    path: str | os.PathLike,
    schema: PopulationSchema,
    max_errors: int = MAX_ERRORS,
    batch_rows: int = io.BATCH_ROWS,
) -> Population:
    """Read, validate and encode a CSV or Parquet population file (raises PopulationError)."""
    source = os.fspath(path)
    try:
        names, batches = io.open_batches(path, batch_rows)
    except io.PopulationFileError as error:
        raise PopulationError(source, [str(error)], 1) from None
    try:
        population = _validate_stream(
            source, names, batches, schema, max_errors=max_errors, rows=io.row_count(path)
        )
    except io.PopulationFileError as error:
        raise PopulationError(source, [str(error)], 1) from None
    population.metadata = _file_metadata(path)
    return population


def population_from_table(
    table: pa.Table, schema: PopulationSchema, source: str = "<table>", max_errors: int = MAX_ERRORS
) -> Population:
    """Validate and encode an in-memory Arrow table with the columns of a population file."""
    batches: Iterator[pa.RecordBatch] = iter(table.to_batches())
    population = _validate_stream(
        source, table.column_names, batches, schema, max_errors=max_errors
    )
    population.metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    return population


def _file_metadata(path) -> dict[str, str]:
    if io.file_format(path) != "parquet":
        return {}
    metadata = pq.read_schema(path).metadata or {}
    return {k.decode(): v.decode() for k, v in metadata.items() if not k.startswith(b"ARROW")}


def simulated_month(period):
    """The month period of "YYYY-MM" or "YYYY" (its first month); None when it does not parse
    (the comparison gives its own message)."""
    from openfisca_core import periods  # noqa: PLC0415

    try:
        start = periods.period(str(period)).start
    except Exception:  # noqa: BLE001 (ValueError, PeriodError or pendulum's ParserError)
        return None
    return periods.period(f"{start.year:04d}-{start.month:02d}")


def check_birth_dates(population: Population, month, problems: Problems, offset: int = 0) -> None:
    """Birth dates after the application (the first day of ``month``, a month period; population
    files cannot set ``aanvraagdatum``) as problems; ``offset`` is the file row of the
    population's first row (a chunk of a streamed file)."""
    first = np.datetime64(str(month.start), "D")
    for name in BIRTH_DATE_COLUMNS:
        values = population.person_inputs.get(name)
        if values is None:
            continue
        for row in np.flatnonzero(values > first):
            problems.add(
                f"row {offset + int(row) + 1}, column '{name}', value '{values[row]}': after the "
                f"application date (the first day of the month simulated, {month.start}); allowed: "
                f"a date on or before {month.start}"
            )


def check_simulated_month(population: Population, period, max_errors: int = MAX_ERRORS) -> None:
    """Reject birth dates after the application, the first day of the month simulated (a person
    not yet born has no age; the age-based criteria would apply to a negative age). ``period`` is
    "YYYY-MM" or "YYYY" (its first month)."""
    month = simulated_month(period)
    if month is None:
        return
    problems = Problems(population.source, max_errors)
    check_birth_dates(population, month, problems)
    problems.raise_if_any()
