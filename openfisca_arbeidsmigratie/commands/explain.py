"""``arbeidsmigratie explain``: the decision for one applicant under current law and reforms."""

from __future__ import annotations

import argparse
import json

HELP = """\
Explain the decision for one situation under current law (huidig_recht) and each --reform:
admitted or refused, the deciding ground and every requirement not met (with law, article,
lid and a wetten.overheid.nl link), the smallest gross monthly wage that would admit, the
points-test shortfall and the newcomer inputs that could close it, and the condition that
decides a difference with current law.

FILE is a .yaml/.yml/.json situation in OpenFisca's format (personen/werkgevers/huishoudens),
the flat style of a YAML test's input (nationaliteit: IN, bruto_maandloon: 3000), or a YAML
test file (choose a case with --case when it holds several).

The situation is checked first, as population files are (unknown names with the closest known
ones, periods, country codes, enum values, bounds, birth dates not after the application).
The Dutch terms of the output in English, with their articles: docs/glossary.md.

Exit codes: 0 success, 2 bad input.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="why one applicant is admitted or refused, per regime, with citations",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("situation", metavar="FILE", help="situation file (.yaml, .yml or .json)")
    parser.add_argument("--period", help="month YYYY-MM (default: the file's period, else 2026-01)")
    parser.add_argument(
        "--reform", action="append", default=[], metavar="SPEC",
        help="regime to explain besides current law: NAME, NAME+NAME or NAME@params.yaml; repeatable",
    )
    parser.add_argument("--case", metavar="TEXT", help="with a YAML test file: the case whose name contains TEXT")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.explain.uitleg import (  # noqa: PLC0415 (fast --help)
        SituatieError,
        als_tekst,
        lees_situatie,
        leg_uit,
    )
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415
    from openfisca_arbeidsmigratie.validation import SituationError, check_situation  # noqa: PLC0415

    try:
        situatie, periode = lees_situatie(args.situation, args.case)
        periode = args.period or periode or "2026-01"
        check_situation(situatie, baseline_system(), source=args.situation, period=periode)
        uitleg = leg_uit(situatie, periode, args.reform)
    except (SituatieError, SituationError) as fout:
        raise _invoerfout(fout) from None
    print(json.dumps(uitleg, indent=2, ensure_ascii=False) if args.format == "json" else als_tekst(uitleg), end="")
    return 0


def _invoerfout(fout: Exception) -> Exception:
    """The CLI's own bad-input error (exit code 2), so that no traceback is printed."""
    from openfisca_arbeidsmigratie.cli import InputError  # noqa: PLC0415 (circular at import time)

    return InputError(str(fout))
