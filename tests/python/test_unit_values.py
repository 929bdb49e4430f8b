"""The costing's unit values at the boundaries of their changes: fees (Voorschrift Vreemdelingen 2000),
IND cost prices at the prices of their year brought to the year by the CBS CPI, the 30% ruling.

Every amount cites its publication in its parameter file (parameters/kosten, parameters/fiscaal);
docs/costing.md, "Unit values and assumptions", lists them.
"""

from __future__ import annotations

import types
from datetime import date, timedelta

import pytest
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import period

from openfisca_arbeidsmigratie.costing.result import unit_value_rows
from openfisca_arbeidsmigratie.costing.units import (
    CostingError,
    UnitValues,
    costing_parameters,
    price_factor,
)
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError
from openfisca_arbeidsmigratie.jaarbedragen import jaarbedrag
from openfisca_arbeidsmigratie.reforms import baseline_system

# CBS, jaarmutatie CPI 2019 to 2025 (parameters/kosten/uitvoering/prijsindex)
CPI = {2019: 0.026, 2020: 0.013, 2021: 0.027, 2022: 0.100, 2023: 0.038, 2024: 0.033, 2025: 0.033}


def cpi_2018_to(year: int) -> float:
    """The price level known on 1 January of ``year`` (the change of the years 2019 .. year - 1) over 2018's."""
    factor = 1.0
    for y in range(2019, year):
        factor *= 1 + CPI[y]
    return factor


@pytest.fixture(scope="module")
def system():
    return baseline_system()


@pytest.fixture(scope="module")
def e(system):
    return UnitValues(system)


def fee(system, path: str, day: str):
    """The fee on ``day``; None for a gap (a null value is absent from the node at that instant)."""
    node = system.parameters(day).kosten.leges
    try:
        for part in path.split("."):
            node = node[part]
    except ParameterNotFoundError:
        return None
    return node


# ---- fees: the day before and the day of a change ----------------------------------------------


@pytest.mark.parametrize(
    ("path", "before", "on", "day"),
    [
        ("erkenning_referent.regulier", 4560, 4866, "2025-01-01"),
        ("erkenning_referent.regulier", 4866, 5080, "2026-01-01"),
        ("erkenning_referent.klein", 2279, 2432, "2025-01-01"),
        ("eerste_aanvraag.kennismigrant", 405, 423, "2026-01-01"),
        ("eerste_aanvraag.europese_blauwe_kaart", 405, 423, "2026-01-01"),
        ("gezinslid", 243, 254, "2026-01-01"),
        ("eerste_aanvraag.kennismigrant", 938, 582, "2018-05-03"),
    ],
)
def test_a_fee_changes_on_the_day_its_table_takes_effect(system, path, before, on, day):
    eve = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert fee(system, path, eve) == before
    assert fee(system, path, day) == on


@pytest.mark.parametrize(
    ("path", "days"),
    [
        ("eerste_aanvraag.kennismigrant", ("2019-12-31", "2020-01-01", "2025-01-01")),
        ("eerste_aanvraag.arbeid_in_loondienst", ("2019-12-31", "2020-01-01", "2025-01-01")),
        ("erkenning_referent.regulier", ("2019-12-31", "2020-01-01", "2024-01-01")),
        ("verlenging", ("2019-12-31", "2020-01-01", "2026-01-01")),
        ("verblijf_onbepaalde_tijd", ("2019-12-31", "2020-01-01", "2026-01-01")),
        ("gezinslid", ("2023-12-31", "2024-01-01", "2025-01-01")),
    ],
)
def test_an_unpublished_fee_is_a_gap_not_the_previous_amount(system, e, path, days):
    """(last day with the earlier amount, first day of the gap, first day with a published amount again)."""
    last_known, gap_from, known_again = days
    assert fee(system, path, last_known) is not None
    assert fee(system, path, gap_from) is None
    assert fee(system, path, known_again) is not None
    with pytest.raises(CostingError, match=rf"kosten\.leges\.{path} has no value on {gap_from[:4]}-01-01"):
        e(f"leges.{path}", int(gap_from[:4]))


def test_the_2026_fees_are_the_2025_fees_raised_by_one_percentage(system):
    """The IND raised its fees by 4.4% in 2026; a fee that breaks the uniform indexation is a typo or a policy change."""
    for path in ("eerste_aanvraag.kennismigrant", "erkenning_referent.regulier", "erkenning_referent.klein"):
        assert round(fee(system, path, "2025-01-01") * 1.044) == fee(system, path, "2026-01-01"), path
    # 2024 -> 2025: one percentage (+6.71%) for both sponsor fees
    regulier = fee(system, "erkenning_referent.regulier", "2025-01-01") / fee(system, "erkenning_referent.regulier", "2024-01-01")
    klein = fee(system, "erkenning_referent.klein", "2025-01-01") / fee(system, "erkenning_referent.klein", "2024-01-01")
    assert regulier == pytest.approx(klein, abs=0.0005)


def test_a_work_permit_is_free(e):
    assert e("leges.tewerkstellingsvergunning", 2026) == 0


# ---- IND cost prices: prices of 2018 brought to the year ----------------------------------------


@pytest.mark.parametrize(
    ("path", "price_2018"),
    [
        ("uitvoering.ind_eerste_aanvraag", 582),
        ("uitvoering.ind_verlenging", 355),
        ("uitvoering.ind_gezinslid", 240),
        ("uitvoering.ind_onbepaalde_tijd", 230),
    ],
)
def test_an_ind_cost_price_is_indexed_with_the_cpi_of_the_years_before(e, path, price_2018):
    assert e(path, 2019) == pytest.approx(price_2018)  # on 1 January 2019 the 2018 price level is the latest
    assert e(path, 2020) == pytest.approx(price_2018 * 1.026)
    assert e(path, 2022) == pytest.approx(price_2018 * 1.026 * 1.013 * 1.027)
    assert e(path, 2023) == pytest.approx(price_2018 * 1.026 * 1.013 * 1.027 * 1.100)  # the 10% of 2022 counts from 2023
    assert e(path, 2026) == pytest.approx(price_2018 * cpi_2018_to(2026))


def test_after_the_last_published_cpi_change_the_price_level_holds(e):
    """The 2026 change is published in January 2027 (a gap): 2027 and later keep the 2026 level (base-year euro)."""
    assert e("uitvoering.ind_eerste_aanvraag", 2027) == e("uitvoering.ind_eerste_aanvraag", 2026)
    assert e("uitvoering.ind_eerste_aanvraag", 2032) == e("uitvoering.ind_eerste_aanvraag", 2026)
    assert e("uitvoering.ind_eerste_aanvraag", 2026) == pytest.approx(756.90, abs=0.01)


def test_an_amount_at_the_prices_of_the_base_year_is_not_changed(e):
    assert e("uitvoering.uwv_arbeidsmarkttoets", 2026) == 600
    assert e("uitvoering.uwv_arbeidsmarkttoets", 2030) == 600


def test_a_monte_carlo_draw_is_drawn_at_the_prices_of_its_year_and_indexed(system):
    drawn = UnitValues(system, {"uitvoering.ind_eerste_aanvraag": 700.0})
    assert drawn("uitvoering.ind_eerste_aanvraag", 2026) == pytest.approx(700 * cpi_2018_to(2026))


def test_the_report_row_shows_the_indexed_amount_and_range(system):
    rows = {r["parameter"]: r for r in unit_value_rows(system, 2026, {"uitvoering.ind_eerste_aanvraag": (500.0, 940.0)})}
    row = rows["kosten.uitvoering.ind_eerste_aanvraag"]
    f = cpi_2018_to(2026)
    assert row["value"] == pytest.approx(582 * f)
    assert (row["range_low"], row["range_high"]) == pytest.approx((500 * f, 940 * f))
    assert "prijzen van 2018" in row["description"]
    assert row["source"].endswith("[2018 x 1.3005 = 2026: kosten.uitvoering.prijsindex]")


def test_every_money_amount_of_the_execution_costs_says_its_price_level(system):
    for path, node in costing_parameters(system):
        metadata = node.metadata or {}
        if path.startswith("uitvoering.") and metadata.get("unit") == "currency-EUR":
            assert "prijsniveau" in metadata and metadata.get("prijsindex") == "uitvoering.prijsindex", path
            assert f"prijzen van {metadata['prijsniveau']}" in node.description, path


def _fake_system(values: dict[str, float | None]):
    node = ParameterNode("kosten", data={"index": {"values": {day: {"value": v} for day, v in values.items()}}})
    return types.SimpleNamespace(parameters=types.SimpleNamespace(children={"kosten": node}))


def test_a_gap_inside_the_index_is_an_error_not_a_silent_level():
    fake = _fake_system({"2020-01-01": 0.1, "2021-01-01": None, "2022-01-01": 0.1})
    metadata = {"prijsniveau": 2018, "prijsindex": "index"}
    assert price_factor(fake, metadata, 2020) == pytest.approx(1.1)
    assert price_factor(fake, metadata, 2021) == pytest.approx(1.1)
    with pytest.raises(CostingError, match=r"kosten\.index has a gap on 2021-01-01 before a value on 2022-01-01"):
        price_factor(fake, metadata, 2022)


def test_an_unknown_index_is_a_clear_error(system):
    with pytest.raises(CostingError, match=r"prijsindex kosten\.uitvoering\.geen of an amount at prices of 2018 is not a parameter under kosten"):
        price_factor(system, {"prijsniveau": 2018, "prijsindex": "uitvoering.geen"}, 2026)


# ---- the 30% ruling ---------------------------------------------------------------------------


def test_the_ruling_percentage_falls_to_27_on_1_january_2027(system):
    assert system.parameters("2026-12-31").fiscaal.dertig_procent_regeling.percentage == 0.30
    assert system.parameters("2027-01-01").fiscaal.dertig_procent_regeling.percentage == 0.27


@pytest.mark.parametrize("name", ["salarisnorm", "salarisnorm_jonger_dan_30_master", "maximum_loon"])
def test_the_2027_amounts_of_the_ruling_are_gaps(system, name):
    parameters = system.get_parameters_at_instant  # what a formula's ``parameters`` is
    assert jaarbedrag(parameters, period("2026"), f"fiscaal.dertig_procent_regeling.{name}") is not None
    with pytest.raises(OntbrekendBedragError, match=rf"{name}: no amount is published for 2027"):
        jaarbedrag(parameters, period("2027"), f"fiscaal.dertig_procent_regeling.{name}")


def test_the_2026_salary_norms_are_the_2025_norms_times_the_2026_inflation_correction(system):
    """Belastingplan 2026, memorie van toelichting: tabelcorrectiefactor 1,029."""
    for name in ("salarisnorm", "salarisnorm_jonger_dan_30_master"):
        n2025 = system.parameters("2025-01-01").fiscaal.dertig_procent_regeling[name]
        n2026 = system.parameters("2026-01-01").fiscaal.dertig_procent_regeling[name]
        assert round(n2025 * 1.029) == n2026, name


def test_the_wnt_cap_of_the_ruling_per_year(system):
    assert system.parameters("2025-12-31").fiscaal.dertig_procent_regeling.maximum_loon == 246000
    assert system.parameters("2026-01-01").fiscaal.dertig_procent_regeling.maximum_loon == 262000
