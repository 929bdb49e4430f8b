"""What users wait for, beside a hand-written numpy reference, in ONE run: figures, ratios, targets.

Run:  python benchmarks/bench_compare.py --size 1000000 --reps 3        # the full benchmark
      python benchmarks/bench_compare.py --size 20000 --reps 1          # quick mode (about 2 min)
      python benchmarks/bench_compare.py --streamed 10000000            # also 1e7 streamed
      python benchmarks/bench_compare.py --parts be                     # only parts b and e
      python benchmarks/bench_compare.py --before /path/to/old/checkout   # a and c before/after

The population is made first by the package's generator (``arbeidsmigratie generate --size N
--seed 1``, one Parquet file). The month is the package's default (law_coverage.default_period()).
Every figure is a median over --reps repetitions, the parts alternating within each repetition.
Timings on a shared machine are noisy: read the ratios, measured side by side. The commands run
with Python's bytecode cache, as a user's do (PYTHONDONTWRITEBYTECODE is unset for them). What each includes:

a. ``compare_3``: the documented command ``arbeidsmigratie compare --population FILE --reform
   brede_welvaartstoets --reform aanscherping_kennismigranten --output DIR`` in a subprocess, wall
   time from process start to exit (start-up, building the systems, reading and validating, the
   three regimes, the refusal and route tables, the explanations table, every output file and the
   manifest) and the peak RSS of that process. Beside it ``numpy_pipeline``: ``python
   benchmarks/numpy_reference.py FILE OUT --month M`` in a subprocess, wall and peak RSS: start-up
   (python, numpy, pyarrow, the package's enums, loading the parameter tree), reading the columns
   it needs with pyarrow, making the arrays, deciding the five outputs of current law (route,
   admitted, deciding ground, permit validity, failed requirements) and writing the applicants'
   table (persoon_id and those five columns) as Parquet. Its own stage seconds are printed. The
   agreement of the two applicants' tables is printed per output (share of applicants).
b. In this process, on the same loaded Population: ``rules_current_law``: a simulation of current
   law over the population's arrays as the engine builds it (engine.build_simulation) and the five
   outputs of the applicants (the four variables and the failed requirements as the engine
   reads them, explain.requirements.failed_rows); beside it ``numpy_decision``: the reference's decision
   from the same arrays (arrays_from_population + decide: gathering the employers' inputs,
   encoding the text codes, deciding the five outputs). Then ``further regime``: the engine's own
   seconds per regime (Comparison.seconds_per_regime) of compare(population, the two reforms),
   each reform's divided by current law's in the same call (the median over the repetitions); and
   the same figures of one compare in a new process (the population loaded, then compare() once),
   as a CLI run makes it: there current law's seconds include the one-off work of the process's
   first simulation (parameter caches, tables built on first use), which the in-process row has
   behind it. The simulation
   of ``rules_current_law`` is collected after its time is taken, so that the next measurement
   does not pay for its reference cycles. The agreement of the five outputs in memory is printed too.
c. ``compare_9``: the command of (a) with nine registered reforms (:data:`NINE`), with --output,
   against ``compare_3``.
d. ``yaml_runner``: ``openfisca test tests/yaml -c openfisca_arbeidsmigratie`` in a subprocess,
   wall / cases (start-up included); and without start-up: (wall of all cases - wall of the one
   case of tests/yaml/rooktest.yaml) / (cases - 1), both runs in the same repetition.
e. ``http_compare``: ``arbeidsmigratie serve --workers 1`` (gunicorn) on a free loopback port,
   started once, one warm-up request untimed (the worker builds the reforms); the timed request POSTs a generated population of --http-size applicants as
   Parquet to ``/compare?regimes=brede_welvaartstoets,aanscherping_kennismigranten`` and reads
   the whole JSON answer (round trip as a client sees it). Beside it the same work in process:
   load_population of the same file, compare() with the same regimes (their systems built
   beforehand, as the server keeps them), the answer's body (api.results.comparison_body) and
   its JSON text.
f. With --streamed N: the command of (a) on a generated file of N applicants with --chunk-size
   (default 1,000,000 persons), one run, wall and peak RSS, against ``compare_3`` x N / --size.

With --before DIR (a source tree of another commit, e.g. ``git worktree add DIR main``), the
commands of a and c also run from that tree (its machinery and its law folders), alternating,
and a before -> after row is printed for each.

A benchmark, not a test: it asserts nothing. It prints each figure, its target and whether it is met.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import pyarrow.parquet as pq

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import numpy_reference as ref  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = pathlib.Path(ref.__file__).resolve()
THREE = ("brede_welvaartstoets", "aanscherping_kennismigranten")
NINE = (
    "brede_welvaartstoets",
    "aanscherping_kennismigranten",
    "vijfjarige_vergunning",
    "bandbreedte",
    "kennismigrant_gemiddeld_loon",
    "kennismigrant_onder_30_verhoogd",
    "kennismigrant_verlaagd_beperkt",
    "referent_betrouwbaarheid_strenger",
    "brede_welvaartstoets_met_arbeidsmarkttoets",
)
"""Nine registered reforms that are in force in the default month and can run in one compare
(bandbreedte ranks the whole population: not streamed, fine in memory)."""
GIB = 1024.0


def tool(name: str) -> str:
    """A console script of this Python's environment (``arbeidsmigratie``, ``openfisca``), else from PATH."""
    beside = pathlib.Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as report:
    report.write(f"{wall} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs a command and writes its wall seconds and peak RSS (KiB). The peak a process reports counts
the memory of the process it was forked from (Linux keeps the larger at exec): a command forked
directly from this benchmark, which holds a million-applicant population by part f, would report
at least this process's memory. Forked from this small launcher it reports its own."""


def run_child(command: list[str], what: str, *, check: bool = True, **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and peak RSS (MiB) of a command, and its result; exits on failure. Both are
    measured by :data:`LAUNCHER`, from the command's start to its exit."""
    with tempfile.NamedTemporaryFile("r", suffix=".rusage") as report:
        launched = subprocess.run(
            [sys.executable, "-c", LAUNCHER, report.name, *command], capture_output=True, text=True, check=False, **kwargs
        )
        wall, peak_kib = (float(x) for x in (report.read().split() or ["nan", "nan"]))
    done = subprocess.CompletedProcess(command, launched.returncode, launched.stdout, launched.stderr)
    if check and done.returncode:
        sys.exit(f"{what} failed ({done.returncode}): {done.stderr[-3000:]}")
    return wall, peak_kib / 1024, done


def compare_command(population: pathlib.Path, reforms, out: pathlib.Path, *extra: str) -> list[str]:
    command = [tool("arbeidsmigratie"), "compare", "--population", str(population)]
    for reform in reforms:
        command += ["--reform", reform]
    return [*command, "--output", str(out), *extra]


def generate(size: int, path: pathlib.Path) -> None:
    done = subprocess.run(
        [tool("arbeidsmigratie"), "generate", "--size", str(size), "--seed", "1", "--output", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"generate failed: {done.stderr[-2000:]}")
    print(done.stdout.strip(), flush=True)


def generate_pieces(size: int, path: pathlib.Path, piece: int = 1_000_000) -> None:
    """A large file in pieces of ``piece`` applicants (each its own ids and seed), memory of a piece."""
    from openfisca_arbeidsmigratie.population import derive_schema  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.generator import generate as draw  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    schema = derive_schema(baseline_system())
    writer = None
    for number, offset in enumerate(range(0, size, piece)):
        table = draw(min(piece, size - offset), seed=number + 1, schema=schema, id_offset=offset * 2)
        writer = writer or pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table)
    writer.close()


def agreement_of_files(package_dir: pathlib.Path, numpy_file: pathlib.Path) -> dict[str, float]:
    columns = ["persoon_id", *(f"{ref.REGIME}.{name}" for name in ref.OUTPUTS)]
    package = pq.read_table(package_dir / "applicants.parquet", columns=columns)
    reference = pq.read_table(numpy_file)
    if not package.column("persoon_id").equals(reference.column("persoon_id")):
        sys.exit("the package's and the numpy pipeline's applicants differ (persoon_id)")
    return ref.agreement(ref.package_outputs(package), ref.package_outputs(reference))


def before_tree(source: str, folder: pathlib.Path) -> str:
    """A PYTHONPATH entry that runs the package of the source tree ``source`` with ITS law folders.

    On PYTHONPATH alone, an editable install of the current tree would still answer for the
    sub-packages ``openfisca_arbeidsmigratie.parameters`` and ``.variables`` (the law): a folder of
    symbolic links places the old tree's law inside its package, where the import system finds it
    first. Checked: the old tree's law_directory() must point into the link folder.
    """
    source_path = pathlib.Path(source).resolve()
    tree = folder / "before" / "openfisca_arbeidsmigratie"
    tree.mkdir(parents=True)
    for entry in (source_path / "openfisca_arbeidsmigratie").iterdir():
        (tree / entry.name).symlink_to(entry)
    for law in ("parameters", "variables"):
        if not (tree / law).exists():
            (tree / law).symlink_to(source_path / law)
    probe = "from openfisca_arbeidsmigratie import law_directory as d; print(d('parameters')); print(d('variables'))"
    env = {**os.environ, "PYTHONPATH": str(tree.parent)}
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=folder, check=False).stdout.split()
    if len(found) != 2 or not all(pathlib.Path(f).is_relative_to(tree) for f in found):
        sys.exit(f"--before {source}: its package does not read its own law folders (found {found})")
    return str(tree.parent)


# ---- (b) rules in process ----------------------------------------------------------------------


def rules_in_process(population, month: str, system) -> float:
    """Seconds of current law's five outputs through the package, as the engine simulates them."""
    from openfisca_arbeidsmigratie.explain.requirements import failed_rows  # noqa: PLC0415
    from openfisca_arbeidsmigratie.law_coverage import parse_month  # noqa: PLC0415
    from openfisca_arbeidsmigratie.microsimulation.engine import build_simulation  # noqa: PLC0415

    period = parse_month(month)
    started = time.perf_counter()
    rows = population.applicant_rows()
    simulation = build_simulation(system, population, period)
    for name in ("toelatingsroute", "toegelaten", "weigeringsgrond", "verblijfsvergunning_geldigheidsduur_maanden"):
        simulation.calculate(name, period)[rows]
    failed_rows(simulation, period, rows)
    seconds = time.perf_counter() - started
    del simulation
    gc.collect()  # its reference cycles, not left for the next measurement's time (untimed)
    return seconds


FRESH_COMPARE = """
import json, sys
from openfisca_arbeidsmigratie.microsimulation import compare
from openfisca_arbeidsmigratie.population import load_population
from openfisca_arbeidsmigratie.population.schema import derive_schema
from openfisca_arbeidsmigratie.reforms._registry import baseline_system
population = load_population(sys.argv[1], derive_schema(baseline_system()))
print(json.dumps(compare(population, sys.argv[3:], period=sys.argv[2]).seconds_per_regime))
"""
"""A new process's one compare, as a CLI run makes it: the engine's seconds per regime."""


def fresh_compare(path: pathlib.Path, month: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", FRESH_COMPARE, str(path), month, *THREE], capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"compare in a new process failed ({done.returncode}): {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def numpy_in_process(population, law) -> tuple[float, ref.Decision]:
    started = time.perf_counter()
    arrays = ref.arrays_from_population(population)
    decision = ref.decide(arrays, law, population.applicant_rows().size)
    return time.perf_counter() - started, decision


# ---- (d) YAML runner ---------------------------------------------------------------------------


def yaml_run(target: pathlib.Path) -> tuple[float, int]:
    command = [tool("openfisca"), "test", str(target), "-c", "openfisca_arbeidsmigratie"]
    wall, _, done = run_child(command, "openfisca test", check=False)
    found = re.findall(r"(\d+) passed", done.stdout + done.stderr)
    return wall, int(found[-1]) if found else 0


# ---- (e) HTTP ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(port: int, log: pathlib.Path):
    """``arbeidsmigratie serve`` (gunicorn, one worker: the warm-up request reaches the worker timed)."""
    with log.open("w") as sink:
        process = subprocess.Popen(
            [tool("arbeidsmigratie"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            stdout=sink, stderr=sink, text=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/regimes", timeout=5) as answer:
                    answer.read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"arbeidsmigratie serve did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)
        yield
    finally:
        process.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def http_compare(port: int, body: bytes) -> float:
    url = f"http://127.0.0.1:{port}/compare?regimes={','.join(THREE)}"
    started = time.perf_counter()
    asked = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/vnd.apache.parquet"})
    with urllib.request.urlopen(asked, timeout=600) as answer:
        json.loads(answer.read())
    return time.perf_counter() - started


def compare_in_process(path: pathlib.Path, schema, month: str, regimes) -> float:
    """load_population, compare() over regimes built beforehand (as the server keeps them), the answer's JSON."""
    from openfisca_arbeidsmigratie.api.results import comparison_body  # noqa: PLC0415
    from openfisca_arbeidsmigratie.microsimulation import compare  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import load_population  # noqa: PLC0415

    started = time.perf_counter()
    population = load_population(path, schema)
    result = compare(population, regimes[1:], period=month, baseline=regimes[0].system)
    specs = {"huidig_recht": "huidig_recht", **{r: r for r in THREE}}
    json.dumps(comparison_body(result, population, None, specs), separators=(",", ":"))
    return time.perf_counter() - started


# ---- the run -----------------------------------------------------------------------------------


def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:  # noqa: PLR0915 (one straight run, in the order of the docstring)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="applicants (default 1,000,000)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--http-size", type=int, default=200_000, help="applicants POSTed to /compare (within --max-rows)")
    parser.add_argument("--streamed", type=int, default=0, help="also run N applicants streamed (e.g. 10000000)")
    parser.add_argument("--chunk-size", type=int, default=1_000_000, help="persons per chunk of the streamed run")
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also run the commands of a and c from another source tree of the package (PYTHONPATH=DIR, e.g. a "
        "checkout of an earlier commit), alternating, for a before/after table in the same run",
    )
    parser.add_argument("--parts", default="abcde", help="which parts to run (letters of the docstring; default abcde, f with --streamed)")
    arguments = parser.parse_args()
    parts = set(arguments.parts) | ({"f"} if arguments.streamed else set())
    three = bool(parts & {"a", "c", "f"})  # compare_3 is the denominator of c and f

    from openfisca_arbeidsmigratie.law_coverage import default_period  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import derive_schema, load_population  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import available_regimes, baseline_system  # noqa: PLC0415

    month = default_period()
    missing = [r for r in NINE if r not in available_regimes()]
    if missing:
        sys.exit(f"reforms not registered: {missing}")
    law = ref.Law.at(ref.load_parameters(), f"{month}-01")
    system = baseline_system()
    schema = derive_schema(system)
    figures: dict[str, object] = {"applicants": arguments.size, "month": month, "reps": arguments.reps}
    print(f"Month {month}; {arguments.size:,} applicants; {arguments.reps} repetition(s); machine shared: read the ratios.")
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        # Without a bytecode cache every timed command would compile each module it imports
        # (about 0.7 s of the YAML runner's start-up): not what a user's Python does.
        print("PYTHONDONTWRITEBYTECODE was set: unset for the timed commands (Python keeps its bytecode cache).")

    with tempfile.TemporaryDirectory(dir=arguments.workdir) as name:
        folder = pathlib.Path(name)
        population_file = folder / "bevolking.parquet"
        generate(arguments.size, population_file)

        # a, c: the documented command (3 and 9 regimes) beside the numpy pipeline, alternating
        runs: dict[str, list] = {"compare_3": [], "compare_9": [], "numpy": [], "stages": [], "before_3": [], "before_9": []}
        before = {"env": {**os.environ, "PYTHONPATH": before_tree(arguments.before, folder)}} if arguments.before else None
        agreement_files = None
        for rep in range(arguments.reps if three or "c" in parts else 0):
            out, out9 = folder / f"out3_{rep}", folder / f"out9_{rep}"
            runs["compare_3"].append(run_child(compare_command(population_file, THREE, out), "compare (3 regimes)")[:2])
            if "a" in parts:
                numpy_out = folder / f"numpy_{rep}.parquet"
                command = [sys.executable, str(REFERENCE), str(population_file), str(numpy_out), "--month", month]
                wall, peak, done = run_child(command, "numpy pipeline")
                runs["numpy"].append((wall, peak))
                runs["stages"].append(json.loads(done.stdout.strip().splitlines()[-1]))
                if agreement_files is None:
                    agreement_files = agreement_of_files(out, numpy_out)
                numpy_out.unlink()
            if "c" in parts:
                runs["compare_9"].append(run_child(compare_command(population_file, NINE, out9), "compare (9 regimes)")[:2])
            if before:
                shutil.rmtree(out, ignore_errors=True)
                runs["before_3"].append(run_child(compare_command(population_file, THREE, out), "compare (3 regimes, before)", **before)[:2])
                if "c" in parts:
                    shutil.rmtree(out9, ignore_errors=True)
                    runs["before_9"].append(run_child(compare_command(population_file, NINE, out9), "compare (9 regimes, before)", **before)[:2])
            for path in (out, out9):
                shutil.rmtree(path, ignore_errors=True)
            print(f"rep {rep + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s ({v[-1][1]:,.0f} MiB)" for k, v in runs.items() if v and k != "stages"), flush=True)
        for key in ("compare_3", "compare_9", "numpy", "before_3", "before_9"):
            if runs[key]:
                figures[f"{key}_s"] = med(w for w, _ in runs[key])
                figures[f"{key}_peak_mib"] = max(p for _, p in runs[key])
        if runs["stages"]:
            figures["numpy_stages_s"] = {k: med(s[k] for s in runs["stages"]) for k in runs["stages"][0]}
            figures["agreement_files"] = agreement_files

        # b: rules in process, on the same arrays
        if "b" in parts:
            population = load_population(population_file, schema)
            from openfisca_arbeidsmigratie.microsimulation import compare  # noqa: PLC0415

            rules, numpy_seconds, per_regime, fresh = [], [], [], []
            for _ in range(arguments.reps):
                fresh.append(fresh_compare(population_file, month))
                rules.append(rules_in_process(population, month, system))
                seconds, decision = numpy_in_process(population, law)
                numpy_seconds.append(seconds)
                result = compare(population, list(THREE), period=month)
                per_regime.append(result.seconds_per_regime)
            baseline_alone = compare(population, [], period=month)
            figures["agreement_memory"] = ref.agreement(ref.package_outputs(baseline_alone.table), ref.decision_outputs(decision))
            figures["rules_current_law_s"] = med(rules)
            figures["numpy_decision_s"] = med(numpy_seconds)
            figures["seconds_per_regime"] = {k: med(r[k] for r in per_regime) for k in per_regime[0]}
            figures["further_regime_ratio"] = {
                k: med(r[k] / r["huidig_recht"] for r in per_regime) for k in per_regime[0] if k != "huidig_recht"
            }
            figures["seconds_per_regime_new_process"] = {k: med(r[k] for r in fresh) for k in fresh[0]}
            figures["further_regime_ratio_new_process"] = {
                k: med(r[k] / r["huidig_recht"] for r in fresh) for k in fresh[0] if k != "huidig_recht"
            }
            del population, result, baseline_alone

        # d: the YAML runner
        if "d" in parts:
            yaml_all, yaml_one = [], []
            for _ in range(arguments.reps):
                yaml_all.append(yaml_run(ROOT / "tests" / "yaml"))
                yaml_one.append(yaml_run(ROOT / "tests" / "yaml" / "rooktest.yaml"))
            cases = yaml_all[0][1]
            figures["yaml_cases"] = cases
            figures["yaml_wall_s"] = med(w for w, _ in yaml_all)
            figures["yaml_one_case_wall_s"] = med(w for w, _ in yaml_one)
            if cases > 1:
                figures["yaml_ms_per_case"] = 1000 * figures["yaml_wall_s"] / cases
                figures["yaml_ms_per_case_without_startup"] = 1000 * med(
                    (a - o) / (a_cases - o_cases) for (a, a_cases), (o, o_cases) in zip(yaml_all, yaml_one, strict=True)
                )

        # e: /compare over HTTP beside the same work in process
        if "e" in parts:
            http_file = folder / "http.parquet"
            http_size = min(arguments.http_size, arguments.size)
            if http_size == arguments.size:
                http_file = population_file
            else:
                generate(http_size, http_file)
            body = http_file.read_bytes()
            port = free_port()
            from openfisca_arbeidsmigratie.microsimulation import resolve_regimes  # noqa: PLC0415

            built = resolve_regimes(list(THREE), system)
            over_http, in_process = [], []
            with server(port, folder / "serve.log"):
                http_compare(port, body)  # warm-up: the worker builds its systems
                for _ in range(arguments.reps):
                    over_http.append(http_compare(port, body))
                    in_process.append(compare_in_process(http_file, schema, month, built))
            figures["http_applicants"] = http_size
            figures["http_compare_s"] = med(over_http)
            figures["in_process_compare_s"] = med(in_process)

        # f: 1e7 streamed
        if "f" in parts and arguments.streamed:
            big = folder / "groot.parquet"
            generate_pieces(arguments.streamed, big)
            wall, peak, _ = run_child(
                compare_command(big, THREE, folder / "out_streamed", "--chunk-size", str(arguments.chunk_size)), "compare (streamed)"
            )
            big.unlink()
            figures["streamed_applicants"] = arguments.streamed
            figures["streamed_s"] = wall
            figures["streamed_peak_mib"] = peak

    print("FIGURES " + json.dumps(figures))
    print_table(figures)


def print_table(f: dict) -> None:
    rows = []

    def row(what, figure, target, met):
        rows.append((what, figure, target, "yes" if met else "NO"))

    n = f["applicants"]
    if "numpy_s" in f:
        table_a(f, row, n)
    if "rules_current_law_s" in f:
        table_b(f, row)
    for key, what in (("before_3", "compare, 3 regimes"), ("before_9", "compare, 9 reforms")):
        if f"{key}_s" in f:
            after = f[f"compare_{key[-1]}_s"]
            row(
                f"a/c. before (--before): {what}, --output",
                f"before {f[f'{key}_s']:.2f} s ({f[f'{key}_peak_mib']:,.0f} MiB) -> now {after:.2f} s = {after / f[f'{key}_s']:.2f}x",
                "(reported)",
                True,
            )
    if "compare_9_s" in f:
        nine = f["compare_9_s"] / f["compare_3_s"]
        row("c. compare, 9 reforms / 3 regimes (--output)", f"{f['compare_9_s']:.2f} s / {f['compare_3_s']:.2f} s = {nine:.2f}x ({f['compare_9_peak_mib']:,.0f} MiB)", "<= 2x", nine <= 2)
    if "yaml_ms_per_case" in f:
        row("d. YAML runner, start-up included", f"{f['yaml_ms_per_case']:.1f} ms per case ({f['yaml_cases']} cases, {f['yaml_wall_s']:.1f} s)", "<= 5 ms", f["yaml_ms_per_case"] <= 5)
        row("d. YAML runner, without start-up", f"{f['yaml_ms_per_case_without_startup']:.1f} ms per case (one-case run {f['yaml_one_case_wall_s']:.2f} s)", "<= 5 ms", f["yaml_ms_per_case_without_startup"] <= 5)
    if "http_compare_s" in f:
        http = f["http_compare_s"] / f["in_process_compare_s"]
        row(
            f"e. POST /compare ({f['http_applicants']:,}, 3 regimes) / same work in process",
            f"{f['http_compare_s']:.2f} s / {f['in_process_compare_s']:.2f} s = {http:.2f}x",
            "(reported)",
            True,
        )
    if "streamed_s" in f:
        scale = f["streamed_applicants"] / n
        streamed = f["streamed_s"] / f["compare_3_s"]
        row(
            f"f. {f['streamed_applicants']:,} streamed / {n:,} in memory",
            f"{f['streamed_s']:.1f} s / {f['compare_3_s']:.2f} s = {streamed:.1f}x (size x{scale:.0f})",
            f"<= {1.1 * scale:.0f}x",
            streamed <= 1.1 * scale,
        )
        row("f. streamed: peak RSS", f"{f['streamed_peak_mib']:,.0f} MiB", "<= 1,229 MiB", f["streamed_peak_mib"] <= 1.2 * GIB)
    widths = [max(len(r[i]) for r in [("what", "figure", "target", "met"), *rows]) for i in range(4)]
    print()
    for r in [("what", "figure", "target", "met"), tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) + " |")
    if "numpy_stages_s" in f:
        print("\nnumpy pipeline stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in f["numpy_stages_s"].items()))
    for label, key in (("files (a)", "agreement_files"), ("in memory (b)", "agreement_memory")):
        if key in f:
            print(f"agreement of the numpy reference with the package, {label}: " + ", ".join(f"{k} {v:.4%}" for k, v in f[key].items()))


def table_a(f: dict, row, n: int) -> None:
    ratio = f["compare_3_s"] / f["numpy_s"]
    row(
        f"a. compare, 3 regimes, --output ({n:,}) / numpy pipeline",
        f"{f['compare_3_s']:.2f} s / {f['numpy_s']:.2f} s = {ratio:.1f}x",
        "<= 2.5x",
        ratio <= 2.5,
    )
    row("a. compare, 3 regimes: peak RSS", f"{f['compare_3_peak_mib']:,.0f} MiB (numpy pipeline {f['numpy_peak_mib']:,.0f} MiB)", "<= 1,024 MiB", f["compare_3_peak_mib"] <= GIB)


def table_b(f: dict, row) -> None:
    rules = f["rules_current_law_s"] / f["numpy_decision_s"]
    row(
        "b. rules: current law, five outputs / numpy decision",
        f"{f['rules_current_law_s']:.3f} s / {f['numpy_decision_s']:.3f} s = {rules:.1f}x",
        "<= 2x",
        rules <= 2,
    )
    for regime, value in f["further_regime_ratio"].items():
        row(
            f"b. further regime {regime} / current law",
            f"{f['seconds_per_regime'][regime]:.3f} s / {f['seconds_per_regime']['huidig_recht']:.3f} s = {value:.2f}",
            "<= 0.5",
            value <= 0.5,
        )
    seconds = f.get("seconds_per_regime_new_process", {})
    for regime, value in f.get("further_regime_ratio_new_process", {}).items():
        row(
            f"b. the same, one compare in a new process (as a CLI run): {regime}",
            f"{seconds[regime]:.3f} s / {seconds['huidig_recht']:.3f} s = {value:.2f}",
            "<= 0.5",
            value <= 0.5,
        )


if __name__ == "__main__":
    main()
