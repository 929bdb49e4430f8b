"""Fault catalogue, command line: bad output locations, interrupted and repeated runs, --outputs.

Each case feeds the fault and asserts the exit code, the key words of the message and what is on
disk afterwards (nothing half-written; an earlier result set untouched or wholly replaced). The
interruptions run the command in a subprocess that stops itself at a known point (the test hook
ARBEIDSMIGRATIE_TEST_PAUSE of openfisca_arbeidsmigratie.output) and is then killed there.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, EXIT_OK, main
from openfisca_arbeidsmigratie.law_coverage import default_period
from openfisca_arbeidsmigratie.output import MANIFEST, PAUSE_ENV, verify_output_set

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
TIEN = str(FIXTURES / "tien_personen.csv")
COMPARE = ["compare", "--population", TIEN, "--reform", "brede_welvaartstoets"]


def listing(folder: pathlib.Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones included) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def refuses(arguments, capsys, *fragments) -> str:
    assert main(arguments) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    for fragment in fragments:
        assert fragment in captured.err
    assert captured.out == "", "the refusal comes before any computation (nothing printed)"
    return captured.err


# ---- output locations: exit 2 and one message before anything is computed ------------------------


@pytest.mark.parametrize("command", ["compare", "costing"])
def test_output_that_is_a_file_is_refused_before_computing(command, tmp_path, capsys):
    target = tmp_path / "results"
    target.write_text("keep me", encoding="utf-8")
    arguments = [*COMPARE, "--output", str(target)] if command == "compare" else [
        "costing", "--population", TIEN, "--draws", "0", "--years", "1", "--output", str(target)
    ]
    refuses(arguments, capsys, "--output", str(target), "is a file", "allowed: a folder")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert listing(tmp_path) == {"results": b"keep me"}


@pytest.mark.parametrize("command", ["compare", "costing"])
def test_output_in_a_missing_folder_is_refused(command, tmp_path, capsys):
    target = tmp_path / "missing" / "results"
    arguments = [*COMPARE, "--output", str(target)] if command == "compare" else [
        "costing", "--draws", "0", "--years", "1", "--output", str(target)
    ]
    refuses(arguments, capsys, "does not exist", "create it first")
    assert listing(tmp_path) == {}


def test_output_where_nothing_can_be_written_is_refused(capsys):
    refuses([*COMPARE, "--output", "/proc/arbeidsmigratie-results"], capsys, "cannot write in /proc")


def test_output_that_cannot_be_read_is_refused(tmp_path, capsys, monkeypatch):
    target = tmp_path / "results"
    target.mkdir()

    def unreadable(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "iterdir", unreadable)
    refuses([*COMPARE, "--output", str(target)], capsys, "cannot read the folder", "Permission denied")


def test_output_folder_with_other_files_is_refused_and_kept(tmp_path, capsys):
    target = tmp_path / "home"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"years of work")
    refuses([*COMPARE, "--output", str(target)], capsys, "not an output set", "thesis.docx")
    assert listing(target) == {"thesis.docx": b"years of work"}


def test_generate_into_a_missing_folder_a_folder_or_an_unknown_type(tmp_path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = [
        (tmp_path / "missing" / "p.parquet", "does not exist"),
        (folder, "is a folder"),
        (tmp_path / "p.xlsx", "unknown file type '.xlsx'"),
    ]
    for target, fragment in cases:
        refuses(["generate", "--size", "50", "--output", str(target)], capsys, "--output", fragment)
    assert listing(tmp_path) == {}


def test_bad_output_is_found_before_a_bad_population_is_read(tmp_path, capsys):
    """The output check comes first: the user learns of it without waiting for a computation."""
    target = tmp_path / "f"
    target.write_text("", encoding="utf-8")
    refuses(["compare", "--population", str(tmp_path / "none.csv"), "--output", str(target)], capsys, "is a file")


def test_failed_computation_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("persoon_id,werkgever_id,huishouden_id,bruto_maandloon\n1,1,1,veel\n", encoding="utf-8")
    target = tmp_path / "results"
    for extra in ([], ["--chunk-size", "1"]):
        assert main(["compare", "--population", str(bad), "--output", str(target), *extra]) == EXIT_BAD_INPUT
        assert "bruto_maandloon" in capsys.readouterr().err
        assert not target.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


# ---- complete sets: manifest last, reruns replace the whole set -----------------------------------


def test_compare_output_has_a_manifest_that_matches_its_files(tmp_path, capsys):
    target = tmp_path / "results"
    assert main([*COMPARE, "--output", str(target)]) == EXIT_OK
    assert verify_output_set(target) == []
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["complete"] is True and manifest["command"] == "compare"
    assert {f["path"] for f in manifest["files"]} == set(listing(target)) - {MANIFEST}
    assert set(manifest["receipt"]["regimes"]) == {"huidig_recht", "brede_welvaartstoets"}
    assert manifest["receipt"]["period"] == default_period()
    assert manifest["receipt"]["population_sha256"] == hashlib.sha256(pathlib.Path(TIEN).read_bytes()).hexdigest()
    (target / "aggregates.csv").write_text("tampered", encoding="utf-8")
    assert verify_output_set(target) == ["aggregates.csv: differs from the manifest (size or sha256)"]


def test_rerun_in_another_format_replaces_the_whole_set(tmp_path, capsys):
    target = tmp_path / "results"
    assert main([*COMPARE, "--output", str(target)]) == EXIT_OK
    assert (target / "applicants.parquet").exists()
    assert main([*COMPARE, "--format", "csv", "--output", str(target)]) == EXIT_OK
    names = set(listing(target))
    assert not any(n.endswith(".parquet") for n in names), names
    assert {"applicants.csv", "explanations.csv", MANIFEST} <= names
    assert verify_output_set(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"], "no temporary left beside it"


def test_costing_writes_a_manifest_and_replaces_an_earlier_report(tmp_path, capsys):
    target = tmp_path / "report"
    target.mkdir()
    (target / MANIFEST).write_text("{}", encoding="utf-8")  # an earlier (empty) output set
    (target / "old_chart.png").write_bytes(b"")
    arguments = ["costing", "--population", TIEN, "--draws", "0", "--years", "1", "--output", str(target)]
    assert main(arguments) == EXIT_OK
    assert "old_chart.png" not in listing(target)
    assert verify_output_set(target) == []
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    assert "report.html" in {f["path"] for f in manifest["files"]}
    assert manifest["receipt"] == json.loads((target / "receipt.json").read_text(encoding="utf-8"))


# ---- interruptions: kill the command while it writes ---------------------------------------------


def run_until(arguments, point: str, tmp_path: pathlib.Path) -> subprocess.Popen:
    """Start the command in a subprocess and return once it waits at ``point`` (test hook)."""
    marker = tmp_path / f"marker-{point}-{time.monotonic_ns()}"
    env = {**os.environ, PAUSE_ENV: f"{point}:{marker}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "openfisca_arbeidsmigratie.cli", *arguments],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"exited ({process.returncode}) before {point}: {process.stderr.read()!r}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"never reached {point}")
        time.sleep(0.05)
    marker.unlink()
    return process


def interrupt(process: subprocess.Popen, sig: int) -> int:
    """Send ``sig``; the exit code. Ctrl-C and SIGTERM end with a message, never a traceback."""
    process.send_signal(sig)
    code = process.wait(timeout=60)
    err = process.stderr.read().decode()
    process.stderr.close()
    assert "Traceback" not in err
    if sig == signal.SIGINT:
        assert code == 130 and "interrupted; no partial output was left" in err
    elif sig == signal.SIGTERM:
        assert code == 143
    return code


def beside(target: pathlib.Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if not p.name.startswith("marker-"))


SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL]


@pytest.mark.parametrize("sig", SIGNALS, ids=["SIGINT", "SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("point", ["partial-output", "before-manifest"])
def test_interrupted_first_compare_leaves_no_result(sig, point, tmp_path):
    target = tmp_path / "results"
    arguments = [*COMPARE, "--output", str(target)]
    code = interrupt(run_until(arguments, point, tmp_path), sig)
    assert code != 0
    assert not target.exists(), "no complete-looking folder"
    if sig != signal.SIGKILL:
        assert beside(target) == [], "Ctrl-C and SIGTERM remove the temporary folder"
    else:
        assert all(name.startswith(".results.partial-") for name in beside(target))
        assert main([*COMPARE, "--output", str(target)]) == EXIT_OK  # the next run cleans up
        assert beside(target) == ["results"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
@pytest.mark.parametrize("chunked", [False, True], ids=["whole", "streamed"])
def test_interrupted_rerun_leaves_the_earlier_set_untouched(sig, chunked, tmp_path):
    target = tmp_path / "results"
    assert main([*COMPARE, "--output", str(target)]) == EXIT_OK
    before = listing(target)
    rerun = ["compare", "--population", TIEN, "--reform", "aanscherping_kennismigranten",
             "--format", "csv", "--output", str(target), *(["--chunk-size", "3"] if chunked else [])]
    interrupt(run_until(rerun, "partial-output", tmp_path), sig)
    assert listing(target) == before
    assert verify_output_set(target) == []


@pytest.mark.parametrize("sig", [signal.SIGKILL], ids=["SIGKILL"])  # SIGINT: as compare (one code path)
def test_interrupted_costing_keeps_the_earlier_report(sig, tmp_path):
    target = tmp_path / "report"
    arguments = ["costing", "--population", TIEN, "--draws", "0", "--years", "1", "--output", str(target)]
    assert main(arguments) == EXIT_OK
    before = listing(target)
    interrupt(run_until([*arguments[:-1], str(target)], "before-manifest", tmp_path), sig)
    assert listing(target) == before


@pytest.mark.parametrize(
    ("sig", "suffix"), [(signal.SIGINT, ".parquet"), (signal.SIGKILL, ".csv")], ids=["SIGINT-parquet", "SIGKILL-csv"]
)
def test_interrupted_generate_leaves_no_truncated_file(sig, suffix, tmp_path, capsys):
    target = tmp_path / f"bevolking{suffix}"
    interrupt(run_until(["generate", "--size", "200", "--output", str(target)], "partial-output", tmp_path), sig)
    assert not target.exists(), "validate would accept a truncated file as a population"
    # an earlier file survives an interrupted overwrite
    assert main(["generate", "--size", "100", "--seed", "1", "--output", str(target)]) == EXIT_OK
    before = target.read_bytes()
    interrupt(run_until(["generate", "--size", "200", "--output", str(target)], "partial-output", tmp_path), sig)
    assert target.read_bytes() == before
    assert main(["validate", str(target)]) == EXIT_OK
    assert "100 applicants" in capsys.readouterr().out


# ---- the engine computes what its tables need ----------------------------------------------------


def _route_lines(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Admissions by route"))
    end = next(i for i, line in enumerate(lines) if line.startswith("applicants (total)"))
    return lines[start : end + 1]


@pytest.mark.parametrize("outputs", ["toegelaten", "weigeringsgrond", "verblijfsvergunning_geldigheidsduur_maanden"])
def test_outputs_choose_columns_not_the_figures(outputs, tmp_path, capsys):
    """The route table, refusals and explanations do not depend on --outputs (it chose only columns)."""
    assert main([*COMPARE, "--output", str(tmp_path / "all")]) == EXIT_OK
    full = capsys.readouterr().out
    for extra in ([], ["--chunk-size", "3"]):
        target = tmp_path / f"{outputs}{len(extra)}"
        assert main([*COMPARE, "--outputs", outputs, "--output", str(target), *extra]) == EXIT_OK
        out = capsys.readouterr().out
        assert _route_lines(out) == _route_lines(full)
        columns = pq.read_table(target / "applicants.parquet").column_names
        assert [c for c in columns if "." in c] == [f"huidig_recht.{outputs}", f"brede_welvaartstoets.{outputs}"]
        if not extra:
            assert (target / "refusals.csv").read_bytes() == (tmp_path / "all" / "refusals.csv").read_bytes()
            assert (target / "explanations.parquet").exists()


def test_output_through_a_symbolic_link_writes_the_linked_folder(tmp_path, capsys):
    real, link = tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    assert main([*COMPARE, "--output", str(link)]) == EXIT_OK
    assert link.is_symlink() and verify_output_set(real) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_coverage_output_that_is_a_folder_is_refused_before_reading_the_tests(tmp_path, capsys):
    refuses(["coverage", "--output", str(tmp_path)], capsys, "--output", "is a folder")
    assert listing(tmp_path) == {}


def test_selected_columns_keep_regimes_whose_label_has_a_dot():
    import pyarrow as pa  # noqa: PLC0415

    from openfisca_arbeidsmigratie.microsimulation.engine import select_outputs  # noqa: PLC0415

    table = pa.table({"persoon_id": [1], "gewicht": [1.0], "a@my.scores.toegelaten": [True], "a@my.scores.weigeringsgrond": ["geen"]})
    assert select_outputs(table, ["toegelaten"]).column_names == ["persoon_id", "gewicht", "a@my.scores.toegelaten"]


def test_replacement_without_an_atomic_exchange_also_leaves_one_whole_set(tmp_path, capsys, monkeypatch):
    from openfisca_arbeidsmigratie import output  # noqa: PLC0415

    monkeypatch.setattr(output, "_exchange", lambda a, b: False)  # a system without renameat2
    target = tmp_path / "results"
    assert main([*COMPARE, "--output", str(target)]) == EXIT_OK
    assert main([*COMPARE, "--format", "csv", "--output", str(target)]) == EXIT_OK
    assert verify_output_set(target) == [] and "applicants.csv" in listing(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_verify_tells_a_complete_set_from_an_incomplete_one(tmp_path, capsys):
    target = tmp_path / "results"
    assert main([*COMPARE, "--output", str(target)]) == EXIT_OK
    capsys.readouterr()
    assert main(["verify", str(target)]) == EXIT_OK
    assert "complete, 8 files as written by arbeidsmigratie compare" in capsys.readouterr().out
    (target / "refusals.csv").unlink()
    (target / "extra.txt").write_text("x", encoding="utf-8")
    assert main(["verify", str(target)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "refusals.csv: listed in the manifest but missing" in err and "extra.txt: not in the manifest" in err
    (target / MANIFEST).unlink()
    assert main(["verify", str(target)]) == EXIT_BAD_INPUT
    assert "no manifest.json" in capsys.readouterr().err
