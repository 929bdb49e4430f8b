"""``arbeidsmigratie generate``: a synthetic population file."""

from __future__ import annotations

import argparse

from openfisca_arbeidsmigratie.commands._common import (
    BUNDLED_POPULATION,
    EXIT_OK,
    InputError,
    month,
    seed,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="write a synthetic population file",
        description="Write a synthetic population (deterministic for --seed), calibrated to published figures "
        "(docs/synthetic-population.md). The bundled file was made with: "
        f"arbeidsmigratie generate --size 3000 --seed 2026 --output openfisca_arbeidsmigratie/data/{BUNDLED_POPULATION}",
    )
    parser.add_argument(
        "--size", type=int, required=True, help="number of applicants (family members come on top)"
    )
    parser.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--reference-month",
        type=month,
        default=None,
        metavar="YYYY-MM",
        help="month the dates (births, graduations) are relative to, to simulate a past month on the "
        "same draws (default 2026-01; ages and wages, at the 2026 level, stay the same)",
    )
    parser.add_argument(
        "--output",
        required=True,
        metavar="FILE",
        help="output file (.parquet or .csv) in an existing folder; written under a temporary name "
        "and renamed when complete, so an interrupted run leaves no partial file (an existing FILE "
        "is replaced)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.output import output_file, write_table_in_parts  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import derive_schema  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.generator import generate  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.io import FORMATS  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    with output_file(args.output, suffixes=tuple(FORMATS)) as partial:  # checked first
        try:
            table = generate(args.size, args.seed, derive_schema(baseline_system()), reference_month=args.reference_month)
        except ValueError as error:
            raise InputError(f"--size: {error}") from None
        write_table_in_parts(table, partial)
    print(
        f"Wrote {table.num_rows:,} persons ({args.size:,} applicants, seed {args.seed}) to {args.output}"
    )
    return EXIT_OK
