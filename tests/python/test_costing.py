"""Arithmetic of the costing on hand-made applicants, with expected numbers computed by hand.

Rates 2026 (parameters/kosten/belasting): box 1 35.75% to 38,883, 37.56% to 78,426; general credit
3,115 minus 6.398% above 29,736; employed person's credit 8.324% to 11,965, +31.009% to 25,845,
+1.95% to 45,592, -6.51% above; employer contributions 2.74+6.27+1.52+0.50+6.10 = 17.13% up to 79,409.
"""

from __future__ import annotations

import numpy as np
import pytest

from openfisca_arbeidsmigratie.costing import fiscaal
from openfisca_arbeidsmigratie.costing.aanvragers import Aanvragers, loonreactie
from openfisca_arbeidsmigratie.costing.eenheden import CostingError, Eenheden, onzekerheden
from openfisca_arbeidsmigratie.costing.projectie import project
from openfisca_arbeidsmigratie.reforms import baseline_system


@pytest.fixture(scope="module")
def e():
    return Eenheden(baseline_system())


# ---- tax and contributions --------------------------------------------------------------------


def test_wage_tax_2026_at_40000_by_hand(e):
    box_1 = 38883 * 0.3575 + (40000 - 38883) * 0.3756
    algemene = 3115 - 0.06398 * (40000 - 29736)
    arbeid = 11965 * 0.08324 + (25845 - 11965) * 0.31009 + (40000 - 25845) * 0.0195
    assert fiscaal.loonheffing(np.array([40000.0]), e, 2026)[0] == pytest.approx(box_1 - algemene - arbeid, abs=0.01)
    assert box_1 - algemene - arbeid == pytest.approx(6285.87, abs=0.01)


def test_wage_tax_changes_between_2025_and_2026(e):
    box_1 = 38441 * 0.3582 + (40000 - 38441) * 0.3748
    algemene = 3068 - 0.06337 * (40000 - 28406)
    arbeid = 12169 * 0.08053 + (26288 - 12169) * 0.3003 + (40000 - 26288) * 0.02258
    assert fiscaal.loonheffing(np.array([40000.0]), e, 2025)[0] == pytest.approx(box_1 - algemene - arbeid, abs=0.01)
    assert fiscaal.loonheffing(np.array([40000.0]), e, 2026)[0] < fiscaal.loonheffing(np.array([40000.0]), e, 2025)[0]


def test_employed_persons_credit_at_its_maximum_and_end(e):
    credit = fiscaal.arbeidskorting(np.array([45592.0, 132920.0, 200000.0]), e, 2026)
    assert credit[0] == pytest.approx(5685, abs=0.5)
    assert credit[1] == pytest.approx(0, abs=0.5)
    assert credit[2] == 0


def test_no_tax_below_the_credits(e):
    assert fiscaal.loonheffing(np.array([0.0, 5000.0]), e, 2026).tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("wage", "year", "expected"),
    [
        (100000.0, 2026, 30000.0),  # 30% of the wage
        (100000.0, 2027, 27000.0),  # announced reduction to 27% from 2027
        (60000.0, 2026, 60000.0 - 46660.0),  # cut back so the taxable wage stays at the salary norm
        (46660.0, 2026, 0.0),  # exactly at the norm: nothing left to exempt
        (40000.0, 2026, 0.0),  # below the norm
        (300000.0, 2026, 0.30 * 246000.0),  # capped at the WNT norm
    ],
)
def test_thirty_percent_ruling(e, wage, year, expected):
    assert fiscaal.vrije_vergoeding(np.array([wage]), e, year)[0] == pytest.approx(expected)


def test_employer_contributions_up_to_the_maximum_wage(e):
    premies = fiscaal.werkgeverspremies(np.array([40000.0, 79409.0, 100000.0]), e, 2026)
    rate = 0.0274 + 0.0627 + 0.0152 + 0.005 + 0.061
    assert premies.tolist() == pytest.approx([40000 * rate, 79409 * rate, 79409 * rate])


def test_annual_wage_adds_the_holiday_allowance(e):
    assert fiscaal.jaarloon(np.array([5000.0]), e, 2026)[0] == pytest.approx(5000 * 12 * 1.08)


def test_a_year_without_values_is_a_clear_error(e):
    with pytest.raises(CostingError, match=r"kosten\.belasting\.werkgeverspremies\.zvw has no value on 2025-01-01"):
        e("belasting.werkgeverspremies.zvw", 2025)


def test_every_assumption_has_a_range_around_its_central_value():
    found = onzekerheden(baseline_system())
    assert len(found) >= 20
    for o in found:
        assert o.low <= o.central <= o.high, o
        assert "aanname" in o.description, f"{o.path}: the description must say (aanname)"


# ---- applicants and the projection -------------------------------------------------------------


def aanvragers(**columns) -> Aanvragers:
    n = len(columns["gewicht"])
    defaults = {
        "weigeringsgrond": ["geen"] * n,
        "geldigheid_maanden": [0] * n,
        "niet_tijdelijk": [True] * n,
        "gezinshereniging": [False] * n,
        "maandloon": [3000.0] * n,
        "gezinsleden": [0] * n,
        "huisvesting": ["reguliere_woningmarkt"] * n,
        "vanuit_buitenland": [True] * n,
        "duur_weken": [52] * n,
    }
    data = {**defaults, **columns}
    kinds = {"route": object, "weigeringsgrond": object, "huisvesting": object, "niet_tijdelijk": bool, "gezinshereniging": bool, "vanuit_buitenland": bool}
    arrays = {k: np.array(v, dtype=kinds.get(k, np.float64)) for k, v in data.items() if k != "criteria"}
    return Aanvragers(**arrays, criteria={k: np.array(v, float) for k, v in data.get("criteria", {}).items()})


SIMPLE = {
    "verblijf.vertrek_binnen_vijf_jaar.eu": 0.0,
    "verblijf.vertrek_binnen_vijf_jaar.niet_eu": 0.0,
    "belasting.dertig_procent_regeling.aandeel_kennismigranten": 0.0,
}


def test_application_type_from_route_or_refusal_ground():
    a = aanvragers(
        gewicht=[1] * 7,
        route=["kennismigrant", "geweigerd", "geweigerd", "twv_gvva", "geweigerd", "puntentoets", "vrij_verkeer"],
        weigeringsgrond=["geen", "europese_blauwe_kaart_looncriterium", "wav_8_1_a_prioriteitgenietend_aanbod", "geen", "bandbreedte_bereikt", "geen", "geen"],
        vanuit_buitenland=[True, True, True, False, True, True, True],
    )
    assert a.aanvraagsoort().tolist() == ["kennismigrant", "europese_blauwe_kaart", "gvva", "twv", "puntentoets", "puntentoets", "geen"]


@pytest.fixture(scope="module")
def drie():
    """10 kennismigrants (24-month permit, 6,000 a month, single, regular housing), 5 GVVA
    applicants refused for priority supply, 2 TWV holders already resident (26 weeks of temporary
    work, housed outside the regular market). No departures, no 30% ruling."""
    a = aanvragers(
        gewicht=[10, 5, 2],
        route=["kennismigrant", "geweigerd", "twv_gvva"],
        weigeringsgrond=["geen", "wav_8_1_a_prioriteitgenietend_aanbod", "geen"],
        geldigheid_maanden=[24, 0, 6],
        niet_tijdelijk=[True, False, False],
        maandloon=[6000.0, 2600.0, 2600.0],
        huisvesting=["reguliere_woningmarkt", "reguliere_woningmarkt", "buiten_reguliere_woningmarkt"],
        vanuit_buitenland=[True, True, False],
        duur_weken=[260, 52, 26],
    )
    return project(a, Eenheden(baseline_system(), SIMPLE), 2026, 7)


def test_first_year_applications_admissions_and_fees(drie):
    assert drie["applications"][0] == 17
    assert drie["admissions"][0] == 12
    # 2026 fee 423 for the 10 kennismigrants and the 5 GVVA applications (paid on refusal too); TWV free
    assert drie["fees_first_applications"][0] == pytest.approx(15 * 423)
    # new sponsors: 0.077 per admitted kennismigrant; 60% pay the small-firm fee 2,539, 40% 5,080
    assert drie["fees_sponsor"][0] == pytest.approx(0.077 * 10 * (0.6 * 2539 + 0.4 * 5080))


def test_first_year_workload_and_cost(drie):
    assert drie["decisions_ind"][0] == 15  # 10 kennismigrant + 5 GVVA decisions
    assert drie["cost_ind"][0] == pytest.approx(15 * 750)
    assert drie["tests_uwv"][0] == 7  # 5 GVVA advices + 2 TWV
    assert drie["cost_uwv"][0] == pytest.approx(7 * 600)


def test_renewals_follow_permit_validity(drie):
    # a 24-month permit is renewed at months 24 and 48 (not 72: permanent residence after 5 years);
    # with one cohort a year: 0, 0, 10, 10, 20, 20, 20
    assert drie["renewals"].tolist() == [0, 0, 10, 10, 20, 20, 20]
    assert drie["fees_renewals"][2] == pytest.approx(10 * 355)
    # five years after the first cohort, 80% of the 10 still present apply for permanent residence
    assert drie["permanent_residence"].tolist() == [0, 0, 0, 0, 0, 8, 8]
    assert drie["fees_permanent"][5] == pytest.approx(8 * 171)


def test_presence_wage_bill_and_revenue(drie, e):
    # admission year: half a year for the kennismigrants, 26/52 of a year for the temporary TWV work
    assert drie["stock_migrants"][0] == pytest.approx(10 * 0.5 + 2 * 0.5)
    # second year: the kennismigrants of both cohorts (10 * 1 + 10 * 0.5), the TWV holders of the new cohort only
    assert drie["stock_migrants"][1] == pytest.approx(15 + 1)
    loon = np.array([6000 * 12 * 1.08, 2600 * 12 * 1.08])
    assert drie["wage_bill"][0] == pytest.approx(5 * loon[0] + 1 * loon[1])
    tax = fiscaal.loonheffing(loon, e, 2026)
    assert drie["wage_tax"][0] == pytest.approx(5 * tax[0] + 1 * tax[1])
    assert drie["net_covered_items"][0] == pytest.approx(
        drie["fees_total"][0] + drie["tax_and_contributions"][0] - drie["cost_total"][0]
    )


def test_housing_against_the_shortage(drie):
    # singles on the regular market: 0.67 dwellings each, present half a year
    assert drie["dwellings_regular_market"][0] == pytest.approx(10 * 0.5 * 0.67)
    assert drie["share_of_housing_shortage"][0] == pytest.approx(10 * 0.5 * 0.67 / 401000)
    assert drie["persons_outside_regular_market"][0] == pytest.approx(2 * 0.5)


def test_family_members_follow_after_the_lag():
    a = aanvragers(gewicht=[10, 10], route=["kennismigrant", "kennismigrant"], gezinshereniging=[True, True], gezinsleden=[1, 0])
    out = project(a, Eenheden(baseline_system(), SIMPLE), 2026, 3)
    # 10 accompanying members in the admission year; 0.667 expected per principal -> 13.34 - 10 follow a year later
    assert out["family_arrivals"].tolist() == pytest.approx([10, 10 + 3.34, 10 + 3.34])
    assert out["fees_family"][0] == pytest.approx(10 * 243)
    assert out["fees_family"][1] == pytest.approx((10 + 3.34) * 243)


def test_departures_at_a_constant_rate_that_matches_the_five_year_share():
    a = aanvragers(gewicht=[100], route=["kennismigrant"])
    e = Eenheden(baseline_system(), {**SIMPLE, "verblijf.vertrek_binnen_vijf_jaar.niet_eu": 0.69, "verblijf.aanwezigheid_eerste_jaar": 1.0})
    out = project(a, e, 2026, 6)
    present_by_age = np.diff(np.r_[0.0, out["stock_migrants"]])  # each year adds one cohort of age k
    assert present_by_age[5] == pytest.approx(100 * (1 - 0.69))


# ---- behavioural response -----------------------------------------------------------------------


def test_employers_raise_wages_just_below_a_new_criterion():
    huidig = aanvragers(gewicht=[4, 4], route=["kennismigrant", "kennismigrant"], maandloon=[4600.0, 4400.0], criteria={"kennismigrant_looncriterium": [4357, 4357]})
    hervorming = aanvragers(
        gewicht=[4, 4],
        route=["geweigerd", "geweigerd"],
        weigeringsgrond=["kennismigrant_looncriterium", "kennismigrant_looncriterium"],
        maandloon=[4600.0, 4400.0],
        criteria={"kennismigrant_looncriterium": [5000, 5000]},
    )
    out = loonreactie(huidig, hervorming, aandeel=0.5, marge=0.1)
    # 4,600 is within 10% below 5,000: half admitted at 5,000; 4,400 is not
    assert out.gewicht.tolist() == [2, 4, 2]
    assert out.route.tolist() == ["geweigerd", "geweigerd", "kennismigrant"]
    assert out.maandloon.tolist() == [4600, 4400, 5000]
    assert loonreactie(huidig, hervorming, aandeel=0.0, marge=0.1) is hervorming
