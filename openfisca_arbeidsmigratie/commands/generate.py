"""``arbeidsmigratie generate``: a synthetic population file."""

from __future__ import annotations

import argparse

from openfisca_arbeidsmigratie.commands._common import (
    BUNDLED_POPULATION,
    EXIT_OK,
    InputError,
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
        "--output", required=True, metavar="FILE", help="output file (.parquet or .csv)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.population import derive_schema, write_table  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.generator import generate  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    try:
        table = generate(args.size, args.seed, derive_schema(baseline_system()))
    except ValueError as error:
        raise InputError(f"--size: {error}") from None
    path = write_table(table, args.output)
    print(
        f"Wrote {table.num_rows:,} persons ({args.size:,} applicants, seed {args.seed}) to {path}"
    )
    return EXIT_OK
