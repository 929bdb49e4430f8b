"""The source register and the code-health rules on parameter references and indexed amounts."""

from __future__ import annotations

import datetime
import pathlib
import re

import pytest

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem, law_directory
from openfisca_arbeidsmigratie import sources as src

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXCLUDED = ("voorstellen", "kosten")  # proposals and costing figures document their own sources


@pytest.fixture(scope="module")
def system():
    return CountryTaxBenefitSystem()


def test_docs_sources_md_is_up_to_date(system):
    committed = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert committed == src.render_markdown(system), "regenerate: python -m openfisca_arbeidsmigratie.sources > docs/sources.md"


def test_no_reference_is_a_bare_home_page_or_a_forum(system):
    bad = [
        (path, r.start, r.href, r.problem)
        for path, parameter in src.law_parameters(system)
        for r in src.references(path, parameter)
        if r.problem
    ]
    assert not bad


def test_every_value_from_2014_has_a_primary_source(system):
    missing = []
    counted = 0
    for path, parameter in src.law_parameters(system, EXCLUDED):
        refs = src.references(path, parameter)
        for start, value in src.dated_values(parameter):
            if start < src.PRIMARY_REQUIRED_FROM or value is None:
                continue
            counted += 1
            if not any(r.primary for r in src.references_of_value(refs, start)):
                missing.append((path, start.isoformat()))
    assert counted > 100
    assert sorted(missing) == sorted(src.SECONDARY_ONLY)  # the listed exceptions, and no other


@pytest.mark.parametrize(
    ("href", "problem"),
    [
        ("https://www.meijburg.com/", "a bare home page"),
        ("https://www.limesacademy.com", "a bare home page"),
        ("https://bbs.gogodutch.com/thread-458979-1-1.html", "a forum"),
        ("https://zoek.officielebekendmakingen.nl/stcrt-2017-68641.html", None),
    ],
)
def test_the_href_rule_catches_home_pages_and_forums(href, problem):
    assert src.Reference("p", None, "t", href).problem == problem


def test_primary_is_decided_by_host():
    assert src.Reference("p", None, "t", "https://wetten.overheid.nl/BWBR0007523/2019-01-01#Artikel1d").primary
    assert src.Reference("p", None, "t", "https://www.ind.nl/en/required-amounts-income-requirements").primary
    assert not src.Reference("p", None, "t", "https://www.salarisnet.nl/4899/nieuwe-looncriteria-kennismigranten-2019").primary


def test_no_parameter_text_cites_working_notes_or_issues():
    pattern = re.compile(r"domain\.md|engine[-]notes|open point|\bseed\b|\bissue \d", re.IGNORECASE)
    root = pathlib.Path(law_directory("parameters"))
    found = [
        f"{path.relative_to(root)}:{i}"
        for path in root.rglob("*.yaml")
        if path.relative_to(root).parts[0] not in EXCLUDED
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found


def _months(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=round(n * 30.44))


def stale_indexed_amounts(system, today: datetime.date) -> list[str]:
    """Indexed amounts (metadata.indexatiecyclus_maanden) whose last value is older than its cycle.

    A series is in order when it is closed by a gap (`null`) no later than one cycle after its last
    amount, or when its last amount started less than one cycle ago, or when metadata.nog_geldig_op
    (an explicit "still valid on" date, checked by a maintainer) is no older than one cycle.
    """
    stale = []
    for path, parameter in src.law_parameters(system, EXCLUDED):
        cycle = (parameter.metadata or {}).get("indexatiecyclus_maanden")
        if not cycle:
            continue
        values = src.dated_values(parameter)
        known = [start for start, value in values if value is not None]
        last_known = known[-1]
        closed = [start for start, value in values if value is None and start > last_known]
        if closed and closed[0] <= last_known + _months(cycle) + datetime.timedelta(days=3):
            continue
        still_valid = (parameter.metadata or {}).get("nog_geldig_op")
        checked = max(last_known, datetime.date.fromisoformat(str(still_valid))) if still_valid else last_known
        if today >= checked + _months(cycle):
            stale.append(f"{path}: last amount from {last_known}, cycle {cycle} months, no gap and no nog_geldig_op")
    return stale


def test_every_indexed_amount_is_current_or_closed_by_a_gap(system):
    assert not stale_indexed_amounts(system, datetime.date.today())


def test_the_indexed_amounts_declare_their_cycle(system):
    cycles = {path: (p.metadata or {}).get("indexatiecyclus_maanden") for path, p in src.law_parameters(system, EXCLUDED)}
    for path in (
        "kennismigranten.looncriterium.dertig_jaar_en_ouder",
        "kennismigranten.looncriterium.jonger_dan_dertig",
        "kennismigranten.looncriterium.verlaagd",
        "europese_blauwe_kaart.looncriterium.algemeen",
        "europese_blauwe_kaart.looncriterium.verlaagd",
    ):
        assert cycles[path] == 12, path
    assert cycles["algemeen.wettelijk_minimumloon.uurbedrag"] == 6
    assert cycles["algemeen.wettelijk_minimumloon.referentiemaandloon"] == 6


def test_the_staleness_check_catches_a_series_carried_forward(system):
    """Without the closing gap of July 2026 the Wml hourly amount of January 2026 would be stale in December."""
    kopie = CountryTaxBenefitSystem()
    uurbedrag = kopie.parameters.algemeen.wettelijk_minimumloon.uurbedrag
    uurbedrag.values_list = [v for v in uurbedrag.values_list if v.value is not None]  # no closing gap
    assert any("uurbedrag" in s for s in stale_indexed_amounts(kopie, datetime.date(2026, 12, 1)))
    assert not any("uurbedrag" in s for s in stale_indexed_amounts(system, datetime.date(2026, 12, 1)))
