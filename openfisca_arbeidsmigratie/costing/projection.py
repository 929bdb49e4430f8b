"""Yearly effects of one regime: one admission cohort a year, followed over the years ahead.

The population is one year of applications weighted to national totals; the same inflow is
assumed every year (steady inflow at the base-year level, in base-year euro). A cohort admitted in
year ``c`` contributes to calendar year ``t >= c`` at age ``k = t - c``. Per cohort and age:

* presence: the admission year counts ``aanwezigheid_eerste_jaar`` (temporary work: its intended
  duration, at most a year); temporary purposes leave after that year; others leave at a constant
  yearly rate ``h`` with ``1 - (1 - h)^5`` = the person's share leaving within five years: the
  group's average (EU, non-EU TWV/GVVA or other non-EU, CBS) spread by wage band and household
  (:func:`departure_within_five_years`);
* renewals: a permit of ``v`` months is renewed at months v, 2v, ... before the fifth year while
  the holder stays; after five years of non-temporary residence a share applies for permanent
  residence (no renewals after that);
* family: accompanying members arrive with the principal; up to the expected number of family
  members per principal (a CBS stock ratio) the rest follows after ``nareis_vertraging_jaren``;
* money: fees and execution costs when the event happens, wage tax and employer contributions on
  the wage for the time present, from the law's variables (variables/fiscaal, via
  :mod:`openfisca_arbeidsmigratie.costing.taxes`) with the rules of the calendar year, or of the
  last year they are published for (the 30% ruling for at most its 60 months, for a share of the
  skilled routes).
"""

from __future__ import annotations

import numpy as np

from openfisca_arbeidsmigratie.costing import taxes
from openfisca_arbeidsmigratie.costing.applicants import PERMIT_ROUTES, SKILLED_ROUTES, Applicants
from openfisca_arbeidsmigratie.costing.units import UnitValues

K = "leges."
U = "uitvoering."
FEES = ("fees_first_applications", "fees_family", "fees_sponsor", "fees_renewals", "fees_permanent")
COSTS = ("cost_ind", "cost_uwv", "cost_points_test")
METRICS: dict[str, str] = {
    "applications": "Aanvragen (eerste aanvraag, alle routes behalve vrij verkeer en vrijgesteld)",
    "admissions": "Toelatingen (cohort van het jaar)",
    "admissions_non_eu": "Toelatingen niet-EU (kennismigrant, blauwe kaart, TWV/GVVA, puntentoets)",
    "stock_migrants": "Toegelaten arbeidsmigranten aanwezig (jaargemiddelde)",
    "family_arrivals": "Gezinsleden die aankomen (meereizend en nareizend)",
    "family_present": "Gezinsleden aanwezig",
    "renewals": "Verlengingen van vergunningen",
    "permanent_residence": "Aanvragen verblijf voor onbepaalde tijd (na vijf jaar)",
    "fees_first_applications": "Leges eerste aanvragen (EUR)",
    "fees_family": "Leges gezinsleden (EUR)",
    "fees_sponsor": "Leges erkenning referent (EUR)",
    "fees_renewals": "Leges verlengingen (EUR)",
    "fees_permanent": "Leges verblijf onbepaalde tijd (EUR)",
    "fees_total": "Leges totaal (EUR)",
    "decisions_ind": "Beslissingen IND (eerste aanvraag, verlenging, gezin, onbepaalde tijd)",
    "decisions_points_test": "Beslissingen brede welvaartstoets",
    "tests_uwv": "Arbeidsmarkttoetsen UWV (TWV en GVVA-advies, ook bij verlenging)",
    "cost_ind": "Uitvoeringskosten IND (EUR)",
    "cost_uwv": "Uitvoeringskosten UWV (EUR)",
    "cost_points_test": "Uitvoeringskosten brede welvaartstoets (EUR)",
    "cost_total": "Uitvoeringskosten totaal (EUR)",
    "wage_bill": "Loonsom toegelaten arbeidsmigranten (EUR)",
    "wage_tax": "Loon- en inkomstenbelasting en premies volksverzekeringen na heffingskortingen (EUR)",
    "employer_contributions": "Werkgeverspremies werknemersverzekeringen en Zvw (EUR)",
    "tax_and_contributions": "Belasting en premies totaal (EUR)",
    "net_covered_items": "Saldo van de geraamde posten: leges + belasting en premies - uitvoeringskosten (EUR)",
    "dwellings_regular_market": "Woningen op de reguliere woningmarkt in gebruik",
    "share_of_housing_shortage": "Woningen als aandeel van het woningtekort",
    "persons_outside_regular_market": "Personen gehuisvest buiten de reguliere woningmarkt",
}
"""Every yearly metric, with its Dutch label (the report shows both key and label)."""

VIJF_JAAR = "verblijf.jaren_tot_onbepaalde_tijd"


F = "verblijf.vertrekfactor."


def departure_factors(a: Applicants, e: UnitValues, year: int) -> np.ndarray:
    """Relative departure of each applicant by wage band and household (parameters verblijf.vertrekfactor)."""
    edges = [e(F + name, year) for name in ("loongrens_laag", "loongrens_midden", "loongrens_hoog")]
    factors = np.array([e(F + name, year) for name in ("loon_laag", "loon_referentie", "loon_midden", "loon_hoog")])
    wage = factors[np.searchsorted(np.asarray(edges), a.monthly_wage, side="right")]
    return wage * np.where(a.family_members > 0, e(F + "huishouden_niet_alleen", year), 1.0)


def departure_within_five_years(a: Applicants, eu: np.ndarray, subject: np.ndarray, e: UnitValues, year: int) -> np.ndarray:
    """Each applicant's probability of leaving within five years (proportional hazards).

    Still present after five years: ``exp(-f * H)`` with ``f`` the applicant's departure factor
    and ``H`` the group's cumulative hazard, solved so that the weighted mean over the group's
    ``subject`` applicants (admitted, non-temporary) is 1 minus the group's average departure
    share; the group average stays the published figure. Groups: EU/EFTA (``eu``), non-EU TWV/GVVA
    holders (CBS: other labour migrants) and the other non-EU routes (CBS: knowledge migrants).
    """
    factors = departure_factors(a, e, year)
    out = np.zeros(len(a))
    twv = ~eu & (a.route == "twv_gvva")
    groups = (
        (eu, "verblijf.vertrek_binnen_vijf_jaar.eu"),
        (twv, "verblijf.vertrek_binnen_vijf_jaar.niet_eu_overig"),
        (~eu & ~twv, "verblijf.vertrek_binnen_vijf_jaar.niet_eu"),
    )
    for mask, path in groups:
        average = float(e(path, year))
        weight = a.weight * (mask & subject)
        hazard = _group_hazard(factors, weight, 1.0 - average) if weight.sum() > 0 else -np.log(1.0 - average)
        out[mask] = 1.0 - np.exp(-factors[mask] * hazard)
    return out


def _group_hazard(factors: np.ndarray, weight: np.ndarray, staying: float) -> float:
    """``H`` with weighted mean of ``exp(-factors * H)`` equal to ``staying`` (bisection; the mean falls in H)."""
    if staying >= 1.0:
        return 0.0
    low, high = 0.0, 1.0
    total = weight.sum()

    def mean(h: float) -> float:
        return float((weight * np.exp(-factors * h)).sum() / total)

    while mean(high) > staying:
        high *= 2.0
    for _ in range(60):
        mid = (low + high) / 2.0
        low, high = (mid, high) if mean(mid) > staying else (low, mid)
    return (low + high) / 2.0


class _Cohort:
    """Per-applicant quantities of one cohort that do not depend on the calendar year."""

    def __init__(self, a: Applicants, e: UnitValues, year: int) -> None:
        self.a = a
        self.w = a.weight
        self.admitted = a.admitted
        self.eu = a.route == "vrij_verkeer"
        self.permit = a.route_in(PERMIT_ROUTES)
        self.kind = a.application_kind()
        self.years_to_permanent = int(e(VIJF_JAAR, year))
        self.temporary = self.admitted & ~a.non_temporary
        self.departure = departure_within_five_years(a, self.eu, self.admitted & ~self.temporary, e, year)
        self.h = 1.0 - (1.0 - self.departure) ** (1.0 / 5.0)
        eerste = e("verblijf.aanwezigheid_eerste_jaar", year)
        self.first_year_presence = np.where(self.temporary, np.clip(a.duration_weeks / 52.0, 0.0, 1.0), eerste)
        self.ruling_share = e("belasting.dertig_procent_regeling.aandeel_kennismigranten", year) * a.route_in(SKILLED_ROUTES)
        self._taxes: dict = {}
        self._family(e, year)
        self._housing(e, year)

    def presence(self, k: int) -> np.ndarray:
        """Expected presence (person-years) of each admitted applicant in cohort year ``k``."""
        if k == 0:
            return self.admitted * self.first_year_presence
        return self.admitted * ~self.temporary * (1.0 - self.h) ** k

    def _family(self, e: UnitValues, year: int) -> None:
        a = self.a
        recht = self.admitted & (a.family_reunification | self.eu)
        self.accompanying = recht * a.family_members
        self.follow_year = int(round(e("gezin.nareis_vertraging_jaren", year)))
        self.followers_expected = {}
        for groep, mask in (("eu", self.eu), ("niet_eu", ~self.eu)):
            ratio = e(f"gezin.gezinsleden_per_arbeidsmigrant.{groep}", year)
            principals = self.w * (recht & mask)
            verwacht = ratio * principals.sum() - (self.w * self.accompanying * mask).sum()
            self.followers_expected[groep] = (max(verwacht, 0.0), principals)

    def followers(self, k: int) -> tuple[float, float]:
        """(arriving, present) family members who follow later, in cohort year ``k`` (EU and non-EU summed)."""
        if k < self.follow_year:
            return 0.0, 0.0
        aankomst = aanwezig = 0.0
        for totaal, principals in self.followers_expected.values():
            if totaal <= 0 or principals.sum() <= 0:
                continue
            blijft = float((principals * self.presence(k)).sum() / principals.sum())
            aanwezig += totaal * blijft
            if k == self.follow_year:
                aankomst += totaal * blijft
        return aankomst, aanwezig

    def _housing(self, e: UnitValues, year: int) -> None:
        a = self.a
        known = a.housing != ""
        regulier = np.where(known, a.housing == "reguliere_woningmarkt", e("huisvesting.aandeel_reguliere_woningmarkt", year))
        woningen = np.where(a.family_members > 0, e("huisvesting.woningen_per_huishouden.met_gezin", year), e("huisvesting.woningen_per_huishouden.alleenstaand", year))
        self.dwellings = regulier * woningen
        self.outside_regular = (known & (a.housing == "buiten_reguliere_woningmarkt")) * (1.0 + a.family_members)

    def wage_taxes(self, e: UnitValues, year: int, met_regeling: bool):
        """(annual wage, expected tax and contributions per person) in ``year``, cached per year."""
        key = (year, met_regeling)
        if key not in self._taxes:
            kans = self.ruling_share if met_regeling else 0.0
            self._taxes[key] = taxes.wage_taxes(e.system, self.a.monthly_wage, kans, year)
        return self._taxes[key]

    def renewals(self, k: int) -> np.ndarray:
        """Expected renewals in cohort year ``k``: permit expiries before the fifth year, while present."""
        v = self.a.validity_months
        geldig = self.permit & self.admitted & ~self.temporary & (v > 0)
        vv = np.where(geldig, v, 1.0)
        lo, hi = 12.0 * k, min(12.0 * (k + 1), 12.0 * self.years_to_permanent)
        if hi <= lo:
            return np.zeros(len(v))

        def before(x):
            return np.maximum(np.ceil(x / vv) - 1.0, 0.0)

        aantal = np.where(geldig, before(hi) - before(lo), 0.0)
        return aantal * (1.0 if k == 0 else (1.0 - self.h) ** k)


def _first_year(c: _Cohort, e: UnitValues, year: int, out: dict) -> None:
    """Applications, admissions, first-application fees and decisions (cohort year 0)."""
    w, soort = c.w, c.kind
    fee = {
        "kennismigrant": e(K + "eerste_aanvraag.kennismigrant", year),
        "europese_blauwe_kaart": e(K + "eerste_aanvraag.europese_blauwe_kaart", year),
        "gvva": e(K + "eerste_aanvraag.arbeid_in_loondienst", year),
        "twv": e(K + "tewerkstellingsvergunning", year),
        "puntentoets": e(K + "puntentoets_aanvraag", year),
    }
    for naam, bedrag in fee.items():
        out["fees_first_applications"] += bedrag * w[soort == naam].sum()
    out["applications"] += w[soort != "geen"].sum()
    out["admissions"] += w[c.admitted].sum()
    out["admissions_non_eu"] += w[c.admitted & c.permit].sum()
    ind = w[np.isin(soort, ["kennismigrant", "europese_blauwe_kaart", "gvva"])].sum()
    out["decisions_ind"] += ind
    out["cost_ind"] += ind * e(U + "ind_eerste_aanvraag", year)
    uwv = w[np.isin(soort, ["twv", "gvva"])].sum()
    out["tests_uwv"] += uwv
    out["cost_uwv"] += uwv * e(U + "uwv_arbeidsmarkttoets", year)
    punten = w[soort == "puntentoets"].sum()
    out["decisions_points_test"] += punten
    out["cost_points_test"] += punten * e(U + "puntentoets", year)
    nieuw = e(K + "nieuwe_erkenningen.per_toegelaten_kennismigrant", year) * w[c.admitted & (c.a.route == "kennismigrant")].sum()
    klein = e(K + "nieuwe_erkenningen.aandeel_klein", year)
    out["fees_sponsor"] += nieuw * (klein * e(K + "erkenning_referent.klein", year) + (1 - klein) * e(K + "erkenning_referent.regulier", year))


def _family_events(c: _Cohort, k: int, e: UnitValues, year: int, out: dict) -> None:
    aankomst_nareis, aanwezig_nareis = c.followers(k)
    meereizend = c.w * c.accompanying
    aankomst = (meereizend.sum() if k == 0 else 0.0) + aankomst_nareis
    out["family_arrivals"] += aankomst
    out["family_present"] += (meereizend * c.presence(k)).sum() + aanwezig_nareis
    # Fees and decisions only for non-EU family members (EU family members need no permit).
    niet_eu = (meereizend * ~c.eu).sum() if k == 0 else 0.0
    if k == c.follow_year:
        totaal, principals = c.followers_expected["niet_eu"]
        if totaal > 0 and principals.sum() > 0:
            niet_eu += totaal * float((principals * c.presence(k)).sum() / principals.sum())
    out["fees_family"] += niet_eu * e(K + "gezinslid", year)
    out["decisions_ind"] += niet_eu
    out["cost_ind"] += niet_eu * e(U + "ind_gezinslid", year)


def _renewals(c: _Cohort, k: int, e: UnitValues, year: int, out: dict) -> None:
    verlengingen = c.w * c.renewals(k)
    ind = verlengingen[c.kind != "twv"].sum()
    out["renewals"] += verlengingen.sum()
    out["fees_renewals"] += ind * e(K + "verlenging", year)
    out["decisions_ind"] += ind
    out["cost_ind"] += ind * e(U + "ind_verlenging", year)
    uwv = verlengingen[np.isin(c.kind, ["twv", "gvva"])].sum() * e(U + "uwv_toets_bij_verlenging", year)
    out["tests_uwv"] += uwv
    out["cost_uwv"] += uwv * e(U + "uwv_arbeidsmarkttoets", year)
    if k == c.years_to_permanent:
        aanvragen = (c.w * c.presence(k) * c.permit * ~c.temporary).sum() * e("verblijf.aandeel_aanvraag_onbepaalde_tijd", year)
        out["permanent_residence"] += aanvragen
        out["fees_permanent"] += aanvragen * e(K + "verblijf_onbepaalde_tijd", year)
        out["decisions_ind"] += aanvragen
        out["cost_ind"] += aanvragen * e(U + "ind_onbepaalde_tijd", year)


def _wages(c: _Cohort, k: int, e: UnitValues, year: int, out: dict) -> None:
    aanwezig = c.w * c.presence(k)
    maanden = taxes.ruling_months(e.system, year)
    loon, opbrengst = c.wage_taxes(e, year, met_regeling=12 * k < maanden)
    out["stock_migrants"] += aanwezig.sum()
    out["wage_bill"] += (aanwezig * loon).sum()
    out["wage_tax"] += (aanwezig * opbrengst["wage_tax"]).sum()
    out["employer_contributions"] += (aanwezig * opbrengst["employer_contributions"]).sum()
    out["dwellings_regular_market"] += (c.dwellings * aanwezig).sum()
    out["persons_outside_regular_market"] += (c.outside_regular * aanwezig).sum()


def project(a: Applicants, e: UnitValues, base_year: int, years: int) -> dict[str, np.ndarray]:
    """Yearly totals of every metric for ``years`` calendar years from ``base_year`` (steady inflow)."""
    out = {name: np.zeros(years) for name in METRICS}
    cohort = _Cohort(a, e, base_year)
    for t in range(years):
        year = base_year + t
        totals = dict.fromkeys(METRICS, 0.0)
        for k in range(t + 1):
            if k == 0:
                _first_year(cohort, e, year, totals)
            _family_events(cohort, k, e, year, totals)
            _renewals(cohort, k, e, year, totals)
            _wages(cohort, k, e, year, totals)
        totals["fees_total"] = sum(totals[f] for f in FEES)
        totals["cost_total"] = sum(totals[f] for f in COSTS)
        totals["tax_and_contributions"] = totals["wage_tax"] + totals["employer_contributions"]
        totals["net_covered_items"] = totals["fees_total"] + totals["tax_and_contributions"] - totals["cost_total"]
        totals["share_of_housing_shortage"] = totals["dwellings_regular_market"] / e("huisvesting.woningtekort", year)
        for name, value in totals.items():
            out[name][t] = value
    return out
