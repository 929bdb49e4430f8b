"""The table of unit values in docs/costing.md ("Unit values and assumptions"), written from the parameters.

Run:  python -m openfisca_arbeidsmigratie.costing.unit_values_table docs/costing.md

replaces the table under the heading in place (tests/python/test_unit_values_table.py checks the
file is current). The rows are those of a report's ``unit_values.csv`` for the first costing year
(:func:`openfisca_arbeidsmigratie.costing.result.unit_value_rows`): every value under ``kosten`` and
the tax law under ``fiscaal``, amounts at a price level of an earlier year indexed to the year.
"""

from __future__ import annotations

import pathlib
import sys

from openfisca_arbeidsmigratie.costing.result import unit_value_rows
from openfisca_arbeidsmigratie.costing.units import ROOT, first_year, uncertainties

HEADING = "| Parameter | Value {year} | Unit | Source (latest) | Assumption range |"


def _number(value, unit: str) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "gap"
    if unit.startswith("currency") or float(value).is_integer():
        return f"{round(value):,}"
    return f"{value:.6g}"


def table_lines(system, year: int | None = None) -> list[str]:
    """The table's lines (heading, rule, one row per unit value) for ``year`` (default: the first costing year)."""
    year = year or first_year(system)
    ranges = {u.path: (u.low, u.high) for u in uncertainties(system)}
    lines = [HEADING.format(year=year), "|---|---|---|---|---|"]
    for row in unit_value_rows(system, year, ranges):
        name = row["parameter"].removeprefix(f"{ROOT}.")
        low, high = row["range_low"], row["range_high"]
        span = f"[{_number(low, row['unit'])}, {_number(high, row['unit'])}]" if low is not None else ""
        source = row["source"].replace("|", "/")
        lines.append(f"| {name} | {_number(row['value'], row['unit'])} | {row['unit']} | {source} | {span} |")
    return lines


def replace_table(text: str, lines: list[str]) -> str:
    """``text`` with the table that starts at the unit-value heading replaced by ``lines``."""
    rows = text.split("\n")
    start = next(i for i, line in enumerate(rows) if line.startswith("| Parameter | Value "))
    end = start
    while end < len(rows) and rows[end].startswith("|"):
        end += 1
    return "\n".join(rows[:start] + lines + rows[end:])


def main(argv: list[str]) -> int:
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    path = pathlib.Path(argv[0] if argv else "docs/costing.md")
    path.write_text(replace_table(path.read_text(encoding="utf-8"), table_lines(baseline_system())), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
