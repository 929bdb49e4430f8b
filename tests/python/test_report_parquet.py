"""The per-applicant Parquet tables: what is read back equals what was written, with the writer
settings of ``report.parquet_options`` (delta-encoded ids, dictionaries for the names)."""

import pyarrow as pa
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.microsimulation.report import TableSink, parquet_options


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
