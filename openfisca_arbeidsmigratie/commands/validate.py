"""``arbeidsmigratie validate``: check a population file without computing anything."""

from __future__ import annotations

import argparse

from openfisca_arbeidsmigratie.commands._common import EXIT_OK, chunk_rows, load, unreadable_column


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check a population file without computing anything"
    )
    parser.add_argument("population", metavar="FILE")
    parser.add_argument(
        "--chunk-size",
        type=chunk_rows,
        metavar="ROWS",
        help="check the file as compare --chunk-size reads it: in chunks of ROWS persons, bounded "
        "memory, household rows must be consecutive",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pyarrow as pa  # noqa: PLC0415

    from openfisca_arbeidsmigratie.population import derive_schema  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.streaming import check_file  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    schema = derive_schema(baseline_system())
    if args.chunk_size is not None:
        try:
            summary = check_file(args.population, schema, chunk_rows=args.chunk_size)
        except pa.ArrowException as error:
            raise unreadable_column(args.population, error) from None
        print(
            f"{args.population}: valid for streaming, {summary.persons:,} persons in "
            f"{summary.chunks:,} chunk(s) of whole households"
        )
        return EXIT_OK
    population = load(args.population, schema)
    applicants = len(population.applicant_rows())
    print(
        f"{args.population}: valid, {population.count:,} persons of whom {applicants:,} applicants"
    )
    return EXIT_OK
