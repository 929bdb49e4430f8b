"""``arbeidsmigratie schema``: the columns of a population file."""

from __future__ import annotations

import argparse

from openfisca_arbeidsmigratie.commands._common import EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the columns of a population file (markdown)"
    )
    parser.add_argument(
        "--document",
        action="store_true",
        help="the whole docs/population-format.md (rules and columns)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.population import (  # noqa: PLC0415
        derive_schema,
        markdown_table,
        population_format_document,
    )
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    schema = derive_schema(baseline_system())
    print(population_format_document(schema) if args.document else markdown_table(schema), end="")
    return EXIT_OK
