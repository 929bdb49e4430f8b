"""Benchmark: the fixed cost of the command line, each measurement in a fresh process.

Run:  python benchmarks/bench_startup.py [--repeat 7]

* ``--help``: ``arbeidsmigratie --help`` (the parser only; no law is loaded);
* ``compare --help``: the sub-command's help, which shows the default period and so builds current law;
* build systems: current law and every registered reform, each built once (openfisca-core's
  import, the parameters and variables of current law, the reforms), without the engine;
* build + engine: the same after importing the comparison engine (pyarrow), as ``compare`` does.

Wall time (perf_counter around the process) and CPU time of the process (user + system, from
``resource.getrusage``) are printed as minimum and median; on a shared machine the CPU time is the
steadier figure. Target: under 0.5 s each. Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

BUILD = (
    "from openfisca_arbeidsmigratie.reforms import available_regimes, baseline_system, build_regime; "
    "b = baseline_system(); [build_regime(n, b) for n in available_regimes()[1:]]"
)
CASES = {
    "--help": ["-m", "openfisca_arbeidsmigratie.cli", "--help"],
    "compare --help": ["-m", "openfisca_arbeidsmigratie.cli", "compare", "--help"],
    "build systems": ["-c", BUILD],
    "build + engine": ["-c", "import openfisca_arbeidsmigratie.microsimulation; " + BUILD],
}
TARGET = 0.5


def _once(arguments: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'case':<16} {'wall min':>9} {'median':>7} {'cpu min':>8} {'median':>7}  target")
    for name, arguments in CASES.items():
        runs = [_once(arguments) for _ in range(args.repeat)]
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        print(
            f"{name:<16} {min(walls):9.3f} {statistics.median(walls):7.3f} "
            f"{min(cpus):8.3f} {statistics.median(cpus):7.3f}  < {TARGET} s"
        )


if __name__ == "__main__":
    main()
