"""The legal-coverage report (`arbeidsmigratie coverage`) on a tiny fixture written by the test."""

from __future__ import annotations

import json

import pytest

from openfisca_arbeidsmigratie.cli import main
from openfisca_arbeidsmigratie.explain.test_coverage import (
    article_of,
    markdown,
    measure_test_coverage,
)
from openfisca_arbeidsmigratie.reforms import baseline_system

FIXTURE = """\
- name: "In 2013 a wage below the minimum wage is tested by old letter d"
  period: 2013-12
  input: {nationaliteit: IN, bruto_maandloon: 1000}
  output:
    weigeringsgrond_wav_8_1_f: true
- name: "In January 2026 the minimum wage ground, entity style"
  period: 2026-01
  input:
    personen: {a: {nationaliteit: IN, bruto_maandloon: 1000}}
  output:
    personen: {a: {weigeringsgrond_wav_8_1_f: true}}
- name: "A case that cannot run is reported, not fatal"
  period: 2026-01
  input: {bestaat_niet: 1}
  output: {toegelaten: true}
"""


@pytest.fixture(scope="module")
def resultaat(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("dekking")
    (map_ / "klein.yaml").write_text(FIXTURE, encoding="utf-8")
    return measure_test_coverage(baseline_system(), [map_], map_).as_dict()


def test_article_keys_from_reference_urls():
    assert article_of("https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2022-01-01") == "BWBR0007149 art. 8"
    assert article_of("https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2_Paragraaf2.1_Artikel2.1") == "BWBR0046078 art. 2.1"
    assert article_of("https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1d") == "BWBR0007523 art. 1d"
    assert article_of("https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk1a") == "BWBR0011823"
    assert article_of("https://zoek.officielebekendmakingen.nl/stb-2024-150.html#x") == "https://zoek.officielebekendmakingen.nl/stb-2024-150.html"


def test_both_dated_formulas_of_the_tested_variable_are_exercised(resultaat):
    niet_getest = set(resultaat["niet_geteste_formules"])
    assert "weigeringsgrond_wav_8_1_f@2013-01-01" not in niet_getest
    assert "weigeringsgrond_wav_8_1_f@2014-01-01" not in niet_getest
    assert "weigeringsgrond_wav_8_1_h@2014-01-01" in niet_getest  # never asked for


def test_parameters_read_and_articles_reached(resultaat):
    assert "algemeen.wettelijk_minimumloon.maandbedrag" not in resultaat["niet_geteste_parameters"]
    assert "wav.vacaturemelding_termijn_weken" in resultaat["niet_geteste_parameters"]
    assert "BWBR0007149 art. 8" not in resultaat["niet_geteste_artikelen"]
    assert "BWBR0007149 art. 11" in resultaat["niet_geteste_artikelen"]


def test_per_file_counts_and_the_broken_case(resultaat):
    (bestand,) = resultaat["bestanden"].values()
    assert bestand["gevallen"] == 3 and bestand["formules"] > 0
    (fout,) = resultaat["fouten"]
    assert "bestaat_niet" in fout["fout"]
    assert "klein.yaml" in markdown(resultaat)


def test_coverage_command_json_output(tmp_path, capsys):
    (tmp_path / "klein.yaml").write_text(FIXTURE, encoding="utf-8")
    uit = tmp_path / "dekking.json"
    assert main(["coverage", str(tmp_path / "klein.yaml"), "--format", "json", "--output", str(uit)]) == 0
    assert json.loads(uit.read_text())["samenvatting"]["testgevallen"] == 3
    assert main(["coverage", str(tmp_path / "bestaat_niet")]) == 2
    assert "no such test file" in capsys.readouterr().err
