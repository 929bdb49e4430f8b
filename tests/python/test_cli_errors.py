"""Every user error of the command line is exit 2 and one line naming what is wrong and what is
allowed; exit 1 only for a defect of the package; a reform whose switch is off in the month is said."""

from __future__ import annotations

import json
import os
import pathlib
import socket

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, main
from openfisca_arbeidsmigratie.commands import compare as compare_command
from openfisca_arbeidsmigratie.law_coverage import default_period, latest_published_month
from openfisca_arbeidsmigratie.reforms import baseline_system, build_regime

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
POPULATION = str(FIXTURES / "tien_personen.csv")
SITUATION = "nationaliteit: IN\ngeboortedatum: 1994-05-17\nbruto_maandloon: 3000\n"
PERIOD_RANGE = "allowed: a month YYYY-MM (or a year YYYY, its January) from 2000-01 to 2100-12"


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


@pytest.fixture
def situation(tmp_path) -> pathlib.Path:
    path = tmp_path / "situatie.yaml"
    path.write_text(SITUATION, encoding="utf-8")
    return path


@pytest.fixture
def corrupt(tmp_path) -> pathlib.Path:
    path = tmp_path / "corrupt.parquet"
    path.write_bytes(b"PAR1 this is not a Parquet file")
    return path


@pytest.fixture
def nested(tmp_path) -> pathlib.Path:
    table = pacsv.read_csv(FIXTURES / "tien_personen.csv")
    lists = pa.array([[v] for v in table.column("bruto_maandloon").to_pylist()])
    path = tmp_path / "lijsten.parquet"
    pq.write_table(table.set_column(table.column_names.index("bruto_maandloon"), "bruto_maandloon", lists), path)
    return path


@pytest.mark.parametrize("command", ["compare", "explain"])
def test_a_period_outside_the_law_is_exit_2_with_the_apis_allowed_range(command, situation, capsys):
    arguments = ["compare", "--population", POPULATION] if command == "compare" else ["explain", str(situation)]
    assert main([*arguments, "--period", "1990-01"]) == EXIT_BAD_INPUT
    err = one_line_error(capsys)
    assert "--period: period '1990-01' is outside the months the package's law can cover" in err
    assert PERIOD_RANGE in err


def test_a_period_in_an_explained_file_is_checked_too(tmp_path, capsys):
    path = tmp_path / "geval.yaml"
    path.write_text(f"period: 1990-01\ninput:\n  {SITUATION.replace(chr(10), chr(10) + '  ')}", encoding="utf-8")
    assert main(["explain", str(path)]) == EXIT_BAD_INPUT
    assert "geval.yaml: period '1990-01' is outside" in one_line_error(capsys)


def test_a_reform_twice_is_exit_2_not_a_traceback(capsys):
    assert main(["compare", "--reform", "a+a"]) == EXIT_BAD_INPUT
    assert "--reform: regime spec 'a+a': unknown reform 'a'" in one_line_error(capsys)
    spec = "vijfjarige_vergunning+vijfjarige_vergunning"
    assert main(["explain", "x.yaml", "--reform", spec]) == EXIT_BAD_INPUT
    assert "'vijfjarige_vergunning' more than once" in one_line_error(capsys)


@pytest.mark.parametrize("value", ["-1", "4294967296", "veel"])
def test_a_costing_seed_out_of_range_is_exit_2(tmp_path, value, capsys):
    assert main(["costing", "--output", str(tmp_path), "--seed", value]) == EXIT_BAD_INPUT
    err = one_line_error(capsys)
    assert f"argument --seed: '{value}'; allowed: a whole number from 0 to 4294967295" in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["validate", "compare"])
def test_a_corrupt_parquet_file_is_exit_2(command, corrupt, capsys):
    arguments = ["validate", str(corrupt)] if command == "validate" else ["compare", "--population", str(corrupt)]
    assert main(arguments) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "corrupt.parquet: not a readable Parquet file" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "arguments",
    [["validate"], ["validate", "--chunk-size", "4"], ["compare", "--population"], ["compare", "--reform", "huidig_recht", "--chunk-size", "4", "--population"]],
)
def test_a_parquet_file_with_a_list_column_is_exit_2(arguments, nested, capsys):
    assert main([*arguments, str(nested)]) == EXIT_BAD_INPUT
    err = one_line_error(capsys)
    assert "lijsten.parquet: a column could not be read" in err
    assert "allowed: one value per cell" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
@pytest.mark.parametrize("command", ["validate", "compare"])
def test_an_unreadable_file_is_exit_2(command, tmp_path, capsys):
    path = tmp_path / "geheim.csv"
    path.write_text((FIXTURES / "tien_personen.csv").read_text(), encoding="utf-8")
    path.chmod(0)
    arguments = ["validate", str(path)] if command == "validate" else ["compare", "--population", str(path)]
    assert main(arguments) == EXIT_BAD_INPUT
    assert "geheim.csv" in capsys.readouterr().err


def test_a_directory_instead_of_a_file_is_exit_2(tmp_path, capsys):
    folder = tmp_path / "map.csv"
    folder.mkdir()
    assert main(["validate", str(folder)]) == EXIT_BAD_INPUT
    assert "map.csv" in capsys.readouterr().err


def test_explain_on_a_missing_file_is_exit_2(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "ontbreekt.yaml")]) == EXIT_BAD_INPUT
    err = one_line_error(capsys)
    assert "ontbreekt.yaml: cannot read the situation" in err


def test_a_defect_of_the_package_is_exit_1_with_a_short_internal_error_line(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(compare_command, "regimes_and_population", broken)
    assert main(["compare", "--reform", "huidig_recht"]) == EXIT_FAILURE
    err = one_line_error(capsys)
    assert err.startswith("arbeidsmigratie compare: internal error, a defect of the package (RuntimeError: a bug)")


def test_a_parameter_file_refuses_a_boolean_for_a_number_and_a_number_for_a_boolean(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text("parameters:\n  voorstellen.brede_welvaartstoets.toelatingsdrempel: true\n", encoding="utf-8")
    with pytest.raises(ValueError, match="toelatingsdrempel: value true is a boolean; allowed: a number"):
        build_regime(f"brede_welvaartstoets@{path}")
    path.write_text("parameters:\n  voorstellen.brede_welvaartstoets.van_toepassing: {2025-01-01: 0.5}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"van_toepassing.2025-01-01: value 0.5 is a number; allowed: true or false"):
        build_regime(f"brede_welvaartstoets@{path}")
    assert main(["compare", "--population", POPULATION, "--reform", f"brede_welvaartstoets@{path}"]) == EXIT_BAD_INPUT
    assert "value 0.5 is a number; allowed: true or false (or null)" in one_line_error(capsys)


# ---- the default period and reforms that do not apply in the month -----------------------------


def test_the_default_period_is_the_month_of_the_newest_published_law():
    """The newest published law is of 1 January 2027 (the 30% ruling's 27 %), but the minimum wage
    of 1 July 2026 is not published (closed with null): the default is June 2026."""
    assert latest_published_month(baseline_system()) == "2026-06" == default_period()


def test_compare_warns_per_regime_when_a_reform_does_not_apply_in_the_month(tmp_path, capsys):
    code = main(
        ["compare", "--population", POPULATION, "--period", "2025-06", "--reform", "brede_welvaartstoets",
         "--reform", "vijfjarige_vergunning", "--output", str(tmp_path)]
    )
    assert code == EXIT_OK
    out = capsys.readouterr().out
    expected = (
        "regime brede_welvaartstoets: reform brede_welvaartstoets does not apply in 2025-06: its switch "
        "voorstellen.brede_welvaartstoets.van_toepassing is off in that month (it applies from 2026-01-01)"
    )
    assert expected in out
    assert "regime vijfjarige_vergunning: reform vijfjarige_vergunning does not apply in 2025-06" in out
    document = json.loads((tmp_path / "aggregates.json").read_text(encoding="utf-8"))
    assert any(w.startswith(expected) for w in document["warnings"])
    assert [w[: len(expected)] for w in document["metadata"]["not_in_force"]][0] == expected


def test_compare_does_not_warn_from_the_month_the_reform_applies(capsys):
    assert main(["compare", "--population", POPULATION, "--period", "2026-01", "--reform", "brede_welvaartstoets"]) == EXIT_OK
    assert "does not apply" not in capsys.readouterr().out


def test_a_parameter_file_that_moves_the_start_moves_the_warning(tmp_path, capsys):
    path = tmp_path / "eerder.yaml"
    path.write_text("parameters:\n  voorstellen.brede_welvaartstoets.van_toepassing: {2025-01-01: true}\n", encoding="utf-8")
    assert main(["compare", "--population", POPULATION, "--period", "2025-06", "--reform", f"brede_welvaartstoets@{path}"]) == EXIT_OK
    assert "does not apply" not in capsys.readouterr().out


def test_explain_warns_when_a_reform_does_not_apply(situation, capsys):
    assert main(["explain", str(situation), "--period", "2025-06", "--reform", "brede_welvaartstoets", "--format", "json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "arbeidsmigratie explain: warning: regime brede_welvaartstoets: reform brede_welvaartstoets does not apply in 2025-06" in captured.err
    (warning,) = json.loads(captured.out)["warnings"]
    assert "it applies from 2026-01-01" in warning


def test_costing_warns_when_a_parameter_file_starts_a_reform_after_the_first_month(tmp_path, capsys):
    later = tmp_path / "later.yaml"
    later.write_text(
        "parameters:\n  voorstellen.brede_welvaartstoets.van_toepassing: {2026-01-01: false, 2027-01-01: true}\n",
        encoding="utf-8",
    )
    report = tmp_path / "report"
    code = main(
        ["costing", "--output", str(report), "--population", POPULATION, "--reform",
         f"brede_welvaartstoets@{later}", "--period", "2026-01", "--draws", "0", "--years", "1"]
    )
    assert code == EXIT_OK
    expected = "regime brede_welvaartstoets@later: reform brede_welvaartstoets does not apply in 2026-01"
    assert expected in capsys.readouterr().err
    assert "it applies from 2027-01-01" in (report / "report.md").read_text(encoding="utf-8")


def test_a_variant_is_named_once_with_the_switches_of_its_folder(capsys):
    assert main(["compare", "--population", POPULATION, "--period", "2025-06", "--reform", "kennismigrant_onder_30_verhoogd"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("does not apply in 2025-06") == 1
    assert "voorstellen.aanscherping_kennismigranten.onder_30_verhoogd.van_toepassing" in out
    assert "(it applies from 2026-01-01)" in out


def test_a_variant_whose_switch_is_on_is_not_named(tmp_path, capsys):
    early = tmp_path / "vroeg.yaml"
    early.write_text(
        "parameters:\n  voorstellen.aanscherping_kennismigranten.onder_30_verhoogd.van_toepassing: {2025-01-01: true}\n"
        "  voorstellen.aanscherping_kennismigranten.onder_30_verhoogd.verhoging: {2025-01-01: 0.1}\n",
        encoding="utf-8",
    )
    spec = f"kennismigrant_onder_30_verhoogd@{early}"
    assert main(["compare", "--population", POPULATION, "--period", "2025-06", "--reform", spec]) == EXIT_OK
    assert "does not apply" not in capsys.readouterr().out


def test_serve_on_a_port_in_use_is_exit_2(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == EXIT_BAD_INPUT
    assert f"--port {port}: cannot listen there" in one_line_error(capsys)


@pytest.mark.parametrize("chunked", [[], ["--chunk-size", "4"]])
def test_an_unknown_output_variable_is_exit_2_and_writes_no_folder(tmp_path, chunked, capsys):
    folder = tmp_path / "uit"
    arguments = ["compare", "--population", POPULATION, "--reform", "vijfjarige_vergunning"]
    arguments += ["--outputs", "toegelaten,toegelatn"]
    assert main([*arguments, "--output", str(folder), *chunked]) == EXIT_BAD_INPUT
    error = one_line_error(capsys)
    assert "'toegelatn' is not a variable in any regime compared (did you mean toegelaten?)" in error
    assert "allowed: a variable of the persoon" in error
    assert not folder.exists()
