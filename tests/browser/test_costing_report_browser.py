"""The costing report in headless Chromium at 1400 px: the summary table on the first screen, every
chart loaded and within the page, no request outside the file, a screenshot of each section."""

from __future__ import annotations

import pytest

from openfisca_arbeidsmigratie.commands._common import regimes_and_population
from openfisca_arbeidsmigratie.costing import run_costing
from openfisca_arbeidsmigratie.costing.report import write_report

WIDTH = 1400
SECTIONS = ("summary", "routes", "sectors", "transitions", "wages", "budget", "appendix", "receipt")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    regimes, _, population = regimes_and_population(["aanscherping_kennismigranten", "vijfjarige_vergunning"], None)
    result = run_costing(population, regimes[1:], "2026-06", years=2, draws=2, seed=3)
    folder = tmp_path_factory.mktemp("costing_report")
    write_report(result, folder)
    return folder / "report.html"


def test_the_report_reads_in_a_browser(browser, report, screenshots):
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000})
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else elsewhere.append(r.url))
    page.goto(report.as_uri())
    page.screenshot(path=str(screenshots / "costing_first_screen.png"))
    summary = page.locator("#table-summary")
    assert summary.is_visible()
    assert summary.bounding_box()["y"] < 1000, "the summary table starts on the first screen"
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.id, e.naturalWidth, e.getBoundingClientRect().right])"
    )
    assert {name for name, *_ in images} >= {"chart-route_changes", "chart-sectors", "chart-wages", "chart-budget", "chart-workload"}
    for name, natural, right in images:
        assert natural > 0, f"{name} did not load"
        assert right <= WIDTH, f"{name} sticks out of the page"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, "the page scrolls sideways"
    for section in SECTIONS:
        page.locator(f"section#{section}").screenshot(path=str(screenshots / f"costing_{section}.png"))
    context.close()
    assert not elsewhere, f"requests outside the report: {elsewhere}"
