"""Vectorised parsing of one Arrow column into the numpy dtype of its OpenFisca variable.

Every parser returns a :class:`Parsed`: the values (defaults where the cell is empty), a mask of
empty cells and a mask of invalid cells with the reason. No Python loop runs over rows.
"""

from __future__ import annotations

import dataclasses
import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from openfisca_arbeidsmigratie.population.schema import DATE_MAX, DATE_MIN, Column

INT_PATTERN = r"^[+-]?[0-9]{1,18}$"
FLOAT_PATTERN = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
INT32 = np.iinfo(np.int32)
DTYPES = {
    "bool": np.bool_,
    "int": np.int32,
    "float": np.float32,
    "date": "datetime64[D]",
    "enum": np.int16,
    "str": object,
}


@dataclasses.dataclass
class Parsed:
    values: np.ndarray
    missing: np.ndarray
    invalid: list[tuple[np.ndarray, str]]  # (mask, reason) pairs


def fill_null(array: pa.Array, value) -> pa.Array:
    """``pc.fill_null`` without its copy when there is nothing to fill (the usual case)."""
    return array if array.null_count == 0 else pc.fill_null(array, value)


def as_text(array: pa.Array) -> pa.Array:
    """Any Arrow array as trimmed text without nulls (null -> "")."""
    if pa.types.is_dictionary(array.type):
        array = array.cast(array.type.value_type)
    if pa.types.is_date(array.type) or pa.types.is_timestamp(array.type):
        array = pc.strftime(array.cast(pa.timestamp("s")), format="%Y-%m-%d")
    elif not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.string())
    return pc.utf8_trim_whitespace(fill_null(array, ""))


def _np(array: pa.Array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _raw(array: pa.Array) -> np.ndarray:
    """The values of a typed (primitive) Arrow array as numpy, its nulls NOT filled: their slots
    hold arbitrary values. For the parsers that replace every missing cell themselves; it spares
    filling the nulls twice (the filling costs about as much as the whole rest of a column)."""
    if array.null_count == 0:
        return _np(array)
    if pa.types.is_boolean(array.type):  # bit-packed: unpacked by a cast (0/1 in every slot)
        return _raw(array.cast(pa.uint8())).view(np.bool_)
    if pa.types.is_date32(array.type):
        return _raw(array.view(pa.int32())).astype("datetime64[D]")
    dtype = np.dtype(array.type.to_pandas_dtype())
    data = np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array) + array.offset)
    return data[array.offset :]


def _matches(text: pa.Array, pattern: str) -> np.ndarray:
    return _np(pc.match_substring_regex(text, pattern))


def _missing_of(array: pa.Array, text: pa.Array | None) -> np.ndarray:
    if text is not None:
        return _np(pc.equal(pc.utf8_length(text), 0))
    return _np(pc.is_null(array))


def _typed(array: pa.Array, kind: str) -> bool:
    t = array.type
    return {
        "bool": pa.types.is_boolean(t),
        "int": pa.types.is_integer(t),
        "float": pa.types.is_floating(t) or pa.types.is_integer(t),
        "date": pa.types.is_date(t) or pa.types.is_timestamp(t),
        "enum": pa.types.is_integer(t),
    }.get(kind, False)


def _fill(values: np.ndarray, missing: np.ndarray, default, dtype) -> np.ndarray:
    out = np.asarray(values).astype(dtype, copy=False)
    if missing.any():
        return np.where(missing, dtype(default), out)  # one pass, a new array
    return out


def parse_bool(array: pa.Array, column: Column) -> Parsed:
    if _typed(array, "bool"):
        missing = _missing_of(array, None)
        return Parsed(_fill(_raw(array), missing, bool(column.default), np.bool_), missing, [])
    text = pc.utf8_lower(as_text(array))
    true = _np(pc.is_in(text, pa.array(["true", "1"])))
    false = _np(pc.is_in(text, pa.array(["false", "0"])))
    missing = _missing_of(array, text)
    values = np.where(missing, bool(column.default), true)
    return Parsed(values, missing, [(~(true | false | missing), "not a boolean")])


def _int_values(array: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """int64 values, missing mask, malformed mask."""
    if _typed(array, "int"):  # missing cells: arbitrary values, replaced by the callers
        return (
            _raw(array.cast(pa.int64())),
            _missing_of(array, None),
            np.zeros(len(array), bool),
        )
    text = as_text(array)
    missing = _missing_of(array, text)
    ok = _matches(text, INT_PATTERN)
    values = _np(pc.if_else(pa.array(ok), text, "0").cast(pa.int64()))
    return values, missing, ~ok & ~missing


def _range_masks(
    values: np.ndarray, column: Column, missing: np.ndarray
) -> list[tuple[np.ndarray, str]]:
    problems = []
    if column.minimum is not None:
        low = values < column.minimum if column.minimum_inclusive else values <= column.minimum
        problems.append((low & ~missing, "below the allowed minimum"))
    if column.maximum is not None:
        problems.append(((values > column.maximum) & ~missing, "above the allowed maximum"))
    return problems


def parse_int(array: pa.Array, column: Column) -> Parsed:
    values, missing, malformed = _int_values(array)
    overflow = ((values < INT32.min) | (values > INT32.max)) & ~missing & ~malformed
    values = np.where(missing | malformed | overflow, column.default or 0, values).astype(np.int32)
    problems = [(malformed, "not an integer"), (overflow, "outside the 32-bit integer range")]
    return Parsed(values, missing, problems + _range_masks(values, column, missing | malformed))


def parse_float(array: pa.Array, column: Column) -> Parsed:
    if _typed(array, "float"):
        missing = _missing_of(array, None)
        values = _raw(array.cast(pa.float64()))  # missing cells: replaced below
        with np.errstate(invalid="ignore"):
            malformed = ~np.isfinite(values) & ~missing
    else:
        text = as_text(array)
        missing = _missing_of(array, text)
        ok = _matches(text, FLOAT_PATTERN)
        values = _np(pc.if_else(pa.array(ok), text, "0").cast(pa.float64()))
        malformed = (~ok | ~np.isfinite(values)) & ~missing
    with np.errstate(over="ignore"):
        overflow = ~np.isfinite(values.astype(np.float32)) & ~missing & ~malformed
    values = np.where(missing | malformed | overflow, column.default or 0.0, values)
    problems = [
        (malformed, "not a number (use a dot as decimal separator)"),
        (overflow, "too large for the variable's type (a 32-bit float, at most 3.4e38)"),
    ]
    problems += _range_masks(values, column, missing | malformed | overflow)
    return Parsed(values.astype(np.float32), missing, problems)


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    first = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    return ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)


def parse_date(array: pa.Array, column: Column) -> Parsed:
    default = np.datetime64(column.default or datetime.date(1970, 1, 1), "D")
    if _typed(array, "date"):
        missing = _missing_of(array, None)
        values = _raw(array.cast(pa.date32())).astype("datetime64[D]")  # missing: replaced below
        malformed = np.zeros(len(array), bool)
    else:
        text = as_text(array)
        missing = _missing_of(array, text)
        shaped = _matches(text, DATE_PATTERN)
        safe = pc.if_else(pa.array(shaped), text, "1970-01-01")
        year = _np(pc.utf8_slice_codeunits(safe, 0, 4).cast(pa.int64()))
        month = _np(pc.utf8_slice_codeunits(safe, 5, 7).cast(pa.int64()))
        day = _np(pc.utf8_slice_codeunits(safe, 8, 10).cast(pa.int64()))
        month_ok = (month >= 1) & (month <= 12)
        safe_month = np.where(month_ok, month, 1)
        real = month_ok & (day >= 1) & (day <= _days_in_month(year, safe_month))
        malformed = ~(shaped & real) & ~missing
        values = (
            ((year - 1970) * 12 + safe_month - 1).astype("datetime64[M]").astype("datetime64[D]")
        )
        values = values + np.where(real, day - 1, 0).astype("timedelta64[D]")
    outside = (
        ((values < np.datetime64(DATE_MIN)) | (values > np.datetime64(DATE_MAX)))
        & ~missing
        & ~malformed
    )
    values = np.where(missing | malformed | outside, default, values)
    return Parsed(
        values,
        missing,
        [
            (malformed, "not a real date in the form YYYY-MM-DD"),
            (outside, "outside the allowed dates"),
        ],
    )


def parse_enum(array: pa.Array, column: Column) -> Parsed:
    names = column.enum_names
    default = names.index(column.default) if column.default in names else 0
    if _typed(array, "enum"):
        values, missing, malformed = _int_values(array)
    else:
        text = as_text(array)
        missing = _missing_of(array, text)
        by_name = _np(fill_null(pc.index_in(text, value_set=pa.array(names)), -1))
        digits = _matches(text, r"^[0-9]{1,5}$")
        by_index = _np(pc.if_else(pa.array(digits), text, "-1").cast(pa.int64()))
        values = np.where(by_name >= 0, by_name, by_index)
        malformed = np.zeros(len(array), bool)
    unknown = ((values < 0) | (values >= len(names))) & ~missing & ~malformed
    values = np.where(missing | malformed | unknown, default, values).astype(np.int16)
    return Parsed(values, missing, [(malformed | unknown, "not a known value")])


def parse_str(array: pa.Array, column: Column) -> Parsed:
    text = as_text(array)
    missing = _missing_of(array, text)
    problems = []
    if column.codes is not None:
        known = _np(pc.is_in(text, value_set=pa.array(sorted(column.codes))))
        problems.append((~known & ~missing, "not a known code"))
    if column.pattern is not None:
        problems.append(
            (~_matches(text, f"^(?:{column.pattern})$") & ~missing, "not in the required format")
        )
    if column.max_length:
        too_long = _np(pc.greater(pc.utf8_length(text), column.max_length))
        problems.append((too_long, "too long"))
    values = _np(text).astype(object)
    if column.default:
        values[missing] = column.default
    return Parsed(values, missing, problems)


PARSERS = {
    "bool": parse_bool,
    "int": parse_int,
    "float": parse_float,
    "date": parse_date,
    "enum": parse_enum,
    "str": parse_str,
}


def parse(array: pa.Array, column: Column, dictionaries: dict | None = None) -> Parsed:
    """Parse ``array`` (text cells or typed Parquet values) as values of ``column``.

    ``dictionaries`` (a dict the caller keeps across the batches of one file) keeps the parse of
    each column's dictionary, so that a dictionary repeated by every batch is parsed once."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        return _parse_dictionary(array, column, {} if dictionaries is None else dictionaries)
    return PARSERS[column.kind](array, column)


def _parsed_dictionary(dictionary: pa.Array, column: Column):
    """The parse of a dictionary's distinct values, followed by one entry for an empty cell (the
    index that null indices are given): values, missing mask and (mask, reason) pairs."""
    parsed = PARSERS[column.kind](dictionary, column)
    empty = PARSERS[column.kind](pa.array([None], dictionary.type), column)
    values = np.concatenate([parsed.values, empty.values[:1]])
    missing = np.append(parsed.missing, True)
    invalid = [(np.append(mask, False), reason) for mask, reason in parsed.invalid]
    return values, missing, invalid


def _cached_dictionary(array: pa.DictionaryArray, column: Column, dictionaries: dict):
    """(values, missing, invalid) of the array's dictionary, parsed once per distinct dictionary
    of a column (``dictionaries``: the cache, per column name)."""
    cached = dictionaries.get(column.name)
    if cached is not None and cached[0].equals(array.dictionary):
        return cached[1]
    parsed = _parsed_dictionary(array.dictionary, column)
    dictionaries[column.name] = (array.dictionary, parsed)
    return parsed


def _parse_dictionary(array: pa.DictionaryArray, column: Column, dictionaries: dict) -> Parsed:
    """Parse the (small) dictionary once and expand by the indices (one gather per array; a
    problem mask only where a distinct value has the problem)."""
    values, missing, invalid = _cached_dictionary(array, column, dictionaries)
    indices = array.indices
    if indices.null_count:
        # the entry of an empty cell (int32: one past a full int8 dictionary does not fit int8)
        indices = pc.fill_null(indices.cast(pa.int32()), len(values) - 1)
    index = _np(indices)
    return Parsed(
        values[index],
        missing[index],
        [
            (mask[index] if mask.any() else np.zeros(len(index), bool), reason)
            for mask, reason in invalid
        ],
    )


# ---- the fast path: a column whose cells are all valid ------------------------------------------
#
# ``parse_valid`` answers for the columns that a Parquet file usually holds (native types and
# dictionaries of text) with a few passes of numpy over the column's buffers: the values with the
# default in the empty cells, and their minimum and maximum (NaN or infinite when a float is),
# which tell whether any cell can be a problem. When one may be, or the column is of another
# storage, it answers None and the caller parses the column with ``parse``, whose messages are the
# reference: the fast path changes no message and no value.

_FAST_TYPES = {
    "bool": pa.types.is_boolean,
    "int": pa.types.is_integer,
    "enum": pa.types.is_integer,
    "float": lambda t: pa.types.is_float32(t) or pa.types.is_float64(t),
    "date": pa.types.is_date32,
}
_DAY_MIN = (DATE_MIN - datetime.date(1970, 1, 1)).days
_DAY_MAX = (DATE_MAX - datetime.date(1970, 1, 1)).days


def parse_valid(
    array: pa.Array,
    column: Column,
    *,
    missing: bool,
    dictionaries: dict | None = None,
    values: bool = True,
    out: np.ndarray | None = None,
) -> tuple[np.ndarray | None, np.ndarray | None] | None:
    """``(values, missing mask)`` of a column none of whose cells is a problem, or None when one
    may be (or the storage has no fast path). The values are those that ``parse`` gives, possibly
    in a wider dtype of the same numbers (int64 for an int32 variable, float64 for a float32 one,
    int32 days for a date): the caller casts them where it stores them. The mask is only made when
    ``missing`` is asked for (else None); the values only when ``values`` are (else None: the
    column is only checked). ``out`` (an array of the variable's dtype, one slot per cell) may
    receive the values: then the values returned are ``out`` itself."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        cache = {} if dictionaries is None else dictionaries
        return _valid_dictionary(array, column, missing, cache, want_values=values, out=out)
    test = _FAST_TYPES.get(column.kind)
    if test is None or not test(array.type):
        return None
    valid = validity(array)
    if column.kind == "bool" and not values:
        parsed = None  # every cell of a boolean column is valid
    else:
        try:
            parsed = _VALID[column.kind](buffer_values(array), valid, column)
        except (OverflowError, ValueError):  # e.g. a default the column's type cannot hold
            return None
        if parsed is None:
            return None
    if not missing:
        return parsed, None
    return parsed, (np.zeros(len(array), bool) if valid is None else ~valid)


def _bits(buffer: pa.Buffer, offset: int, length: int) -> np.ndarray:
    bits = np.frombuffer(buffer, np.uint8)
    return np.unpackbits(bits, count=offset + length, bitorder="little")[offset:].view(np.bool_)


def validity(array: pa.Array) -> np.ndarray | None:
    """Which cells hold a value (None when all do)."""
    if array.null_count == 0:
        return None
    return _bits(array.buffers()[0], array.offset, len(array))


def buffer_values(array: pa.Array) -> np.ndarray:
    """The value slots of a primitive array (those of empty cells hold arbitrary values)."""
    if pa.types.is_boolean(array.type):
        return _bits(array.buffers()[1], array.offset, len(array))
    dtype = np.int32 if pa.types.is_date32(array.type) else np.dtype(array.type.to_pandas_dtype())
    data = np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array) + array.offset)
    return data[array.offset :]


def _filled(raw: np.ndarray, valid: np.ndarray | None, default) -> np.ndarray:
    """The values with ``default`` in the empty cells. A default of 0 (and the empty day,
    1970-01-01) without np.where's branch per cell, at a fraction of its cost: integers by a
    product with the mask; floats by clearing every bit of the empty cells (exactly +0.0, whatever
    their slots hold; a given value, -0.0 or NaN included, keeps its bits)."""
    if valid is None:
        return raw
    if raw.dtype.kind in "iu" and default == 0:
        return np.multiply(raw, valid, dtype=raw.dtype)
    if raw.dtype.kind == "f" and default == 0 and not np.signbit(default):
        bits = np.dtype(f"i{raw.dtype.itemsize}")
        keep = np.negative(valid, dtype=bits)  # all ones where given, 0 where empty
        return np.bitwise_and(raw.view(bits), keep).view(raw.dtype)
    return np.where(valid, raw, raw.dtype.type(default))


def _extremes(filled, raw, valid, default, accept) -> bool:
    """Whether every value given passes ``accept(low, high)``: tested on the filled values (one
    min and one max), and only when that fails because of the default, on the given ones alone."""
    if not len(filled):
        return True
    if accept(filled.min(), filled.max()):
        return True
    if valid is None or accept(default, default):
        return False  # a given value fails
    given = raw[valid]
    return not len(given) or accept(given.min(), given.max())


def _valid_bool(raw, valid, column: Column):
    if valid is None:
        return raw
    return raw & valid if not column.default else raw | ~valid


def _valid_int(raw, valid, column: Column):
    default = column.default or 0

    def accept(low, high) -> bool:
        low, high = int(low), int(high)
        return low >= INT32.min and high <= INT32.max and _in_range(low, high, column)

    filled = _filled(raw, valid, default)
    return filled if _extremes(filled, raw, valid, default, accept) else None


def _valid_enum(raw, valid, column: Column):
    names = column.enum_names
    default = names.index(column.default) if column.default in names else 0

    def accept(low, high) -> bool:
        return int(low) >= 0 and int(high) < len(names)

    filled = _filled(raw, valid, default)
    return filled if _extremes(filled, raw, valid, default, accept) else None


def _valid_float(raw, valid, column: Column):
    default = float(column.default or 0.0)

    def accept(low, high) -> bool:
        low, high = float(low), float(high)  # NaN when a value is: fails every test
        with np.errstate(over="ignore"):
            narrow = np.isfinite(np.float32(low)) and np.isfinite(np.float32(high))
        return bool(narrow) and _in_range(low, high, column)

    filled = _filled(raw, valid, default)
    return filled if _extremes(filled, raw, valid, default, accept) else None


def _valid_date(raw, valid, column: Column):
    day = np.datetime64(column.default or datetime.date(1970, 1, 1), "D").astype(np.int64)

    def accept(low, high) -> bool:
        return int(low) >= _DAY_MIN and int(high) <= _DAY_MAX

    filled = _filled(raw, valid, day)
    return filled if _extremes(filled, raw, valid, day, accept) else None


def _in_range(low, high, column: Column) -> bool:
    if column.minimum is not None and (
        low < column.minimum or (not column.minimum_inclusive and low == column.minimum)
    ):
        return False
    return column.maximum is None or high <= column.maximum


_VALID = {
    "bool": _valid_bool,
    "int": _valid_int,
    "enum": _valid_enum,
    "float": _valid_float,
    "date": _valid_date,
}


def _valid_dictionary(
    array: pa.DictionaryArray,
    column: Column,
    want_missing: bool,
    dictionaries,
    *,
    want_values=True,
    out=None,
):
    values, missing, invalid = _cached_dictionary(array, column, dictionaries)
    bad = [mask for mask, _ in invalid if mask.any()]
    bad = np.logical_or.reduce(bad) if bad else None
    indices = array.indices
    index = buffer_values(indices)
    if indices.null_count:
        # An empty cell takes the entry after the dictionary's values. With that entry moved to
        # the front, the indices are (index + 1) * given: two passes without a branch per cell.
        values, missing = np.roll(values, 1), np.roll(missing, 1)
        bad = None if bad is None else np.roll(bad, 1)
        index = np.add(index, 1, dtype=np.int32)
        np.multiply(index, validity(indices), out=index)
    if bad is not None and bad[index].any():
        return None  # a distinct value with a problem is used
    empty_cells = missing[index] if want_missing else None
    if not want_values:
        return None, empty_cells
    if out is not None and out.dtype == values.dtype and len(index):
        if int(index.min()) < 0 or int(index.max()) >= len(values):
            return None  # not a valid dictionary array: the full parse (which raises) decides
        # straight into the caller's array (no second copy); "clip" takes no temporary buffer,
        # and every index is in range
        return np.take(values, index, out=out, mode="clip"), empty_cells
    return values[index], empty_cells
