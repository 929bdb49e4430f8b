"""The ``arbeidsmigratie`` command line.

Sub-commands defined here: ``compare`` (the main job), ``generate``, ``validate`` and ``schema``.
Other sub-commands live in :mod:`openfisca_arbeidsmigratie.commands`, one module each with
``register(subparsers)``; :func:`build_parser` discovers them, so adding one needs no edit here.
Every sub-command sets ``func(args) -> int`` (the exit code): 0 success, 2 bad input (the
message is printed, no traceback), 1 an unexpected failure.
"""

from __future__ import annotations

import argparse
import importlib.resources
import pathlib
import sys
import time
from collections.abc import Callable, Sequence

from openfisca_arbeidsmigratie import __version__
from openfisca_arbeidsmigratie.microsimulation import (
    DEFAULT_OUTPUTS,
    ComparisonError,
    RegimeComputationError,
    compare,
    decomposition,
    resolve_regimes,
)
from openfisca_arbeidsmigratie.microsimulation.engine import regime_label
from openfisca_arbeidsmigratie.microsimulation.report import (
    ExplainingSink,
    TableSink,
    decomposition_lines,
    refusals_of,
    side_by_side,
    write_outputs,
)
from openfisca_arbeidsmigratie.microsimulation.streaming import compare_file
from openfisca_arbeidsmigratie.population import (
    PopulationError,
    PopulationFileError,
    derive_schema,
    load_population,
    markdown_table,
    population_format_document,
    write_table,
)
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.population.streaming import check_file
from openfisca_arbeidsmigratie.reforms import BASELINE, available_regimes, baseline_system

BUNDLED_POPULATION = "bevolking_2026.parquet"
EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2

COMPARE_HELP = """\
Simulate one population under current law (huidig_recht) and each reform, side by side.

Without --reform, every registered reform is compared with current law (each on its own);
when no reform is registered, current law alone is simulated. --period takes a month (2026-01);
a year (2026) means its first month. The default population is the synthetic one bundled with
the package (one year of labour-migration cases, weighted to national totals).

Only applicants (rol_huishouden = aanvrager) are reported; weights (gewicht) gross them up to
applicants per year. The console shows admissions by route, each reform's change from current law
(weighted and in percent), permit validity and rights (family reunification, non-temporary purpose,
earliest permanent residence), transitions with the largest flows and their deciding grounds, and
refusals by deciding ground. --decompose splits a combined regime's change by reform.

--output DIR writes:
  applicants.parquet (or .csv with --format csv)  per applicant: ids, weight, and per regime the
                                                  outputs (exact values)
  explanations.parquet (or .csv)                  per applicant and reform: the condition that
                                                  decided the difference
  aggregates.csv, aggregates.json                 weighted admissions by route, sector, nationality
                                                  group, age band and wage band; changes, outcomes,
                                                  transitions, largest flows, refusals (JSON)
  changes.csv                                     per reform and route: change from current law
  outcomes.csv                                    permit validity and rights per regime
  transitions.csv                                 the route-to-route matrix per reform
  refusals.csv                                    weighted refusals by reason, with citations
  decomposition.csv                               with --decompose: contributions per reform
Figures in CSV and JSON are rounded: weighted applicants to one decimal, shares to four.

Large files: with --chunk-size ROWS the file is streamed. A first pass checks all of it (every
problem is listed, nothing is computed or written from a bad file); a second pass reads, simulates
and writes ROWS persons at a time, so memory stays that of one chunk (plus 8 bytes per row for
the duplicate-id check) whatever the file size. Rows of one household must be consecutive (the
generator writes them so); employers may span chunks. Regimes that rank or cap the whole
population (bandbreedte) cannot be streamed. Results equal those of the run without --chunk-size.

Exit codes: 0 success; 2 bad input (every validation error is listed, nothing is computed);
1 a regime's formulas failed on the population.
"""


def bundled_population() -> pathlib.Path:
    """Path of the synthetic population shipped in openfisca_arbeidsmigratie/data/."""
    return pathlib.Path(
        str(importlib.resources.files("openfisca_arbeidsmigratie") / "data" / BUNDLED_POPULATION)
    )


class InputError(Exception):
    """Bad input: printed as is, exit code 2."""


# ---- compare ------------------------------------------------------------------------------------


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


def _register_compare(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="current law and reforms side by side on a population",
        description=COMPARE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--population",
        metavar="FILE",
        help="population file (.csv or .parquet); default: the bundled one",
    )
    parser.add_argument(
        "--period",
        default="2026-01",
        help="month YYYY-MM, or a year YYYY = its first month (default 2026-01)",
    )
    parser.add_argument(
        "--reform",
        action="append",
        metavar="SPEC",
        help="regime to compare with current law: NAME, NAME+NAME (combined) or NAME@params.yaml; repeatable",
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        help="folder for the output files (listed above)",
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
        choices=decomposition.MODES,
        help="split the change of each combined regime (a+b+c) by reform: 'stacked' (default) adds "
        "the reforms one at a time in the order they apply, so the contributions add up; 'alone' "
        "runs each reform by itself against current law and shows the interaction",
    )
    parser.set_defaults(func=run_compare)


def _default_reforms() -> list[str]:

    return [name for name in available_regimes() if name != BASELINE]


def regimes_and_population(specs: Sequence[str], population: str | None):
    """Resolve the regimes, then load and validate the population file (default: the bundled one)
    against the inputs of all of them. Returns (regimes, path, population)."""
    regimes = resolve_regimes(specs)
    path = pathlib.Path(population) if population else bundled_population()
    return regimes, path, load_population(path, derive_schema(*(r.system for r in regimes)))


def run_compare(args: argparse.Namespace) -> int:

    started = time.perf_counter()
    specs = args.reform if args.reform is not None else _default_reforms()
    outputs = (
        [o.strip() for o in args.outputs.split(",") if o.strip()]
        if args.outputs
        else DEFAULT_OUTPUTS
    )
    requested = specs
    if args.decompose:
        specs = decomposition.expand(list(specs), args.decompose)
    folder = pathlib.Path(args.output) if args.output else None
    options = {
        "period": args.period,
        "outputs": outputs,
        "progress": args.progress or sys.stderr.isatty(),
    }
    if args.chunk_size is not None:
        path, result, sink = _compare_streaming(args, specs, folder, options)
    else:
        regimes, path, population = regimes_and_population(specs, args.population)
        result = compare(population, regimes[1:], baseline=regimes[0].system, **options)
        sink = None
    refusals = refusals_of(result, sink)
    print(f"Population: {path} ({result.persons:,} persons)")
    print(side_by_side(result, refusals))
    contributions = []
    if args.decompose:
        labels = {spec: regime_label(spec) for spec in specs}
        for spec in requested:
            contributions += decomposition.contributions(
                result.route_table(), spec, labels, args.decompose
            )
        print("\n".join(decomposition_lines(contributions, args.decompose)))
    if folder:
        written = write_outputs(
            result,
            folder,
            args.format,
            {"population": str(path)},
            refusals=refusals,
            decomposition=contributions,
        )
        if sink is not None and sink.path is not None:
            streamed = [sink.path, folder / f"explanations.{args.format}"]
            written[:0] = [p for p in streamed if p.exists()]
        print("\nWritten: " + ", ".join(str(p) for p in written))
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _compare_streaming(args, specs, folder: pathlib.Path | None, options: dict):
    """--chunk-size: read, check and simulate the file in chunks (compare_file); the applicants'
    table goes to the output folder chunk by chunk, refusals are counted per chunk."""
    regimes = resolve_regimes(specs)
    path = pathlib.Path(args.population) if args.population else bundled_population()
    target = folder / f"applicants.{args.format}" if folder else None
    sink = TableSink(target, args.format, count_refusals=True)
    writer = sink
    if folder and len(regimes) > 1:
        writer = ExplainingSink(sink, TableSink(folder / f"explanations.{args.format}", args.format))
    try:
        result = compare_file(
            path,
            regimes[1:],
            chunk_rows=args.chunk_size,
            sink=writer,
            baseline=regimes[0].system,
            **options,
        )
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return path, result, sink


# ---- generate, validate, schema ------------------------------------------------------------------


def _register_generate(subparsers) -> None:
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
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--output", required=True, metavar="FILE", help="output file (.parquet or .csv)"
    )
    parser.set_defaults(func=run_generate)


def run_generate(args: argparse.Namespace) -> int:

    try:
        table = generate(args.size, args.seed, derive_schema(baseline_system()))
    except ValueError as error:
        raise InputError(f"--size: {error}") from None
    path = write_table(table, args.output)
    print(
        f"Wrote {table.num_rows:,} persons ({args.size:,} applicants, seed {args.seed}) to {path}"
    )
    return EXIT_OK


def _register_validate(subparsers) -> None:
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
    parser.set_defaults(func=run_validate)


def run_validate(args: argparse.Namespace) -> int:

    schema = derive_schema(baseline_system())
    if args.chunk_size is not None:
        summary = check_file(args.population, schema, chunk_rows=args.chunk_size)
        print(
            f"{args.population}: valid for streaming, {summary.persons:,} persons in "
            f"{summary.chunks:,} chunk(s) of whole households"
        )
        return EXIT_OK
    population = load_population(args.population, schema)
    applicants = len(population.applicant_rows())
    print(
        f"{args.population}: valid, {population.count:,} persons of whom {applicants:,} applicants"
    )
    return EXIT_OK


def _register_schema(subparsers) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the columns of a population file (markdown)"
    )
    parser.add_argument(
        "--document",
        action="store_true",
        help="the whole docs/population-format.md (rules and columns)",
    )
    parser.set_defaults(func=run_schema)


def run_schema(args: argparse.Namespace) -> int:

    schema = derive_schema(baseline_system())
    print(population_format_document(schema) if args.document else markdown_table(schema), end="")
    return EXIT_OK


BUILT_IN: tuple[Callable, ...] = (
    _register_compare,
    _register_generate,
    _register_validate,
    _register_schema,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command (built-in and from the commands package)."""
    parser = argparse.ArgumentParser(
        prog="arbeidsmigratie",
        description="Dutch labour-migration admission law: microsimulation tools.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in BUILT_IN:
        register(subparsers)
    for module in _command_modules():
        module.register(subparsers)
    return parser


def _command_modules() -> list:
    try:
        from openfisca_arbeidsmigratie.commands import command_modules  # noqa: PLC0415 (optional package)
    except ImportError:
        return []
    return command_modules()


INPUT_ERRORS = (InputError, ComparisonError, PopulationError, PopulationFileError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args)
    except INPUT_ERRORS as error:
        print(f"arbeidsmigratie {args.command}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RegimeComputationError as error:
        print(f"arbeidsmigratie {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
