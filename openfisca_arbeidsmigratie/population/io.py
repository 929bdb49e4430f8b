"""Reading and writing population files (CSV and Parquet) as streams of Arrow record batches."""

from __future__ import annotations

import csv
import os
import pathlib
from collections.abc import Collection, Iterator

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
BATCH_ROWS = 1 << 20


class PopulationFileError(ValueError):
    """A population file that cannot be read at all (missing, empty, not CSV/Parquet, malformed)."""


def file_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    suffix = pathlib.Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        msg = f"{path}: unknown file type '{suffix}'; allowed: .csv, .parquet (or .pq)."
        raise PopulationFileError(msg) from None


def _csv_header(path: pathlib.Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            return next(csv.reader(handle))
        except StopIteration:
            msg = f"{path}: the file is empty (no header row and no data rows)."
            raise PopulationFileError(msg) from None
        except UnicodeDecodeError as error:
            msg = f"{path}: the file is not UTF-8 text ({error.reason} at byte {error.start})."
            raise PopulationFileError(msg) from None


def _csv_batches(path: pathlib.Path) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    names = [name.strip() for name in _csv_header(path)]
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    read = pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=16 << 20, encoding="utf8")
    try:
        reader = pacsv.open_csv(path, read_options=read, convert_options=convert)
    except pa.ArrowInvalid as error:
        msg = f"{path}: malformed CSV: {error}"
        raise PopulationFileError(msg) from None

    def batches() -> Iterator[pa.RecordBatch]:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowInvalid as error:
                msg = f"{path}: malformed CSV: {error}"
                raise PopulationFileError(msg) from None
            yield batch

    return names, batches()


def _parquet_batches(
    path: pathlib.Path, batch_rows: int, skip: Collection[str] = ()
) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    try:
        handle = pq.ParquetFile(path, pre_buffer=True)  # each row group's columns in one read
    except (pa.ArrowInvalid, OSError) as error:
        msg = f"{path}: not a readable Parquet file: {error}"
        raise PopulationFileError(msg) from None
    names = list(handle.schema_arrow.names)
    columns = [name for name in names if name not in skip] if skip else None
    return names, _row_group_batches(handle, batch_rows, columns)


def _row_group_batches(
    handle: pq.ParquetFile, batch_rows: int, columns: list[str] | None = None
) -> Iterator[pa.RecordBatch]:
    """Batches of at most ``batch_rows`` rows that do not span row groups (a batch stitched from
    two row groups costs a copy of every column)."""
    for group in range(handle.metadata.num_row_groups):
        yield from handle.iter_batches(batch_size=batch_rows, row_groups=[group], columns=columns)


def open_batches(
    path: str | os.PathLike, batch_rows: int = BATCH_ROWS, skip: Collection[str] = ()
) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    """Column names and a stream of record batches of a CSV or Parquet population file.

    CSV cells are read as text (the validator parses them); Parquet columns keep their types.
    A Parquet file's batches leave out the columns named in ``skip`` (a CSV's hold all); the names
    are still all of the file's.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        msg = f"{path}: no such population file."
        raise PopulationFileError(msg)
    if path.stat().st_size == 0:
        msg = f"{path}: the file is empty (0 bytes)."
        raise PopulationFileError(msg)
    if file_format(path) == "csv":
        return _csv_batches(path)
    return _parquet_batches(path, batch_rows, skip)


def row_count(path: str | os.PathLike) -> int | None:
    """Number of data rows when the file says so without reading it (Parquet), else None."""
    if file_format(path) != "parquet":
        return None
    return pq.ParquetFile(path).metadata.num_rows


def _decode_dictionaries(table: pa.Table) -> pa.Table:
    columns = [
        column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column
        for column in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def write_table(table: pa.Table, path: str | os.PathLike, fmt: str | None = None) -> pathlib.Path:
    """Write ``table`` as CSV or Parquet (by ``fmt`` or the file suffix). Parquet uses zstd."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_format(path, fmt) == "csv":
        pacsv.write_csv(_decode_dictionaries(table), path)
    else:
        pq.write_table(table, path, compression="zstd")
    return path


def read_table(path: str | os.PathLike) -> pa.Table:
    """The whole file as one Arrow table (CSV cells as text)."""
    names, batches = open_batches(path)
    batches = list(batches)
    if not batches:
        schema = pa.schema([(name, pa.string()) for name in names])
        return schema.empty_table()
    return pa.Table.from_batches(batches)
