"""Benchmark of the stages in process: generate, write, load, validate and compare (1e6, 1e7 streamed).

What a user of the command waits for (start-up and every output file included) is measured by
benchmarks/bench_compare.py; this script times the stages inside one process.

Run:  python benchmarks/bench_stages.py                 # 1e6 in memory, plus 1e7 streamed
      python benchmarks/bench_stages.py --sizes 1000000 --chunked-sizes 0   # only 1e6
      python benchmarks/bench_stages.py --sizes 0 --chunked-sizes 10000000 --chunk-size 250000,1000000

Generation and each run happen in processes of their own, so the peak RSS (ru_maxrss) of a run
belongs to that run alone (the generator's own peak is reported separately). Stages:

* generate: the synthetic generator (population/generator.py), in pieces of 1e6 applicants (each
  piece its own id range and seed) appended to one Parquet file, so its memory is that of a piece;
* load + validate: in memory, read the Parquet file, validate every cell and encode the input
  arrays; streamed (``--chunked-sizes``), the checking pass of compare_file as the command line
  runs it (the id, role and employer columns of the whole file: the rules across rows);
* compare: current law and two reforms, one simulation per regime over the same arrays;
  streamed, compare_file's second pass (read, check, encode and simulate ``--chunk-size`` persons
  at a time, whole households, per-applicant table streamed to Parquet);
* numpy: the hand-written numpy reference of the full current-law decision
  (benchmarks/numpy_reference.py: arrays_from_population + decide, the five outputs) on the same
  loaded arrays; its agreement with the package's current law is printed per output, and the
  ratio is current law's seconds in compare (Comparison.seconds_per_regime: the five outputs plus
  the breakdown codes and outcome variables the engine also reads) to the reference's.

The month is the package's default (law_coverage.default_period()). Peak RSS is printed beside
the targets of bench_compare.py (1 GiB in memory, 1.2 GiB streamed); this script is not a test
and asserts nothing. What a user waits for, with every target, is benchmarks/bench_compare.py.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import pyarrow.parquet as pq
from openfisca_core.reforms import Reform

from openfisca_arbeidsmigratie.law_coverage import default_period
from openfisca_arbeidsmigratie.microsimulation import (
    DEFAULT_OUTPUTS,
    Regime,
    compare,
    parse_month,
    resolve_regimes,
)
from openfisca_arbeidsmigratie.microsimulation.engine import run_chunks
from openfisca_arbeidsmigratie.microsimulation.report import TableSink
from openfisca_arbeidsmigratie.population import derive_schema, load_population
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.population.streaming import check_file, population_chunks
from openfisca_arbeidsmigratie.reforms import BASELINE, available_regimes, baseline_system

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import numpy_reference as ref  # noqa: E402

PREFERRED_REFORMS = (
    "brede_welvaartstoets",
    "aanscherping_kennismigranten",
    "vijfjarige_vergunning",
)
PIECE = 1_000_000
MONTH = default_period()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def choose_regimes():
    """Two registered reforms when at least two exist, else two test reforms defined here."""
    registered = [r for r in available_regimes() if r != BASELINE]
    if len(registered) >= 2:
        preferred = [r for r in PREFERRED_REFORMS if r in registered]
        chosen = (preferred + [r for r in registered if r not in preferred])[:2]
        return chosen, "registered reforms"

    class StrengerLoon(Reform):
        def apply(self):
            def change(parameters):
                node = parameters.algemeen.wettelijk_minimumloon.maandbedrag
                node.update(start="2020-01-01", value=float(node("2026-01-01")) * 1.2)
                return parameters

            self.modify_parameters(modifier_function=change)

    class NiemandToegelaten(Reform):
        def apply(self):
            self.neutralize_variable("toelatingsroute")

    base = baseline_system()
    return [
        Regime("test_hoger_minimumloon", "test", StrengerLoon(base)),
        Regime("test_niemand", "test", NiemandToegelaten(base)),
    ], "test reforms (fewer than 2 registered)"


def generate_file(size: int, path: pathlib.Path, schema) -> float:
    started = time.perf_counter()
    writer = None
    for piece, offset in enumerate(range(0, size, PIECE)):
        n = min(PIECE, size - offset)
        table = generate(n, seed=piece, schema=schema, id_offset=offset * 2)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table)
        del table
    writer.close()
    return time.perf_counter() - started


# ---- the numpy reference ------------------------------------------------------------------------


def numpy_decision(population, month: str):
    """The reference's five outputs of the applicants (benchmarks/numpy_reference.py), and the seconds."""
    law = ref.Law.at(ref.load_parameters(), f"{month}-01")
    started = time.perf_counter()
    decision = ref.decide(ref.arrays_from_population(population), law, population.applicant_rows().size)
    return decision, time.perf_counter() - started


# ---- one run per process ----------------------------------------------------------------------------


def _schema_and_regimes():
    regimes, origin = choose_regimes()
    resolved = resolve_regimes(regimes)
    return derive_schema(*(r.system for r in resolved)), resolved, origin


def run_in_memory(path: pathlib.Path, figures: dict, schema, resolved) -> None:
    started = time.perf_counter()
    population = load_population(path, schema)
    figures["load_validate_s"] = time.perf_counter() - started
    figures["rss_after_load_mib"] = peak_rss_mib()
    figures["persons"] = population.count
    started = time.perf_counter()
    result = compare(population, resolved[1:], period=MONTH, baseline=resolved[0].system)
    figures["compare_s"] = time.perf_counter() - started
    figures["seconds_per_regime"] = result.seconds_per_regime
    figures["applicants"] = result.tally.rows
    decision, numpy_s = numpy_decision(population, MONTH)
    figures["numpy_s"] = numpy_s
    figures["numpy_agreement"] = ref.agreement(ref.package_outputs(result.table), ref.decision_outputs(decision))


def run_streamed(chunk_size: int, path: pathlib.Path, figures: dict, schema, resolved) -> None:
    """compare_file's two passes as the command line runs them (``validate_first=False``), timed
    apart: check_file of the columns that span rows, then the chunks (each chunk's person inputs
    checked as it is read)."""
    started = time.perf_counter()
    summary = check_file(path, schema, chunk_rows=chunk_size, person_inputs=False)
    figures["load_validate_s"] = time.perf_counter() - started
    figures["rss_after_load_mib"] = peak_rss_mib()
    figures["persons"] = summary.persons
    figures["chunks"] = summary.chunks
    figures["employers"] = len(summary.employers)
    sink = TableSink(path.with_name(f"applicants_{chunk_size}_{path.name}"), "parquet")
    started = time.perf_counter()
    result = run_chunks(
        resolved,
        population_chunks(path, schema, employers=summary.employers, chunk_rows=chunk_size, check=True, period=MONTH),
        month=parse_month(MONTH),
        outputs=DEFAULT_OUTPUTS,
        sink=sink,
        progress=False,
        chunk_count=summary.chunks,
    )
    sink.close()
    figures["compare_s"] = time.perf_counter() - started
    figures["seconds_per_regime"] = result.seconds_per_regime
    figures["applicants"] = result.tally.rows
    sink.path.unlink()


def child(arguments) -> None:
    path = pathlib.Path(arguments.file)
    if arguments.child == "generate":
        schema, _, _ = _schema_and_regimes()
        figures = {"generate_write_s": generate_file(arguments.size, path, schema)}
        figures["file_mib"] = path.stat().st_size / 2**20
        figures["generate_peak_rss_mib"] = peak_rss_mib()
    else:
        schema, resolved, origin = _schema_and_regimes()
        figures = {"regimes": [r.label for r in resolved], "regimes_origin": origin}
        if arguments.chunk_size:
            run_streamed(arguments.chunk_size, path, figures, schema, resolved)
        else:
            run_in_memory(path, figures, schema, resolved)
        figures["end_to_end_s"] = figures["load_validate_s"] + figures["compare_s"]
        figures["peak_rss_mib"] = peak_rss_mib()
    print("FIGURES " + json.dumps(figures))


def in_process(
    stage: str, size: int, chunk_size: int, path: pathlib.Path, timeout: int
) -> dict | None:
    command = [
        sys.executable,
        __file__,
        "--child",
        stage,
        "--size",
        str(size),
        "--chunk-size",
        str(chunk_size),
        "--file",
        str(path),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        print(f"size {size:,} ({stage}): timed out after {timeout} s")
        return None
    for line in done.stdout.splitlines():
        if line.startswith("FIGURES "):
            return json.loads(line[len("FIGURES ") :])
    print(f"size {size:,} ({stage}): failed\n{done.stderr[-3000:]}")
    return None


def markdown(results: list[dict]) -> str:
    lines = [
        "| applicants | persons | mode (chunk) | generate+write s (peak MiB) | load+validate s | compare s (3 regimes) "
        "| end to end s | peak RSS MiB | applicants/s per regime | rules/numpy (current law) | agreement |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in results:
        per_regime = ", ".join(
            f"{k}: {f['applicants'] / v:,.0f}" for k, v in f["seconds_per_regime"].items()
        )
        ratio = (
            f"{f['seconds_per_regime']['huidig_recht'] / f['numpy_s']:.1f}x"
            if "numpy_s" in f
            else "-"
        )
        agreement = (
            ", ".join(f"{k} {v:.2%}" for k, v in f["numpy_agreement"].items())
            if "numpy_agreement" in f
            else "-"
        )
        mode = (
            f"streamed ({f['chunk_size']:,}; {f['chunks']} chunks)"
            if f["chunk_size"]
            else "in memory"
        )
        lines.append(
            f"| {f['size']:,} | {f['persons']:,} | {mode} | {f['generate_write_s']:.1f} ({f['generate_peak_rss_mib']:,.0f}) | "
            f"{f['load_validate_s']:.1f} | {f['compare_s']:.1f} | {f['end_to_end_s']:.1f} | {f['peak_rss_mib']:,.0f} | "
            f"{per_regime} | {ratio} | {agreement} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000000", help="comma-separated sizes run in memory (0 = none)"
    )
    parser.add_argument(
        "--chunked-sizes",
        default="10000000",
        help="comma-separated sizes streamed in chunks (0 = none)",
    )
    parser.add_argument(
        "--chunk-size",
        default="250000,1000000",
        help="comma-separated persons per chunk for streamed sizes (each one a run)",
    )
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    parser.add_argument("--child", choices=["generate", "run"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        arguments.chunk_size = int(arguments.chunk_size)
        child(arguments)
        return
    chunk_sizes = [int(c) for c in arguments.chunk_size.split(",") if int(c)]
    plan = [(int(s), [0]) for s in arguments.sizes.split(",") if int(s)]
    plan += [(int(s), chunk_sizes) for s in arguments.chunked_sizes.split(",") if int(s)]
    results = []
    with tempfile.TemporaryDirectory(dir=arguments.workdir) as folder:
        for size, chunks in plan:
            path = pathlib.Path(folder) / f"bevolking_{size}.parquet"
            generated = in_process("generate", size, 0, path, arguments.timeout)
            if not generated:
                continue
            for chunk in chunks:
                figures = in_process("run", size, chunk, path, arguments.timeout)
                if figures:
                    figures.update(generated, size=size, chunk_size=chunk)
                    results.append(figures)
                    print(f"size {size:,}: {json.dumps(figures)}", flush=True)
            path.unlink()
    if results:
        print(f"\nRegimes: {', '.join(results[0]['regimes'])} ({results[0]['regimes_origin']})")
        print("Peak RSS targets (bench_compare.py): 1,024 MiB in memory, 1,229 MiB streamed.\n")
        print(markdown(results))


if __name__ == "__main__":
    main()
