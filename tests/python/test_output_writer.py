"""The per-applicant tables are written by a second thread: a failure there still leaves no
output (a first run) or the earlier set untouched (a rerun), and is reported without a traceback."""

from __future__ import annotations

import errno
import hashlib
import json
import pathlib
import threading

import pyarrow.parquet as pq

from openfisca_arbeidsmigratie import output
from openfisca_arbeidsmigratie.cli import EXIT_OK, main
from openfisca_arbeidsmigratie.commands._common import regimes_and_population
from openfisca_arbeidsmigratie.microsimulation import compare, report
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


def test_the_manifest_takes_a_settled_digest_only_of_an_unchanged_file(tmp_path):
    """A writer thread settles its file (output.settle: flushed, sha256 taken) so the manifest
    need not read it again; a file changed after that is read again."""
    with output.output_directory(tmp_path / "set", command="test") as out:
        kept, changed = out.path / "kept.bin", out.path / "changed.bin"
        kept.write_bytes(b"a" * 1000)
        changed.write_bytes(b"b" * 1000)
        output.settle(kept)
        output.settle(changed)
        changed.write_bytes(b"c" * 2000)
    manifest = json.loads((tmp_path / "set" / output.MANIFEST).read_text())
    digests = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert digests == {
        "changed.bin": hashlib.sha256(b"c" * 2000).hexdigest(),
        "kept.bin": hashlib.sha256(b"a" * 1000).hexdigest(),
    }
    assert output.verify_output_set(tmp_path / "set") == []


def test_the_tables_written_into_an_output_set_are_waited_for_before_its_manifest(tmp_path, monkeypatch):
    """Into an output set being written, write_outputs returns while its table writers may still
    run (the caller's last steps run beside them); the set waits for them before the manifest.
    Into another folder every file is complete when write_outputs returns."""
    regimes, _, population = regimes_and_population(["brede_welvaartstoets"], str(FIXTURES / "tien_personen.csv"))
    result = compare(population, regimes[1:], baseline=regimes[0].system)
    release, finished = threading.Event(), []
    write_whole = report._write_whole

    def held(table, path, fmt):
        release.wait(10)
        write_whole(table, path, fmt)
        finished.append(path.name)

    monkeypatch.setattr(report, "_write_whole", held)
    with output.output_directory(tmp_path / "set", command="test") as out:
        written = report.write_outputs(result, out.path)
        assert finished == []  # still being written
        release.set()
    assert sorted(finished) == ["applicants.parquet", "explanations.parquet"]
    manifest = json.loads((tmp_path / "set" / output.MANIFEST).read_text())
    assert {e["path"] for e in manifest["files"]} == {p.name for p in written}
    assert verify_output_set(tmp_path / "set") == []
    finished.clear()
    plain = tmp_path / "plain"
    report.write_outputs(result, plain)
    assert sorted(finished) == ["applicants.parquet", "explanations.parquet"]
