"""What a user waits for: the documented ``compare`` command beside a hand-written numpy pipeline.

Run:  python benchmarks/bench_cli.py --size 1000000 --reps 3

Same run, same machine, same Parquet file (made first by the package's generator), alternating:

* package: ``arbeidsmigratie compare --population FILE --reform brede_welvaartstoets
  --reform aanscherping_kennismigranten --output DIR`` in a subprocess, exactly as documented: wall
  time from process start to exit (start-up, building the systems, reading and validating,
  three regimes, the explanations table, every output file and the manifest), peak RSS of that
  process;
* numpy pipeline: a subprocess that imports numpy and pyarrow, reads the same file, makes the
  arrays, decides the current-law route of every applicant by hand and writes a per-applicant
  Parquet table (persoon_id, route). It covers the MAIN RULES ONLY (see ``numpy_route``): free
  movement by nationality; kennismigrant: recognised sponsor and the age-dependent wage
  criterion; EU Blue Card: higher-education diploma, wage criterion, at least 26 weeks; TWV:
  no priority supply, the minimum wage at 40 hours a week, vacancy reported, recruitment
  efforts, market-conform terms; otherwise refused. It leaves out, among others: the asylum-seeker
  and student exceptions of Wav art. 8 lid 2/3, the 5-week vacancy report, bank payment and the
  reduced criteria of the kennismigrantenregeling, the art. 9 grounds of 2022, the Blue Card's
  experience route, seasonal work, and it uses 2026 amounts. Its agreement with the package (share
  of applicants with the same current-law route, from the package's applicants.parquet) is
  printed: the ratio compares the package's full decision (five outputs, three regimes,
  explanations) with a partial one-regime decision, and says so;
* YAML runner: ``openfisca test tests/yaml --country-package openfisca_arbeidsmigratie`` (wall
  time including start-up, divided by the number of cases it ran).

Medians over --reps are printed. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

REFORMS = ("brede_welvaartstoets", "aanscherping_kennismigranten")
ROOT = pathlib.Path(__file__).resolve().parent.parent
ROUTES = ("vrij_verkeer", "kennismigrant", "europese_blauwe_kaart", "twv_gvva", "vrijgesteld", "puntentoets", "geweigerd")


def timed(command: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, peak RSS (MiB) of the child, and its result."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    done = subprocess.CompletedProcess(command, process.returncode, out, err)
    return wall, usage.ru_maxrss / 1024, done


# ---- the numpy pipeline (runs in its own process: --child numpy FILE OUT) -----------------------


def numpy_route(t):
    """Current-law route index (Toelatingsroute order) per row of an Arrow table, by hand."""
    import numpy as np  # noqa: PLC0415

    def col(name, fill):
        c = t.column(name)
        return c.fill_null(fill).to_numpy(zero_copy_only=False)

    def text(name):
        c = t.column(name).combine_chunks()
        names = np.asarray(c.dictionary.to_pylist() + [""], dtype=object)
        return names[c.indices.fill_null(len(names) - 1).to_numpy(zero_copy_only=False)]

    # 2026 amounts: kennismigrant 30+ and EU Blue Card EUR 5,942, under 30 EUR 4,357 (parameters/)
    eu_eer_ch = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH"]
    nationaliteit = text("nationaliteit")
    eu = np.isin(nationaliteit, eu_eer_ch)
    born = t.column("geboortedatum").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    month = born.astype("datetime64[M]")
    md = (month.astype(int) % 12 + 1) * 100 + (born - month).astype(int) + 1
    age = 2026 - (born.astype("datetime64[Y]").astype(int) + 1970) - (md > 601)  # on 2026-06-01
    wage = col("bruto_maandloon", 0.0).astype(np.float32)
    kennis = col("erkend_referent", False) & (wage >= np.where(age < 30, np.float32(4357.0), np.float32(5942.0)))
    blue = col("hoger_onderwijs_diploma", False) & (wage >= np.float32(5942.0)) & (col("beoogde_duur_arbeid_weken", 0) >= 26)
    employer = col("vacature_gemeld_bij_uwv", False) & col("voldoende_wervingsinspanningen", False) & col("marktconforme_arbeidsvoorwaarden", False)
    minimum_wage_40h = np.float32(round(14.71 * 40 * 52 / 12, 2))  # 2026 hourly minimum wage x 40 h
    twv = ~col("prioriteitgenietend_aanbod_beschikbaar", False) & (wage >= minimum_wage_40h) & employer
    return np.select([eu, kennis, blue, twv], [0, 1, 2, 3], 6)


def numpy_pipeline(path: str, out: str) -> None:
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    t = pq.read_table(path)
    applicants = np.flatnonzero(t.column("rol_huishouden").combine_chunks().to_numpy(zero_copy_only=False) == "aanvrager")
    t = t.take(pa.array(applicants))
    route = numpy_route(t)
    names = pa.array(ROUTES)
    table = pa.table(
        {
            "persoon_id": t.column("persoon_id"),
            "huidig_recht.toelatingsroute": pa.DictionaryArray.from_arrays(pa.array(route.astype(np.int16)), names),
        }
    )
    pq.write_table(table, out)


# ---- the parent --------------------------------------------------------------------------------


def agreement(package_dir: pathlib.Path, numpy_file: pathlib.Path) -> float:
    import pyarrow.parquet as pq  # noqa: PLC0415

    package = pq.read_table(package_dir / "applicants.parquet", columns=["persoon_id", "huidig_recht.toelatingsroute"])
    reference = pq.read_table(numpy_file)
    assert package.column("persoon_id").equals(reference.column("persoon_id"))
    a = package.column("huidig_recht.toelatingsroute").cast("string").to_pylist()
    b = reference.column("huidig_recht.toelatingsroute").cast("string").to_pylist()
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def yaml_runner() -> tuple[float, int]:
    wall, _, done = timed(["openfisca", "test", str(ROOT / "tests" / "yaml"), "--country-package", "openfisca_arbeidsmigratie"])
    found = re.findall(r"(\d+) passed", done.stdout + done.stderr)
    return wall, int(found[-1]) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="applicants (default 1,000,000)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also run compare from another source tree of the package (PYTHONPATH=DIR), alternating, "
        "for a before/after table in the same run",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        numpy_pipeline(*arguments.child)
        return
    with tempfile.TemporaryDirectory(dir=arguments.workdir) as name:
        folder = pathlib.Path(name)
        population = folder / "bevolking.parquet"
        done = subprocess.run(
            ["arbeidsmigratie", "generate", "--size", str(arguments.size), "--seed", "1", "--output", str(population)],
            capture_output=True, text=True, check=True,
        )
        print(done.stdout.strip())
        package, reference, rss, shares, before = [], [], [], [], []
        for rep in range(arguments.reps):
            out = folder / f"out{rep}"
            command = ["arbeidsmigratie", "compare", "--population", str(population)]
            for reform in REFORMS:
                command += ["--reform", reform]
            wall, peak, done = timed([*command, "--output", str(out)])
            if done.returncode:
                sys.exit(f"compare failed ({done.returncode}): {done.stderr[-2000:]}")
            package.append(wall)
            rss.append(peak)
            if arguments.before:
                environment = {**os.environ, "PYTHONPATH": arguments.before}
                wall_before, peak_before, done = timed([*command, "--output", str(folder / f"before{rep}")], env=environment)
                if done.returncode:
                    sys.exit(f"compare (before) failed ({done.returncode}): {done.stderr[-2000:]}")
                before.append((wall_before, peak_before))
            numpy_file = folder / f"numpy{rep}.parquet"
            wall, _, done = timed([sys.executable, __file__, "--child", str(population), str(numpy_file)])
            if done.returncode:
                sys.exit(f"numpy pipeline failed: {done.stderr[-2000:]}")
            reference.append(wall)
            shares.append(agreement(out, numpy_file))
            print(f"rep {rep + 1}: package {package[-1]:.2f} s ({peak:,.0f} MiB), numpy pipeline {reference[-1]:.2f} s"
                  + (f", before {before[-1][0]:.2f} s ({before[-1][1]:,.0f} MiB)" if before else ""), flush=True)
        yaml_wall, cases = yaml_runner()
    ratios = [p / n for p, n in zip(package, reference, strict=True)]
    figures = {
        "applicants": arguments.size,
        "package_compare_s": statistics.median(package),
        "package_peak_rss_mib": max(rss),
        "numpy_pipeline_s": statistics.median(reference),
        "ratio_median": statistics.median(ratios),
        "numpy_route_agreement": statistics.median(shares),
        "yaml_cases": cases,
        "yaml_ms_per_case": 1000 * yaml_wall / cases if cases else None,
        "yaml_wall_s": yaml_wall,
    }
    if before:
        figures["before_compare_s"] = statistics.median(b[0] for b in before)
        figures["before_peak_rss_mib"] = max(b[1] for b in before)
        figures["before_ratio_median"] = statistics.median(b[0] / n for b, n in zip(before, reference, strict=True))
    print("FIGURES " + json.dumps(figures))
    print(
        f"\n| {arguments.size:,} applicants, 3 regimes, --output | package {figures['package_compare_s']:.1f} s "
        f"({figures['package_peak_rss_mib']:,.0f} MiB) | numpy pipeline (main rules, current law) "
        f"{figures['numpy_pipeline_s']:.1f} s | {figures['ratio_median']:.1f}x | route agreement "
        f"{figures['numpy_route_agreement']:.1%} |"
    )
    if cases:
        print(f"YAML runner: {cases} cases in {yaml_wall:.1f} s = {figures['yaml_ms_per_case']:.1f} ms per case (start-up included)")


if __name__ == "__main__":
    main()
