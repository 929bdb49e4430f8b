"""docs/costing.md shows the unit values the costing uses: its table is the one the parameters give."""

from __future__ import annotations

import pathlib

from openfisca_arbeidsmigratie.costing.unit_values_table import replace_table, table_lines
from openfisca_arbeidsmigratie.reforms import baseline_system

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "costing.md"


def test_the_documented_table_is_the_one_the_parameters_give():
    text = DOC.read_text(encoding="utf-8")
    assert replace_table(text, table_lines(baseline_system())) == text, (
        "docs/costing.md: the unit-value table is out of date; run "
        "python -m openfisca_arbeidsmigratie.costing.unit_values_table docs/costing.md"
    )


def test_a_changed_value_shows_in_the_table():
    system = baseline_system().clone()
    system.parameters.kosten.uitvoering.ind_eerste_aanvraag.values_list[0].value = 600.0
    row = next(line for line in table_lines(system, 2026) if line.startswith("| uitvoering.ind_eerste_aanvraag |"))
    assert row.split(" | ")[1] == "780"  # 600 at 2018 prices x 1.3005 (CPI 2019-2025)


def test_amounts_are_whole_euro_and_shares_keep_their_digits():
    lines = table_lines(baseline_system(), 2026)
    rows = {line.split(" | ")[0].removeprefix("| "): line.split(" | ") for line in lines[2:]}
    assert rows["uitvoering.ind_eerste_aanvraag"][1] == "757"
    assert rows["uitvoering.ind_eerste_aanvraag"][4] == "[650, 1,222] |"
    assert rows["verblijf.vertrek_binnen_vijf_jaar.niet_eu_overig"][1] == "0.565"
