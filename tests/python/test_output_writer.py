"""The per-applicant tables are written by a second thread: a failure there still leaves no
output (a first run) or the earlier set untouched (a rerun), and is reported without a traceback."""

from __future__ import annotations

import errno
import pathlib

import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.cli import EXIT_OK, main
from openfisca_arbeidsmigratie.microsimulation import report
from openfisca_arbeidsmigratie.output import verify_output_set

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
COMPARE = ["compare", "--population", str(FIXTURES / "tien_personen.csv"), "--reform", "brede_welvaartstoets"]


class _FullDisk(pq.ParquetWriter):
    def write_table(self, table, row_group_size=None):
        raise OSError(errno.ENOSPC, "No space left on device")


def _listing(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_failing_table_writer_leaves_no_output_and_the_earlier_set(tmp_path, capsys, monkeypatch):
    target = tmp_path / "results"
    assert main([*COMPARE, "--output", str(target)]) == EXIT_OK
    before = _listing(target)
    capsys.readouterr()
    monkeypatch.setattr(report.pq, "ParquetWriter", _FullDisk)
    assert main([*COMPARE, "--output", str(target)]) != EXIT_OK
    err = capsys.readouterr().err
    assert "Traceback" not in err and "No space left on device" in err
    assert _listing(target) == before
    assert verify_output_set(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]  # no temporary folder left
    fresh = tmp_path / "fresh"
    assert main([*COMPARE, "--output", str(fresh)]) != EXIT_OK
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]
