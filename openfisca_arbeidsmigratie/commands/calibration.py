"""``arbeidsmigratie calibration``: a population file against the published calibration targets."""

from __future__ import annotations

import argparse
import pathlib

from openfisca_arbeidsmigratie.commands._common import month

HELP = """\
Simulate a population file (default: the bundled synthetic population) under current law in the
targets' reference month and print every calibration target beside the weighted value in the
file, the deviation, whether it is within the target's tolerance, and the source (publication,
year, series, reliability). The targets are published figures (CBS, IND, UWV) kept in
openfisca_arbeidsmigratie/data/calibration_targets.yaml (docs/synthetic-population.md); the
cross-checks of other series follow the table.

Totals count applicants admitted on a route (weighted); shares are among those applicants.
--period simulates another month's current law instead (the targets stay those of their own
years): with a population whose dates fit that month (arbeidsmigratie generate --reference-month),
this is the validation against a past year's published outcomes (docs/costing.md).

Exit codes: 0 success (also when a value is outside its tolerance: the table says so),
2 bad input (a population or targets file that cannot be read, or a birth date after the
month simulated).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "calibration",
        help="a population file against the published calibration targets",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="population file (.csv or .parquet); default: the bundled one")
    parser.add_argument("--targets", metavar="FILE", help="targets file (YAML); default: the bundled calibration_targets.yaml")
    parser.add_argument(
        "--period",
        type=month,
        default=None,
        metavar="YYYY-MM",
        help="month whose current law is simulated (default: the targets' reference month, 2026-01)",
    )
    parser.set_defaults(func=run)


def report(measurements, targets, path: str, period: str | None = None) -> str:
    """The calibration report (markdown) of ``measurements`` of the file at ``path``."""
    from openfisca_arbeidsmigratie.population.calibration import markdown_table  # noqa: PLC0415

    outside = [m.target.key for m in measurements if not m.within]
    lines = [
        f"# Calibration of {path}",
        "",
        f"Current law in {period or targets.reference_month}; targets: {targets.path}.",
        f"{len(measurements) - len(outside)} of {len(measurements)} targets within their tolerance"
        + (f"; outside: {', '.join(outside)}." if outside else "."),
        "",
        markdown_table(measurements),
    ]
    if targets.cross_checks:
        lines += ["## Cross-checks (other series, not used as targets)", ""]
        lines += ["| what | value | source | why not used |", "|---|---|---|---|"]
        for c in targets.cross_checks:
            value = c.get("value", "")
            shown = f"{value:,.0f}" if isinstance(value, int | float) and value >= 10 else str(value)
            why = " ".join(str(c.get("why_not_used", "")).split())
            lines.append(f"| {c.get('what', '')} | {shown} | {c.get('source', '')} | {why} |")
        lines.append("")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.commands._common import InputError, bundled_population  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import derive_schema, load_population  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.calibration import (  # noqa: PLC0415
        CalibrationError,
        measure,
        read_targets,
    )
    from openfisca_arbeidsmigratie.population.validation import check_simulated_month  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    try:
        targets = read_targets(args.targets)
    except CalibrationError as error:
        raise InputError(str(error)) from None
    system = baseline_system()
    path = pathlib.Path(args.file) if args.file else bundled_population()
    population = load_population(path, derive_schema(system))
    check_simulated_month(population, args.period or targets.reference_month)  # no birth after the month
    try:
        measurements = measure(population, targets, system, args.period)
    except CalibrationError as error:
        raise InputError(f"{targets.path}: {error}") from None
    print(report(measurements, targets, str(path), args.period), end="")
    return 0
