"""``arbeidsmigratie compare``: current law and reforms side by side on a population (the main job)."""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import sys
import time

from openfisca_arbeidsmigratie.commands._common import (
    EXIT_OK,
    PROJECTED_HELP,
    HelpFormatter,
    add_period,
    chunk_rows,
    period_or_default,
    population_path,
    regimes_and_population,
    unreadable_column,
)

HELP = """\
Simulate one population under current law (huidig_recht) and each reform, side by side.

Without --reform, every registered reform is compared with current law (each on its own);
when no reform is registered, current law alone is simulated. --period takes a month (YYYY-MM);
a year (YYYY) means its first month; the default is the latest month for which all law is
published. The default population is the synthetic one bundled with the package (one year of
labour-migration cases, weighted to national totals). A reform whose switch (van_toepassing) is
off in the month is named in a warning, with the date from which it applies.

Only applicants (rol_huishouden = aanvrager) are reported; weights (gewicht) gross them up to
applicants per year. The console shows admissions by route, each reform's change from current law
(weighted and in percent), permit validity and rights (family reunification, non-temporary purpose,
earliest permanent residence), transitions with the largest flows and their deciding grounds, and
refusals by deciding ground. --decompose splits a combined regime's change by reform. Dutch terms
of the output in English, with their articles: docs/glossary.md.

--output DIR writes:
  applicants.parquet (or .csv with --format csv)  per applicant: ids, weight and per regime the
                                                  outputs (exact values; niet_voldaan is the list
                                                  of failed requirements)
  explanations.parquet (or .csv)                  per applicant and reform: what differs from
                                                  current law and the condition that decided it
  aggregates.csv, aggregates.json                 weighted admissions by route, sector, nationality
                                                  group, age band and wage band; the JSON also
                                                  changes, outcomes, transitions, largest flows,
                                                  refusals, warnings and metadata.not_in_force
  changes.csv                                     per reform and route: change from current law
  outcomes.csv                                    permit validity and rights per regime
  transitions.csv                                 the route-to-route matrix per reform
  refusals.csv                                    weighted refusals by reason, with citations
  decomposition.csv                               with --decompose: contributions per reform
  PROJECTION.txt                                  with --projected: the amounts projected
  manifest.json                                   every file with its sha256, and the receipt
Figures in CSV and JSON are rounded: weighted applicants to one decimal, shares to four.
--outputs chooses the per-applicant columns only: the route, the admitted flag, the deciding
ground and the failed requirements are always computed for the tables.

--output is all or nothing: the files are written into a hidden folder beside DIR, and
manifest.json (every file with its sha256, and the receipt) goes in last; only then does the
folder become DIR. A failure or Ctrl-C leaves an earlier DIR as it was. DIR may be new, empty or
the folder of an earlier run, whose whole set is then replaced (no file of it remains); a folder
with other files is refused. DIR's parent folder must exist; it is checked before computing.

Large files: with --chunk-size ROWS the file is streamed. A first pass checks all of it (every
problem is listed, nothing is computed or written from a bad file); a second pass reads, simulates
and writes ROWS persons at a time, so memory stays that of one chunk (plus 8 bytes per row for
the duplicate-id check) whatever the file size. Rows of one household must be consecutive (the
generator writes them so); employers may span chunks. Regimes that rank or cap the whole
population (bandbreedte) cannot be streamed. Results equal those of the run without --chunk-size.

Exit codes: 0 success; 2 bad input (the message names the file, option or value and what is
allowed; every validation error of a population file is listed, nothing is computed or written);
1 a defect of the package (a regime's formulas failed on a valid population; nothing is written).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="current law and reforms side by side on a population",
        description=HELP,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--population",
        metavar="FILE",
        help="population file (.csv or .parquet); default: the bundled one",
    )
    add_period(parser)
    parser.add_argument(
        "--reform",
        action="append",
        metavar="SPEC",
        help="regime to compare with current law: NAME, NAME+NAME (combined) or NAME@params.yaml; repeatable",
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        help="folder for the output files (listed above); all or nothing, manifest.json last",
    )
    parser.add_argument(
        "--format",
        choices=["parquet", "csv"],
        default="parquet",
        help="format of the per-applicant table",
    )
    parser.add_argument(
        "--chunk-size",
        type=chunk_rows,
        metavar="ROWS",
        help="stream the file: check it, then read and simulate it in chunks of at most ROWS persons "
        "(whole households, which must be on consecutive rows), so memory stays that of one chunk "
        "whatever the file size; results equal the run without it",
    )
    parser.add_argument(
        "--outputs",
        metavar="VARS",
        help="comma-separated output variables (default: the four decision outputs)",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show a progress bar even when stderr is not a terminal",
    )
    parser.add_argument(
        "--decompose",
        nargs="?",
        const="stacked",
        choices=("stacked", "alone"),
        help="split the change of each combined regime (a+b+c) by reform: 'stacked' (default) adds "
        "the reforms one at a time in the order they apply, so the contributions add up; 'alone' "
        "runs each reform by itself against current law and shows the interaction",
    )
    parser.add_argument("--projected", action="store_true", help=PROJECTED_HELP)
    parser.set_defaults(func=run)


def default_reforms() -> list[str]:
    from openfisca_arbeidsmigratie.reforms import BASELINE, available_regimes  # noqa: PLC0415

    return [name for name in available_regimes() if name != BASELINE]


def prefer_system_pool() -> None:
    """On Linux, make the C library's allocator (glibc's heap, the one numpy uses) Arrow's memory
    pool unless the user chose one (``ARROW_DEFAULT_MEMORY_POOL``). Arrow reads the variable once,
    when pyarrow is first imported, so this runs before any import of it (it does nothing where
    pyarrow is already loaded).

    The pool holds the Arrow side of the run: the columns read from the file, the applicants' and
    explanations' tables, the writers' buffers. From one heap, the memory Arrow frees after reading
    the file serves the regimes' arrays, and ``engine.release_memory`` (``malloc_trim``) gives back
    what neither uses. Measured at a million applicants: jemalloc kept some 230 MiB resident after
    the file was read (its ``release_unused`` did not return them), which took the peak of a
    three-regime run to about 1 GiB (the system pool: 0.8 GiB, in the same time); mimalloc, the
    default of pyarrow's wheels, grew by some 100 MiB per chunk of a million persons when
    streaming.
    """
    if sys.platform.startswith("linux") and "pyarrow" not in sys.modules:
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def run(args: argparse.Namespace) -> int:
    prefer_system_pool()  # before pyarrow is imported
    from openfisca_arbeidsmigratie import projection  # noqa: PLC0415 (fast --help)
    from openfisca_arbeidsmigratie.microsimulation import (  # noqa: PLC0415
        DEFAULT_OUTPUTS,
        compare,
        decomposition,  # noqa: PLC0415
    )
    from openfisca_arbeidsmigratie.microsimulation.engine import release_memory  # noqa: PLC0415
    from openfisca_arbeidsmigratie.microsimulation.report import (  # noqa: PLC0415
        decomposition_lines,
        refusals_of,
        side_by_side,
        write_outputs,
    )
    from openfisca_arbeidsmigratie.output import MANIFEST, output_directory, sha256_of  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.validation import check_simulated_month  # noqa: PLC0415
    from openfisca_arbeidsmigratie.receipt import receipt_for  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import parse_spec  # noqa: PLC0415

    started = time.perf_counter()
    specs = args.reform if args.reform is not None else default_reforms()
    requested = list(specs)
    if args.decompose:
        specs = decomposition.expand(requested, args.decompose)
    outputs = (
        [o.strip() for o in args.outputs.split(",") if o.strip()]
        if args.outputs
        else DEFAULT_OUTPUTS
    )
    options = {
        "period": period_or_default(args.period),
        "outputs": outputs,
        "progress": args.progress or sys.stderr.isatty(),
    }
    baseline = projection.projected_baseline(options["period"]) if args.projected else None
    with (
        output_directory(args.output, command="compare")
        if args.output
        else contextlib.nullcontext()
    ) as out:  # the output folder is checked before anything is computed
        folder = out.path if out else None
        if args.chunk_size is not None:
            regimes, path, result, sink = _compare_streaming(args, specs, folder, options, baseline)
        else:
            regimes, path, population = regimes_and_population(specs, args.population, baseline)
            check_simulated_month(population, options["period"])  # birth dates not after the application
            release_memory()  # what reading the file freed
            result = compare(population, regimes[1:], baseline=regimes[0].system, **options)
            del population  # the outputs are in the result: its arrays go before the files are written
            release_memory()
            sink = None
        not_in_force = [w for r in regimes for w in r.inactive_reforms(result.period)]
        refusals = refusals_of(result, sink)
        marks = projection.notice(baseline)
        result.warnings[:0] = marks[:1]  # the projection is named in the warnings of every output
        print("\n".join([*marks, ""]) if marks else "", end="")
        print(f"Population: {path} ({result.persons:,} persons)")
        print(side_by_side(result, refusals))
        contributions = []
        if args.decompose:
            labels = {spec: parse_spec(spec).label for spec in specs}
            for spec in requested:
                contributions += decomposition.contributions(
                    result.route_table(), spec, labels, args.decompose
                )
            print("\n".join(decomposition_lines(contributions, args.decompose)))
        if out:
            metadata = {
                "population": str(path),
                "not_in_force": not_in_force,
                **({"projection": marks} if marks else {}),
            }
            written = write_outputs(
                result, folder, args.format, metadata, refusals=refusals, decomposition=contributions
            )
            if sink is not None and sink.path is not None:
                streamed = [sink.path, folder / f"explanations.{args.format}"]
                written[:0] = [p for p in streamed if p.exists()]
            written += projection.write_notice(marks, folder)
            out.receipt = receipt_for(
                {r.label: r.system for r in regimes},
                period=result.period,
                specs={r.label: r.spec for r in regimes},
                population=str(path),
                population_sha256=sha256_of(path),
                persons=result.persons,
            )
    if out:
        finals = [*(out.final(p) for p in written), out.target / MANIFEST]
        print("\nWritten: " + ", ".join(str(p) for p in finals))
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _compare_streaming(args, specs, folder: pathlib.Path | None, options: dict, baseline=None):
    """--chunk-size: read, check and simulate the file in chunks (compare_file); the applicants'
    table goes to the output folder chunk by chunk, refusals are counted per chunk."""
    import pyarrow as pa  # noqa: PLC0415

    from openfisca_arbeidsmigratie.microsimulation import resolve_regimes  # noqa: PLC0415
    from openfisca_arbeidsmigratie.microsimulation.report import (  # noqa: PLC0415
        BackgroundSink,
        ExplainingSink,
        TableSink,
    )
    from openfisca_arbeidsmigratie.microsimulation.streaming import compare_file  # noqa: PLC0415

    regimes = resolve_regimes(specs, baseline)
    path = population_path(args.population)
    target = folder / f"applicants.{args.format}" if folder else None
    sink = TableSink(target, args.format, count_refusals=True, outputs=options["outputs"])
    writer = sink
    if folder and len(regimes) > 1:
        explanations = TableSink(folder / f"explanations.{args.format}", args.format)
        writer = ExplainingSink(sink, explanations)
    writer = BackgroundSink(writer)  # a chunk is written while the next one is computed
    try:
        result = compare_file(
            path,
            regimes[1:],
            chunk_rows=args.chunk_size,
            sink=writer,
            baseline=regimes[0].system,
            validate_first=False,  # the sinks stage their files: abort() below discards them
            **options,
        )
    except pa.ArrowException as error:
        writer.abort()
        raise unreadable_column(path, error) from None
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return regimes, path, result, sink
