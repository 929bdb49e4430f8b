"""--projected of compare and explain: a marked projection; without it the clear error and exit code 2."""

from __future__ import annotations

import json

from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, EXIT_OK, main


def test_compare_2027_without_projected_is_a_bad_period(capsys):
    assert main(["compare", "--period", "2027-01", "--reform", "bandbreedte"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "not yet published" in err
    assert "--projected" in err


def test_compare_2027_with_projected_marks_the_output(capsys, tmp_path):
    code = main(["compare", "--period", "2027-01", "--reform", "bandbreedte", "--projected", "--output", str(tmp_path), "--format", "csv"])
    assert code == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("PROJECTION (not law)")
    assert "kennismigranten.looncriterium.dertig_jaar_en_ouder from 2027-01-01: 6207" in out
    document = json.loads((tmp_path / "aggregates.json").read_text(encoding="utf-8"))
    assert document["metadata"]["projection"][0].startswith("PROJECTION (not law)")
    assert document["warnings"][0].startswith("PROJECTION (not law)")
    assert (tmp_path / "PROJECTION.txt").read_text(encoding="utf-8").startswith("PROJECTION (not law)")


def test_compare_in_a_published_month_is_not_marked(capsys):
    assert main(["compare", "--period", "2026-01", "--reform", "bandbreedte", "--projected"]) == EXIT_OK
    assert "PROJECTION" not in capsys.readouterr().out


def test_explain_2027_with_and_without_projected(capsys, tmp_path):
    situatie = tmp_path / "situatie.yaml"
    situatie.write_text("nationaliteit: IN\ngeboortedatum: 1990-01-01\nbruto_maandloon: 6000\n", encoding="utf-8")
    assert main(["explain", str(situatie), "--period", "2027-01"]) == EXIT_BAD_INPUT
    assert "not yet published" in capsys.readouterr().err
    assert main(["explain", str(situatie), "--period", "2027-01", "--projected", "--format", "json"]) == EXIT_OK
    uitleg = json.loads(capsys.readouterr().out)
    assert uitleg["projection"][0].startswith("PROJECTION (not law)")


def test_costing_2027_with_projected_marks_stdout_warnings_and_receipt(capsys, tmp_path):
    args = ["costing", "--period", "2027-01", "--years", "1", "--draws", "0", "--reform", "bandbreedte", "--output", str(tmp_path)]
    assert main(args) == EXIT_BAD_INPUT
    assert "not yet published" in capsys.readouterr().err
    assert main([*args, "--projected"]) == EXIT_OK
    assert "PROJECTION (not law)" in capsys.readouterr().out
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "PROJECTION (not law)" in report
    receipt = json.loads((tmp_path / "receipt.json").read_text(encoding="utf-8"))
    assert receipt["projection"][0].startswith("PROJECTION (not law)")
    assert (tmp_path / "PROJECTION.txt").is_file()
