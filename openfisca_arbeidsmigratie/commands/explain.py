"""``arbeidsmigratie explain``: the decision for one applicant under current law and reforms."""

from __future__ import annotations

import argparse
import json

from openfisca_arbeidsmigratie.commands._common import (
    EXIT_OK,
    PROJECTED_HELP,
    HelpFormatter,
    InputError,
    month,
    warn,
)

HELP = """\
Explain the decision for one situation under current law (huidig_recht) and each --reform:
admitted or refused, the deciding ground and every requirement not met (with law, article,
lid and a wetten.overheid.nl link), the smallest gross monthly wage that would admit, the
points-test shortfall and the newcomer inputs that could close it, and the condition that
decides a difference with current law. A reform whose switch (van_toepassing) is off in the
month is named in a warning (on standard error, and under "warnings" in the JSON).

FILE is a .yaml/.yml/.json situation in OpenFisca's format (personen/werkgevers/huishoudens),
the flat style of a YAML test's input (nationaliteit: IN, bruto_maandloon: 3000), or a YAML
test file (choose a case with --case when it holds several).

The situation is checked first, as population files are (unknown names with the closest known
ones, periods, country codes, enum values, bounds, birth dates not after the application).
The Dutch terms of the output in English, with their articles: docs/glossary.md.

Exit codes: 0 success, 2 bad input, 1 a defect of the package.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="why one applicant is admitted or refused, per regime, with citations",
        description=HELP,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("situation", metavar="FILE", help="situation file (.yaml, .yml or .json)")
    parser.add_argument(
        "--period",
        type=month,
        metavar="YYYY-MM",
        help="month YYYY-MM (default: the file's period, else the latest month for which all law "
        "is published, {default_period})",
    )
    parser.add_argument(
        "--reform", action="append", default=[], metavar="SPEC",
        help="regime to explain besides current law: NAME, NAME+NAME or NAME@params.yaml; repeatable",
    )
    parser.add_argument("--case", metavar="TEXT", help="with a YAML test file: the case whose name contains TEXT")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    parser.add_argument("--projected", action="store_true", help=PROJECTED_HELP)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie import projection  # noqa: PLC0415 (fast --help)
    from openfisca_arbeidsmigratie.explain.explanation import (  # noqa: PLC0415 (fast --help)
        SituationError,
        as_text,
        explain,
        read_situation,
    )
    from openfisca_arbeidsmigratie.law_coverage import (  # noqa: PLC0415
        PeriodError,
        default_period,
        parse_month,
    )
    from openfisca_arbeidsmigratie.microsimulation import resolve_regimes  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415
    from openfisca_arbeidsmigratie.validation import SituationError as InvalidSituation  # noqa: PLC0415
    from openfisca_arbeidsmigratie.validation import check_situation  # noqa: PLC0415

    regimes = resolve_regimes(args.reform)
    try:
        situation, period = read_situation(args.situation, args.case)
        period = args.period or (str(parse_month(period)) if period else default_period())
        check_situation(situation, baseline_system(), source=args.situation, period=period)
        baseline = projection.projected_baseline(period) if args.projected else None
        explanation = explain(situation, period, [str(r.spec) for r in regimes[1:]], baseline)
    except PeriodError as error:
        raise InputError(f"{args.situation}: {error}") from None
    except (SituationError, InvalidSituation) as error:
        raise InputError(str(error)) from None
    warnings = [w for r in regimes for w in r.inactive_reforms(period)]
    warn("explain", warnings)
    marks = projection.notice(baseline)
    if marks:
        explanation = {"projection": marks, **explanation}
    if args.format == "json":
        print(json.dumps({**explanation, "warnings": warnings}, indent=2, ensure_ascii=False))
    else:
        print("\n".join([*marks, ""]) + as_text(explanation) if marks else as_text(explanation), end="")
    return EXIT_OK
