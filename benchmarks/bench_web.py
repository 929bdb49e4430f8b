"""Response times of the web page at / of `arbeidsmigratie serve`, measured in headless Chromium
from the click to the result on the page (request, computation, JSON, rendering).

Starts the server on a free 127.0.0.1 port (gunicorn, 2 workers) and the system Chromium through
Playwright (no browser download), runs each action ``--repeat`` times and prints the median and
the slowest run:

    python benchmarks/bench_web.py                # about a minute
    python benchmarks/bench_web.py --size 100000  # upload size (default 100,000 applicants)
    python benchmarks/bench_web.py --skip-upload  # without generating the large file

Actions: a parameter's history in the law browser; one applicant under current law and one
reform; the bundled population under three reforms (bundled file fetched once by the page, then
cached); an uploaded Parquet file of ``--size`` applicants under the same three reforms; a costing
of the bundled population (one reform, 5 years, 10 draws).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import tempfile
import time
import urllib.parse

from openfisca_arbeidsmigratie.api.local_server import local_server

REFORMS = ("brede_welvaartstoets", "aanscherping_kennismigranten", "vijfjarige_vergunning")
PARAMETER = "kennismigranten.looncriterium.dertig_jaar_en_ouder"


def _timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def _population_page(page, url: str) -> None:
    config = json.dumps({"period": "2026-01", "regimes": [{"regime": r} for r in REFORMS]})
    page.goto(f"{url}/#/bevolking?" + urllib.parse.urlencode({"config": config}))
    page.wait_for_selector("#p-run")


def _run_compare(page) -> None:
    page.evaluate("document.querySelector('#p-result').replaceChildren()")
    page.click("#p-run")
    page.wait_for_selector("#p-summary, #p-result .problems", timeout=300_000)
    if page.locator("#p-result .problems").count():
        raise SystemExit("the comparison was refused: " + page.inner_text("#p-result .problems"))
    print("   ", page.inner_text("#p-timing"), file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder, local_server(workers=2) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def law():
            page.goto(f"{url}/#/wet")
            page.wait_for_selector("#law-results a")
            page.click(f"#law-results a[href='#/wet/parameter/{PARAMETER}']")
            page.wait_for_selector("#law-detail tbody tr")

        results["law: parameter history (page load + click)"] = _timed(law, args.repeat)

        page.goto(f"{url}/#/aanvrager")
        page.wait_for_selector("#f-nationaliteit")
        page.fill("#f-nationaliteit", "IN")
        page.fill("#f-bruto_maandloon", "3000")

        def applicant():
            page.evaluate("document.querySelector('#a-result').replaceChildren()")
            page.click("#a-compute")
            page.wait_for_selector("article.card[data-regime='brede_welvaartstoets']")

        results["one applicant, current law + 1 reform (click)"] = _timed(applicant, args.repeat)

        _population_page(page, url)
        results["bundled population, current law + 3 reforms (click)"] = _timed(lambda: _run_compare(page), args.repeat)

        if not args.skip_upload:
            from openfisca_arbeidsmigratie.population import derive_schema  # noqa: PLC0415
            from openfisca_arbeidsmigratie.population.generator import generate  # noqa: PLC0415
            from openfisca_arbeidsmigratie.population.io import write_table  # noqa: PLC0415
            from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

            path = pathlib.Path(folder) / "upload.parquet"
            write_table(generate(args.size, seed=1, schema=derive_schema(baseline_system())), path)
            _population_page(page, url)
            page.set_input_files("#p-file", str(path))
            key = f"upload of {args.size:,} applicants (Parquet), current law + 3 reforms (click)"
            results[key] = _timed(lambda: _run_compare(page), max(1, args.repeat // 2))

        page.goto(f"{url}/#/kosten?" + urllib.parse.urlencode({"years": 5, "draws": 10, "regimes": REFORMS[0]}))
        page.wait_for_selector("#k-run")

        def costing():
            page.evaluate("document.querySelector('#k-result').replaceChildren()")
            page.click("#k-run")
            page.wait_for_selector("#k-summary", timeout=300_000)

        results["costing, bundled, 1 reform, 5 years, 10 draws (click)"] = _timed(costing, max(1, args.repeat // 2))
        browser.close()

    width = max(len(k) for k in results)
    print(f"{'action':<{width}}  runs  median    max")
    for key, times in results.items():
        print(f"{key:<{width}}  {len(times):>4}  {statistics.median(times):5.2f} s {max(times):5.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
