"""``arbeidsmigratie costing``: budget, workload, housing and family effects of reforms, as a report."""

from __future__ import annotations

import argparse
import sys
import time

from openfisca_arbeidsmigratie import projection

HELP = """\
Cost current law (huidig_recht) and each reform: admissions by route, IND fees and sponsor fees,
IND/UWV workload and cost (renewals included), wage bill, wage tax and contributions (30% ruling
included), housing demand against the shortage and family members, per year for --years years,
with Monte Carlo intervals over every assumption with a range (docs/costing.md).

Without --reform the main registered reforms are costed: {reforms}.
The report (report.html, report.md, charts/*.png, *.csv, receipt.json) goes to --output.

Exit codes: 0 success, 2 bad input (the message says what is wrong).
"""


def register(subparsers) -> None:
    from openfisca_arbeidsmigratie.costing import DEFAULT_REFORMS  # noqa: PLC0415 (keep CLI start fast)

    parser = subparsers.add_parser(
        "costing",
        help="reform costing report (budget, workload, housing, family; with intervals)",
        description=HELP.replace("{reforms}", ", ".join(DEFAULT_REFORMS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", required=True, metavar="DIR", help="folder for the report")
    parser.add_argument("--population", metavar="FILE", help="population file (.csv or .parquet); default: the bundled one")
    parser.add_argument("--reform", action="append", metavar="SPEC", help="regime to cost next to current law (NAME, NAME+NAME or NAME@params.yaml); repeatable")
    parser.add_argument("--period", default="2026-01", help="first month YYYY-MM (or YYYY); 2026 or later (default 2026-01)")
    parser.add_argument("--years", type=int, default=10, help="years ahead to project (default 10; 1-30)")
    parser.add_argument("--draws", type=int, default=50, help="Monte Carlo draws (default 50; 0 = central estimate only)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the draws (default 2026)")
    parser.add_argument("--dask-scheduler", metavar="ADDRESS", help="run the draws on this Dask scheduler (e.g. tcp://10.0.0.5:8786)")
    parser.add_argument("--projected", action="store_true", help=projection.HELP)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.cli import InputError, regimes_and_population  # noqa: PLC0415
    from openfisca_arbeidsmigratie.costing import CostingError, default_reforms, run_costing  # noqa: PLC0415
    from openfisca_arbeidsmigratie.costing.rapport import write_report  # noqa: PLC0415

    started = time.perf_counter()
    specs = args.reform if args.reform is not None else default_reforms()
    baseline = projection.projected_baseline(args.period) if args.projected else None
    regimes, path, population = regimes_and_population(specs, args.population, baseline)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rdraw {done}/{total}", end="" if done < total else "\n", file=sys.stderr)

    try:
        result = run_costing(
            population,
            regimes[1:],
            args.period,
            years=args.years,
            draws=args.draws,
            seed=args.seed,
            scheduler=args.dask_scheduler,
            progress=progress,
            baseline=baseline,
        )
    except CostingError as error:
        raise InputError(str(error)) from None
    written = write_report(result, args.output)
    marks = projection.notice(baseline)
    if marks:
        print("\n".join(marks))
        written += projection.write_notice(marks, args.output)
    print(f"Population: {path} ({population.count:,} persons); regimes: {', '.join(result.regimes)}")
    print(f"Report: {written[1]} and {written[0]} ({len(written)} files in {args.output})")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0
