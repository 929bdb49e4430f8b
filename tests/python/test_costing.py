"""Arithmetic of the costing on hand-made applicants, with expected numbers computed by hand.

The tax law itself is tested by the YAML cases of tests/yaml/fiscaal; here the costing's use of it
(2026: 6,285.87 wage tax on 40,000; employer contributions 17.13% up to 79,409).
"""

from __future__ import annotations

import numpy as np
import pytest
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_arbeidsmigratie.costing import taxes
from openfisca_arbeidsmigratie.costing.applicants import Applicants, wage_response
from openfisca_arbeidsmigratie.costing.projection import (
    departure_factors,
    departure_within_five_years,
    project,
)
from openfisca_arbeidsmigratie.costing.units import (
    CostingError,
    UnitValues,
    first_year,
    uncertainties,
)
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError
from openfisca_arbeidsmigratie.reforms import baseline_system


@pytest.fixture(scope="module")
def system():
    return baseline_system()


@pytest.fixture(scope="module")
def e(system):
    return UnitValues(system)


# ---- tax and contributions --------------------------------------------------------------------


def test_wage_taxes_come_from_the_laws_variables(system):
    """The costing's tax is the variables' (tests/yaml/fiscaal holds the cited amounts)."""
    wage, expected = taxes.wage_taxes(system, np.array([40000.0 / 12 / 1.08, 5000.0]), 0.0, 2026)
    assert wage.tolist() == pytest.approx([40000.0, 64800.0])
    assert expected["wage_tax"][0] == pytest.approx(6285.87, abs=0.02)
    assert expected["employer_contributions"][0] == pytest.approx(40000 * 0.1713, abs=0.02)


def test_wage_taxes_mix_with_and_without_the_ruling_by_its_share(system):
    monthly = np.array([100000.0 / 12 / 1.08])
    _, without = taxes.wage_taxes(system, monthly, 0.0, 2026)
    _, ruling = taxes.wage_taxes(system, monthly, 1.0, 2026)
    _, half = taxes.wage_taxes(system, monthly, 0.5, 2026)
    assert ruling["wage_tax"][0] < without["wage_tax"][0]
    assert half["wage_tax"][0] == pytest.approx((ruling["wage_tax"][0] + without["wage_tax"][0]) / 2)


def test_years_after_the_last_published_tax_year_use_its_rules(system):
    assert taxes.published_years(system) == (2026, 2026)
    assert taxes.tax_year(system, 2030) == 2026
    a = taxes.wage_taxes(system, np.array([3000.0]), 0.6, 2026)[1]["wage_tax"]
    b = taxes.wage_taxes(system, np.array([3000.0]), 0.6, 2031)[1]["wage_tax"]
    assert a.tolist() == b.tolist()


def test_a_yearly_tax_amount_is_not_carried_into_an_unpublished_year(system):
    simulation = SimulationBuilder().build_default_simulation(system, 1)
    simulation.set_input("loon_uit_dienstbetrekking", "2027", np.array([60000.0]))
    simulation.set_input("dertig_procent_regeling_toegepast", "2027", np.array([True]))
    with pytest.raises(OntbrekendBedragError, match=r"fiscaal\.dertig_procent_regeling\.\w+: no amount is published for 2027"):
        simulation.calculate("dertig_procent_regeling_vrije_vergoeding", "2027")


def test_the_first_year_of_the_costing_is_derived_from_the_parameters(system):
    assert first_year(system) == 2026


def test_a_year_without_values_is_a_clear_error(e):
    with pytest.raises(CostingError, match=r"kosten\.leges\.verlenging has no value on 1990-01-01"):
        e("leges.verlenging", 1990)


def test_every_assumption_has_a_range_around_its_central_value():
    found = uncertainties(baseline_system())
    assert len(found) >= 20
    for o in found:
        assert o.low <= o.central <= o.high, o
        assert "aanname" in o.description, f"{o.path}: the description must say (aanname)"


# ---- applicants and the projection -------------------------------------------------------------


def applicants(**columns) -> Applicants:
    n = len(columns["weight"])
    defaults = {
        "weigeringsgrond": ["geen"] * n,
        "validity_months": [0] * n,
        "non_temporary": [True] * n,
        "family_reunification": [False] * n,
        "monthly_wage": [3000.0] * n,
        "family_members": [0] * n,
        "housing": ["reguliere_woningmarkt"] * n,
        "gvva": [True] * n,
        "duration_weeks": [52] * n,
    }
    data = {**defaults, **columns}
    kinds = {"route": object, "weigeringsgrond": object, "housing": object, "non_temporary": bool, "family_reunification": bool, "gvva": bool}
    arrays = {k: np.array(v, dtype=kinds.get(k, np.float64)) for k, v in data.items() if k != "criteria"}
    return Applicants(**arrays, criteria={k: np.array(v, float) for k, v in data.get("criteria", {}).items()})


SIMPLE = {
    "verblijf.vertrek_binnen_vijf_jaar.eu": 0.0,
    "verblijf.vertrek_binnen_vijf_jaar.niet_eu": 0.0,
    "belasting.dertig_procent_regeling.aandeel_kennismigranten": 0.0,
}


def test_application_type_from_route_or_refusal_ground():
    a = applicants(
        weight=[1] * 7,
        route=["kennismigrant", "geweigerd", "geweigerd", "twv_gvva", "geweigerd", "puntentoets", "vrij_verkeer"],
        weigeringsgrond=["geen", "europese_blauwe_kaart_looncriterium", "wav_8_1_a_prioriteitgenietend_aanbod", "geen", "bandbreedte_bereikt", "geen", "geen"],
        gvva=[True, True, True, False, True, True, True],
    )
    assert a.application_kind().tolist() == ["kennismigrant", "europese_blauwe_kaart", "gvva", "twv", "puntentoets", "puntentoets", "geen"]


@pytest.fixture(scope="module")
def drie():
    """10 kennismigrants (24-month permit, 6,000 a month, single, regular housing), 5 GVVA
    applicants refused for priority supply, 2 TWV holders already resident (26 weeks of temporary
    work, housed outside the regular market). No departures, no 30% ruling."""
    a = applicants(
        weight=[10, 5, 2],
        route=["kennismigrant", "geweigerd", "twv_gvva"],
        weigeringsgrond=["geen", "wav_8_1_a_prioriteitgenietend_aanbod", "geen"],
        validity_months=[24, 0, 6],
        non_temporary=[True, False, False],
        monthly_wage=[6000.0, 2600.0, 2600.0],
        housing=["reguliere_woningmarkt", "reguliere_woningmarkt", "buiten_reguliere_woningmarkt"],
        gvva=[True, True, False],
        duration_weeks=[260, 52, 26],
    )
    return project(a, UnitValues(baseline_system(), SIMPLE), 2026, 7)


def test_first_year_applications_admissions_and_fees(drie):
    assert drie["applications"][0] == 17
    assert drie["admissions"][0] == 12
    # 2026 fee 423 for the 10 kennismigrants and the 5 GVVA applications (paid on refusal too); TWV free
    assert drie["fees_first_applications"][0] == pytest.approx(15 * 423)
    # new sponsors: 0.077 per admitted kennismigrant; 60% pay the small-firm fee 2,539, 40% 5,080
    assert drie["fees_sponsor"][0] == pytest.approx(0.077 * 10 * (0.6 * 2539 + 0.4 * 5080))


def test_first_year_workload_and_cost(drie):
    assert drie["decisions_ind"][0] == 15  # 10 kennismigrant + 5 GVVA decisions
    # IND cost price 582 at 2018 prices (Kamerstuk 30573 nr. 138) times the CPI changes 2019-2025 (CBS)
    cpi = 1.026 * 1.013 * 1.027 * 1.100 * 1.038 * 1.033 * 1.033
    assert drie["cost_ind"][0] == pytest.approx(15 * 582 * cpi)
    assert drie["tests_uwv"][0] == 7  # 5 GVVA advices + 2 TWV
    assert drie["cost_uwv"][0] == pytest.approx(7 * 600)


def test_renewals_follow_permit_validity(drie):
    # a 24-month permit is renewed at months 24 and 48 (not 72: permanent residence after 5 years);
    # with one cohort a year: 0, 0, 10, 10, 20, 20, 20
    assert drie["renewals"].tolist() == [0, 0, 10, 10, 20, 20, 20]
    assert drie["fees_renewals"][2] == pytest.approx(10 * 423)  # 2026 renewal fee = first-application fee (assumption)
    # five years after the first cohort, 80% of the 10 still present apply for permanent residence
    assert drie["permanent_residence"].tolist() == [0, 0, 0, 0, 0, 8, 8]
    assert drie["fees_permanent"][5] == pytest.approx(8 * 254)  # 2026 assumption: equal to the family fee (243 x 1.044)


def test_presence_wage_bill_and_revenue(drie, e):
    # admission year: half a year for the kennismigrants, 26/52 of a year for the temporary TWV work
    assert drie["stock_migrants"][0] == pytest.approx(10 * 0.5 + 2 * 0.5)
    # second year: the kennismigrants of both cohorts (10 * 1 + 10 * 0.5), the TWV holders of the new cohort only
    assert drie["stock_migrants"][1] == pytest.approx(15 + 1)
    loon = np.array([6000 * 12 * 1.08, 2600 * 12 * 1.08])
    assert drie["wage_bill"][0] == pytest.approx(5 * loon[0] + 1 * loon[1])
    # 2026 wage tax on 77,760 and on 33,696 by hand (tests/yaml/fiscaal for the rates): 24,869.50 and 3,731.57
    assert drie["wage_tax"][0] == pytest.approx(5 * 24869.50 + 1 * 3731.57, abs=0.5)
    assert drie["net_covered_items"][0] == pytest.approx(
        drie["fees_total"][0] + drie["tax_and_contributions"][0] - drie["cost_total"][0]
    )


def test_housing_against_the_shortage(drie):
    # singles on the regular market: 0.67 dwellings each, present half a year
    assert drie["dwellings_regular_market"][0] == pytest.approx(10 * 0.5 * 0.67)
    assert drie["share_of_housing_shortage"][0] == pytest.approx(10 * 0.5 * 0.67 / 401000)
    assert drie["persons_outside_regular_market"][0] == pytest.approx(2 * 0.5)


def test_family_members_follow_after_the_lag():
    a = applicants(weight=[10, 10], route=["kennismigrant", "kennismigrant"], family_reunification=[True, True], family_members=[1, 0])
    out = project(a, UnitValues(baseline_system(), SIMPLE), 2026, 3)
    # 10 accompanying members in the admission year; 0.667 expected per principal -> 13.34 - 10 follow a year later
    assert out["family_arrivals"].tolist() == pytest.approx([10, 10 + 3.34, 10 + 3.34])
    assert out["fees_family"][0] == pytest.approx(10 * 254)  # 2026 assumption: the 2025 fee 243 raised by 4.4%
    assert out["fees_family"][1] == pytest.approx((10 + 3.34) * 254)


def test_departures_at_a_constant_rate_that_matches_the_five_year_share():
    a = applicants(weight=[100], route=["kennismigrant"])
    e = UnitValues(baseline_system(), {**SIMPLE, "verblijf.vertrek_binnen_vijf_jaar.niet_eu": 0.69, "verblijf.aanwezigheid_eerste_jaar": 1.0})
    out = project(a, e, 2026, 6)
    present_by_age = np.diff(np.r_[0.0, out["stock_migrants"]])  # each year adds one cohort of age k
    assert present_by_age[5] == pytest.approx(100 * (1 - 0.69))


# ---- behavioural response -----------------------------------------------------------------------


def test_employers_raise_wages_just_below_a_new_criterion():
    huidig = applicants(weight=[4, 4], route=["kennismigrant", "kennismigrant"], monthly_wage=[4600.0, 4400.0], criteria={"kennismigrant_looncriterium": [4357, 4357]})
    hervorming = applicants(
        weight=[4, 4],
        route=["geweigerd", "geweigerd"],
        weigeringsgrond=["kennismigrant_looncriterium", "kennismigrant_looncriterium"],
        monthly_wage=[4600.0, 4400.0],
        criteria={"kennismigrant_looncriterium": [5000, 5000]},
    )
    out = wage_response(huidig, hervorming, share=0.5, margin=0.1)
    # 4,600 is within 10% below 5,000: half admitted at 5,000; 4,400 is not
    assert out.weight.tolist() == [2, 4, 2]
    assert out.route.tolist() == ["geweigerd", "geweigerd", "kennismigrant"]
    assert out.monthly_wage.tolist() == [4600, 4400, 5000]
    assert wage_response(huidig, hervorming, share=0.0, margin=0.1) is hervorming


# ---- departure by wage and household -----------------------------------------------------------


def test_departure_is_spread_by_wage_and_household_around_the_group_average(e):
    # four admitted non-EU applicants of equal weight: low wage single, reference single, top wage
    # single, top wage with family (hazard factors 1.80, 1, 0.56, 0.56 x 0.7)
    a = applicants(weight=[1, 1, 1, 1], route=["kennismigrant"] * 4, monthly_wage=[1800.0, 2500.0, 7000.0, 7000.0], family_members=[0, 0, 0, 2])
    eu = np.zeros(4, bool)
    d = departure_within_five_years(a, eu, np.ones(4, bool), e, 2026)
    assert d.mean() == pytest.approx(0.69)  # the CBS average of the group is kept
    assert d[0] > d[1] > d[2] > d[3] and d.max() < 1
    hazard = -np.log(1 - d)  # proportional: the hazards keep the factors' ratios
    assert (hazard / hazard[1]).tolist() == pytest.approx([1.8, 1.0, 0.56, 0.56 * 0.7])


def test_twv_gvva_holders_keep_the_cbs_share_of_other_non_eu_labour_migrants(e):
    # CBS 2011 cohort: 56.5% of other non-EU labour migrants left, 69.6% of non-EU knowledge migrants
    a = applicants(weight=[1, 1, 1, 1], route=["twv_gvva", "twv_gvva", "kennismigrant", "kennismigrant"], monthly_wage=[1800.0, 2500.0, 1800.0, 2500.0])
    d = departure_within_five_years(a, np.zeros(4, bool), np.ones(4, bool), e, 2026)
    assert d[:2].mean() == pytest.approx(e("verblijf.vertrek_binnen_vijf_jaar.niet_eu_overig", 2026)) == pytest.approx(0.565)
    assert d[2:].mean() == pytest.approx(0.69)
    assert d[0] < d[2] and d[1] < d[3]


def test_the_published_wage_gradient_is_reproduced_for_equal_bands(e):
    # equal groups at 1,500, 2,500 and 7,000 euro: still present after five years in the CPB
    # proportions -ln(0.64) : -ln(0.78) : -ln(0.87) within the rounding of the factors
    a = applicants(weight=[1, 1, 1], route=["twv_gvva"] * 3, monthly_wage=[1500.0, 2500.0, 7000.0])
    staying = 1 - departure_within_five_years(a, np.zeros(3, bool), np.ones(3, bool), e, 2026)
    ratios = np.log(staying) / np.log(staying[1])
    assert ratios.tolist() == pytest.approx([np.log(0.64) / np.log(0.78), 1.0, np.log(0.87) / np.log(0.78)], abs=0.01)


def test_departure_band_boundaries_are_at_the_published_incomes(e):
    a = applicants(weight=[1] * 6, route=["twv_gvva"] * 6, monthly_wage=[1999.99, 2000.0, 2999.99, 3000.0, 5999.99, 6000.0])
    assert departure_factors(a, e, 2026).tolist() == pytest.approx([1.8, 1.0, 1.0, 0.8, 0.8, 0.56])


def test_departure_factors_are_monte_carlo_assumptions():
    paths = {o.path for o in uncertainties(baseline_system())}
    assert {"verblijf.vertrekfactor.loon_laag", "verblijf.vertrekfactor.loon_hoog", "verblijf.vertrekfactor.huishouden_niet_alleen"} <= paths
