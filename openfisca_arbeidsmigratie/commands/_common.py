"""What the sub-commands share: exit codes, the bad-input error, option types, the population.

Imports here stay light (argparse, pathlib): building the parser for ``--help`` must not load the
law. Heavy modules are imported inside the functions that need them.
"""

from __future__ import annotations

import argparse
import importlib.resources
import pathlib
import sys
from collections.abc import Sequence

from openfisca_arbeidsmigratie.errors import UserError

BUNDLED_POPULATION = "bevolking_2026.parquet"
PROJECTED_HELP = (
    "fill every amount not yet published up to the end of the period (the coming year's salary "
    "criteria, the minimum wage) from its indexation rule with the last published change; every "
    "output says so (a projection, not law). Without it such a period fails with a clear error"
)
"""Help of --projected (openfisca_arbeidsmigratie.projection), here so that --help stays fast."""
EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_PERIOD_HELP = "default: the latest month for which all law is published, {default_period}"
SEED_RANGE = (0, 2**32 - 1)


class InputError(UserError):
    """Bad input: printed as is, exit code 2."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions as written; ``{default_period}`` in an option's help becomes the default month
    (computed only when the help is shown)."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "{default_period}" in text:
            from openfisca_arbeidsmigratie.law_coverage import default_period_for_help  # noqa: PLC0415

            text = text.replace("{default_period}", default_period_for_help())
        return text


def bundled_population() -> pathlib.Path:
    """Path of the synthetic population shipped in openfisca_arbeidsmigratie/data/."""
    return pathlib.Path(
        str(importlib.resources.files("openfisca_arbeidsmigratie") / "data" / BUNDLED_POPULATION)
    )


def chunk_rows(text: str) -> int:
    """argparse type of --chunk-size: a whole number of rows >= 1."""
    try:
        rows = int(text)
    except ValueError:
        rows = 0
    if rows < 1:
        msg = f"{text!r}; allowed: a whole number of rows >= 1"
        raise argparse.ArgumentTypeError(msg)
    return rows


def month(text: str) -> str:
    """argparse type of --period: a month within the window the law can cover (as the web API)."""
    from openfisca_arbeidsmigratie.law_coverage import PeriodError, parse_month  # noqa: PLC0415

    try:
        return str(parse_month(text))
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def seed(text: str) -> int:
    """argparse type of --seed: a whole number from 0 to 2**32 - 1 (as the web API)."""
    low, high = SEED_RANGE
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not low <= value <= high:
        msg = f"{text!r}; allowed: a whole number from {low} to {high}"
        raise argparse.ArgumentTypeError(msg)
    return value


def add_period(parser: argparse.ArgumentParser, what: str = "month") -> None:
    parser.add_argument(
        "--period",
        type=month,
        default=None,
        metavar="YYYY-MM",
        help=f"{what} YYYY-MM, or a year YYYY = its January ({DEFAULT_PERIOD_HELP})",
    )


def period_or_default(period: str | None) -> str:
    from openfisca_arbeidsmigratie.law_coverage import default_period  # noqa: PLC0415

    return period if period is not None else default_period()


def population_path(population: str | None) -> pathlib.Path:
    return pathlib.Path(population) if population else bundled_population()


def load(path: pathlib.Path, schema):
    """The population file at ``path``, validated against ``schema``; a file that cannot be read
    as a table of cells (a nested Parquet column, ...) is an InputError naming it."""
    import pyarrow as pa  # noqa: PLC0415

    from openfisca_arbeidsmigratie.population import load_population  # noqa: PLC0415

    try:
        return load_population(path, schema)
    except pa.ArrowException as error:
        raise unreadable_column(path, error) from None


def unreadable_column(path, error: Exception) -> InputError:
    """A population file whose cells cannot be read as values (a nested Parquet column, ...)."""
    return InputError(
        f"{path}: a column could not be read ({error}); allowed: one value per cell "
        "(text, number or true/false), see docs/population-format.md"
    )


def regimes_and_population(specs: Sequence[str], population: str | None, baseline=None):
    """Resolve the regimes (each built once; over ``baseline``, e.g. a marked projection, when
    given), then load and validate the population file (default: the bundled one) against the
    inputs of all of them. Returns (regimes, path, population)."""
    from openfisca_arbeidsmigratie.microsimulation import resolve_regimes  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import derive_schema  # noqa: PLC0415

    regimes = resolve_regimes(specs, baseline)
    path = population_path(population)
    return regimes, path, load(path, derive_schema(*(r.system for r in regimes)))


def warn(command: str, warnings: Sequence[str]) -> None:
    """Print each warning on standard error, so that it is seen even when the output is redirected."""
    for text in warnings:
        print(f"arbeidsmigratie {command}: warning: {text}", file=sys.stderr)
