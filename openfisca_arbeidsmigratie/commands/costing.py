"""``arbeidsmigratie costing``: budget, workload, housing and family effects of reforms, as a report."""

from __future__ import annotations

import argparse
import sys
import time

from openfisca_arbeidsmigratie.commands._common import (
    EXIT_OK,
    PROJECTED_HELP,
    HelpFormatter,
    InputError,
    add_period,
    period_or_default,
    regimes_and_population,
    seed,
    warn,
)

HELP = """\
Cost current law (huidig_recht) and each reform: admissions by route, IND fees and sponsor fees,
IND/UWV workload and cost (renewals included), wage bill, wage tax and contributions (30% ruling
included), housing demand against the shortage and family members, per year for --years years,
with Monte Carlo intervals over every assumption with a range (docs/costing.md).

Without --reform the main registered reforms are costed: {reforms}.
The report (report.html, report.md, summary.json, charts/*.png, *.csv, receipt.json, manifest.json),
in Dutch or with --language en in English, goes to
--output, all or nothing: it is written into a hidden folder beside DIR and becomes DIR only when
complete (manifest.json, with every file's sha256, last), so a failure or Ctrl-C leaves an earlier
report as it was. DIR may be new, empty or an earlier report's folder (replaced as a whole); a
folder with other files is refused. DIR's parent must exist; it is checked before computing.
A reform whose switch (van_toepassing) is off in the first month is named in a warning.

Exit codes: 0 success, 2 bad input (the message says what is wrong), 1 a defect of the package.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "costing",
        help="reform costing report (budget, workload, housing, family; with intervals)",
        description=HELP,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--output", required=True, metavar="DIR", help="folder for the report")
    parser.add_argument("--population", metavar="FILE", help="population file (.csv or .parquet); default: the bundled one")
    parser.add_argument("--reform", action="append", metavar="SPEC", help="regime to cost next to current law (NAME, NAME+NAME or NAME@params.yaml); repeatable")
    add_period(parser, "first month")
    parser.add_argument("--years", type=int, default=10, help="years ahead to project (default 10; 1-30)")
    parser.add_argument("--draws", type=int, default=50, help="Monte Carlo draws (default 50; 0 = central estimate only)")
    parser.add_argument("--seed", type=seed, default=2026, help="random seed of the draws, 0 to 4294967295 (default 2026)")
    parser.add_argument("--dask-scheduler", metavar="ADDRESS", help="run the draws on this Dask scheduler (e.g. tcp://10.0.0.5:8786)")
    parser.add_argument("--projected", action="store_true", help=PROJECTED_HELP)
    parser.add_argument("--language", choices=("nl", "en"), default="nl", help="language of report.html and report.md (default nl; the JSON and CSV keys stay English)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie import projection  # noqa: PLC0415 (fast --help)
    from openfisca_arbeidsmigratie.costing import CostingError, default_reforms, run_costing  # noqa: PLC0415
    from openfisca_arbeidsmigratie.costing.report import write_report  # noqa: PLC0415
    from openfisca_arbeidsmigratie.output import output_directory  # noqa: PLC0415

    started = time.perf_counter()
    with output_directory(args.output, command="costing") as out:  # checked before computing
        specs = args.reform if args.reform is not None else default_reforms()
        period = period_or_default(args.period)
        baseline = projection.projected_baseline(period) if args.projected else None
        regimes, path, population = regimes_and_population(specs, args.population, baseline)

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\rdraw {done}/{total}", end="" if done < total else "\n", file=sys.stderr)

        try:
            result = run_costing(
                population,
                regimes[1:],
                period,
                years=args.years,
                draws=args.draws,
                seed=args.seed,
                scheduler=args.dask_scheduler,
                progress=progress,
                baseline=baseline,
            )
        except CostingError as error:
            raise InputError(str(error)) from None
        warn("costing", result.warnings)
        written = write_report(result, out.path, args.language)
        marks = projection.notice(baseline)
        if marks:
            print("\n".join(marks))
            written += projection.write_notice(marks, out.path)
        out.receipt = result.receipt
    print(f"Population: {path} ({population.count:,} persons); regimes: {', '.join(result.regimes)}")
    print(
        f"Report: {out.final(written[1])} and {out.final(written[0])} "
        f"({len(written) + 1} files in {out.target}, manifest.json last)"
    )
    print(f"({time.perf_counter() - started:.1f} s)")
    return EXIT_OK
