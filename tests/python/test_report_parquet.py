"""The per-applicant Parquet tables: what is read back equals what was written, with the writer
settings of ``report.parquet_options`` (delta-encoded ids, dictionaries for the names)."""

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.microsimulation.report import (
    ROW_GROUP_ROWS,
    TableSink,
    parquet_options,
)


def _table(rows: int = 5000) -> pa.Table:
    routes = pa.array(["geweigerd", "kennismigrant", "eu_blauwe_kaart"])
    return pa.table(
        {
            "persoon_id": pa.array(range(rows), pa.int64()),
            "huishouden_id": pa.array([i // 2 for i in range(rows)], pa.int64()),
            "gewicht": pa.array([1.5] * rows, pa.float32()),
            "huidig_recht.toegelaten": pa.array([i % 3 != 0 for i in range(rows)]),
            "huidig_recht.toelatingsroute": pa.DictionaryArray.from_arrays(
                pa.array([i % 3 for i in range(rows)], pa.int16()), routes
            ),
            "huidig_recht.niet_voldaan": pa.array(
                [["looncriterium"] if i % 3 == 0 else [] for i in range(rows)], pa.list_(pa.string())
            ),
        }
    )


def test_table_reads_back_equal_with_delta_ids_and_dictionary_names(tmp_path):
    table = _table()
    sink = TableSink(tmp_path / "applicants.parquet")
    sink(table.slice(0, 3000))
    sink(table.slice(3000))
    sink.close()
    back = pq.read_table(tmp_path / "applicants.parquet")
    assert back.schema.equals(table.schema)
    assert back.equals(table)
    meta = pq.ParquetFile(tmp_path / "applicants.parquet").metadata.row_group(0)
    encodings = {meta.column(i).path_in_schema: meta.column(i).encodings for i in range(meta.num_columns)}
    assert "DELTA_BINARY_PACKED" in encodings["persoon_id"]
    assert "RLE_DICTIONARY" not in encodings["persoon_id"]
    assert "RLE_DICTIONARY" in encodings["huidig_recht.toelatingsroute"]


def test_statistics_kept_for_numbers_not_for_names():
    options = parquet_options(_table(3).schema)
    assert options["write_statistics"] == ["persoon_id", "huishouden_id", "gewicht", "huidig_recht.toegelaten"]
    assert options["compression"] == "zstd"


def test_a_dictionary_with_repeated_values_reads_back_as_arrow_writes_it_in_full(tmp_path):
    """The explanations' sentence columns repeat a sentence in their dictionary (one sentence
    under several keys); Arrow then writes every value in full and reads back the distinct
    values of each row group in order of first appearance. TableSink gives that dictionary
    first (write_row_groups), so the file reads back the same, also over several row groups."""
    rows = ROW_GROUP_ROWS + 1000
    indices = np.zeros(rows, dtype=np.int32)
    indices[5] = 3  # 'c' under two keys (3 and 1), first seen late in the first row group
    indices[700_000] = 1
    indices[ROW_GROUP_ROWS + 10] = 2  # only in the second row group
    table = pa.table(
        {
            "persoon_id": pa.array(np.arange(rows), pa.int64()),
            "x.explanation": pa.DictionaryArray.from_arrays(
                pa.array(indices), pa.array(["same", "c", "b", "c", "unused"])
            ),
            "x.difference": pa.DictionaryArray.from_arrays(
                pa.array((indices % 2).astype(np.int8)), pa.array(["geen", "andere_route", "unused"])
            ),
        }
    )
    full = tmp_path / "full.parquet"
    writer = pq.ParquetWriter(full, table.schema, **parquet_options(table.schema))
    writer.write_table(table)
    writer.close()
    sink = TableSink(tmp_path / "explanations.parquet")
    sink(table)
    sink.close()
    ours, theirs = pq.read_table(tmp_path / "explanations.parquet"), pq.read_table(full)
    assert ours.schema.equals(theirs.schema) and ours.equals(theirs)
    assert ours["x.explanation"].chunk(0).dictionary.to_pylist() == ["same", "c"]
    meta = pq.ParquetFile(tmp_path / "explanations.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [ROW_GROUP_ROWS, 1000]
    encodings = meta.row_group(0).column(1).encodings
    assert "RLE_DICTIONARY" in encodings  # written as a dictionary, not value by value
    assert "RLE_DICTIONARY" not in pq.ParquetFile(full).metadata.row_group(0).column(1).encodings
