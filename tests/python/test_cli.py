"""The `arbeidsmigratie` command line: exit codes, printed tables, output files."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from openfisca_core.reforms import Reform

from openfisca_arbeidsmigratie import reforms
from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, EXIT_OK, build_parser, main

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


class AllesGeweigerd(Reform):
    """Test-only regime: nobody is admitted (the decision outputs keep their defaults)."""

    def apply(self):
        self.neutralize_variable("toelatingsroute")
        self.neutralize_variable("toegelaten")


@pytest.fixture
def test_reform(monkeypatch):
    monkeypatch.setitem(reforms._REGISTRY, "test_alles_geweigerd", AllesGeweigerd)
    return "test_alles_geweigerd"


def test_parser_has_the_subcommands():
    commands = build_parser()._subparsers._group_actions[0].choices
    assert {"compare", "generate", "validate", "schema"} <= set(commands)


def test_compare_writes_table_aggregates_and_transitions(tmp_path, capsys, test_reform):
    code = main(
        [
            "compare",
            "--population",
            str(FIXTURES / "tien_personen.csv"),
            "--period",
            "2026",
            "--reform",
            test_reform,
            "--output",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "huidig_recht" in out and test_reform in out and "Transitions versus huidig_recht" in out
    table = pq.read_table(tmp_path / "applicants.parquet")
    assert table.num_rows == 8
    assert f"{test_reform}.toegelaten" in table.column_names
    assert not any(table.column(f"{test_reform}.toegelaten").to_pylist())
    document = json.loads((tmp_path / "aggregates.json").read_text(encoding="utf-8"))
    assert document["metadata"]["period"] == "2026-01"
    (summary,) = document["transitions"]
    assert summary["refused_to_admitted"] == 0
    assert pacsv.read_csv(tmp_path / "aggregates.csv").num_rows > 0
    assert (tmp_path / "transitions.csv").exists()


def test_compare_csv_output_in_chunks(tmp_path, capsys, test_reform, tien_personen_parquet):
    code = main(
        [
            "compare",
            "--population",
            str(tien_personen_parquet),
            "--reform",
            test_reform,
            "--output",
            str(tmp_path),
            "--format",
            "csv",
            "--chunk-size",
            "3",
        ]
    )
    assert code == EXIT_OK
    table = pacsv.read_csv(tmp_path / "applicants.csv")
    assert sorted(table.column("persoon_id").to_pylist()) == [1, 2, 4, 5, 6, 8, 9, 10]


def test_bad_population_exits_2_with_the_messages_and_no_traceback(capsys):
    code = main(
        ["compare", "--population", str(FIXTURES / "fouten.csv"), "--reform", "huidig_recht"]
    )
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "fouten.csv: population rejected" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["compare", "--reform", "bestaat_niet"], "unknown reform 'bestaat_niet'"),
        (["compare", "--reform", "huidig_recht", "--period", "2026-13"], "period '2026-13' is not a month"),
        (["compare", "--population", "ontbreekt.csv"], "no such population file"),
        (["generate", "--size", "3", "--output", "x.parquet"], "size must be at least"),
    ],
)
def test_bad_options_exit_2(arguments, message, capsys):
    assert main(arguments) == EXIT_BAD_INPUT
    assert message in capsys.readouterr().err


def test_generate_then_validate(tmp_path, capsys):
    path = tmp_path / "bevolking.csv"
    assert main(["generate", "--size", "100", "--seed", "1", "--output", str(path)]) == EXIT_OK
    assert main(["validate", str(path)]) == EXIT_OK
    assert "valid" in capsys.readouterr().out


def test_schema_prints_the_columns(capsys):
    assert main(["schema"]) == EXIT_OK
    assert "| `bruto_maandloon` |" in capsys.readouterr().out


def test_installed_command_runs_on_the_bundled_population(tmp_path):
    """The README's main job, as a user runs it: a fresh process, the bundled population."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "openfisca_arbeidsmigratie.cli",
            "compare",
            "--reform",
            "huidig_recht",
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == EXIT_OK, run.stderr
    assert "applicants (total)" in run.stdout
    assert (tmp_path / "applicants.parquet").exists()


def _refusals(folder: pathlib.Path) -> dict[tuple, float]:
    rows = pacsv.read_csv(folder / "refusals.csv").to_pylist()
    return {(r["regime"], r["kind"], r["weigeringsgrond"]): r["weighted_count"] for r in rows}


def test_compare_counts_refusals_by_reason_and_explains_each_difference(tmp_path, capsys, tien_personen_parquet):
    whole, chunked = tmp_path / "whole", tmp_path / "chunked"
    common = ["compare", "--population", str(tien_personen_parquet), "--reform", "brede_welvaartstoets"]
    assert main([*common, "--output", str(whole)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Refusals by deciding ground" in out
    assert main([*common, "--output", str(chunked), "--chunk-size", "3"]) == EXIT_OK
    counts = _refusals(whole)
    assert any(soort == "deciding" for (_, soort, _) in counts), "the fixture must contain refusals"
    assert counts == pytest.approx(_refusals(chunked))
    # the deciding grounds of a regime add up to its refused applicants
    table = pq.read_table(whole / "applicants.parquet")
    weights = table.column("gewicht").to_numpy()
    for regime in ("huidig_recht", "brede_welvaartstoets"):
        refused = ~table.column(f"{regime}.toegelaten").to_numpy(zero_copy_only=False)
        deciding = sum(v for (r, soort, _), v in counts.items() if r == regime and soort == "deciding")
        assert deciding == pytest.approx(weights[refused].sum())
    explanations = pq.read_table(whole / "explanations.parquet")
    assert explanations.num_rows == table.num_rows
    assert "brede_welvaartstoets.deciding_ground" in explanations.column_names
    document = json.loads((whole / "aggregates.json").read_text(encoding="utf-8"))
    assert document["refusals_by_reason"]


@pytest.mark.parametrize("command", ["compare", "validate"])
@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_chunk_size_must_be_a_whole_number_of_rows(command, value, capsys):
    arguments = [command, *(["x.csv"] if command == "validate" else []), "--chunk-size", value]
    assert main(arguments) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "allowed: a whole number of rows >= 1" in err
    assert err.count("\n") == 1
