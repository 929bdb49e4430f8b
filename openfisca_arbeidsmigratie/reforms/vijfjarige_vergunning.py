"""Reform ``vijfjarige_vergunning``: a five-year permit for every non-EU labour migrant.

The Adviesraad Migratie proposes (Kamerstuk 29861 nr. 153) that all labour migrants from outside
the EU first get a temporary residence permit for five years, "met daarna uitzicht op een
permanente verblijfsstatus en het recht om gezinsleden te laten overkomen", the same for all
admission schemes. For every applicant the proposal reaches (``vijfjarige_vergunning_bereik``: a
first admission for labour) who is admitted through a non-EU labour route (kennismigrant, EU Blue
Card, TWV/GVVA, points test) while the reform applies:

* verblijfsvergunning_geldigheidsduur_maanden = geldigheidsduur_maanden (60);
* verblijfsdoel_niet_tijdelijk = True, hence uitzicht_op_verblijf_onbepaalde_tijd;
* vroegste_maand_verblijf_onbepaalde_tijd = the month of the application + the permit's validity;
* family reunification by the reading chosen in ``gezinshereniging`` (docs/reforms.md):
  at once for all (na_vijf_jaar false); after five years for all (na_vijf_jaar true,
  huidige_rechten_behouden false); or current rights kept and the right gained after five years
  by those without it (both true, the default). The Blue Card (Directive (EU) 2021/1883 art. 17)
  and researchers (2016/801 art. 26) keep family reunification at once under every reading.
  Outputs gezinshereniging_toegestaan and vroegste_maand_gezinshereniging.

EU-directive routes whose directive caps the stay keep it: intra-corporate transferees
(Directive 2014/66/EU art. 12: at most three years, one for trainees) and seasonal workers
(2014/36/EU art. 14: five to nine months in twelve) do not get the five-year permit.
Free movement and exempt categories are untouched. Combine with a route reform in any order, e.g.
``brede_welvaartstoets+vijfjarige_vergunning``.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import (
    KAMERBRIEF_29861_153,
    Proposal,
    applies,
    at_rows,
    constant,
    decide_where,
    is_labour_migration_route,
    keep_as,
    proposal_parameters,
)

PATH = "vijfjarige_vergunning"
#: Directive routes whose directive caps the length of stay below five years.
DIRECTIVE_ROUTES_WITH_MAXIMUM_STAY = ("overplaatsing_binnen_onderneming", "seizoenarbeid")
#: Directive routes whose directive gives family reunification at once, under every reading.
DIRECTIVE_ROUTES_WITH_IMMEDIATE_FAMILY_REUNIFICATION = ("europese_blauwe_kaart", "onderzoeker")
PREVIOUS_NON_TEMPORARY = "verblijfsdoel_niet_tijdelijk_zonder_vijfjarige_vergunning"


def _on_directive_routes(persoon, period, namen, rows=None):
    """On one of the directive routes ``namen`` (richtlijnroute), for everyone or for ``rows``."""
    route = persoon("richtlijnroute", period)
    codes = np.asarray(route) if rows is None else at_rows(route, rows)
    uit = np.zeros(len(codes), dtype=bool)
    for naam in namen:  # a comparison per route: faster than np.isin on a million persons
        uit |= codes == route.possible_values[naam].index
    return uit


class vijfjarige_vergunning_verleend(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De aanvrager krijgt de vijfjarige verblijfsvergunning voor arbeidsmigranten"
    reference = [
        KAMERBRIEF_29861_153,
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0066",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0036",
    ]
    documentation = """
    While the reform applies: reached by the proposal (vijfjarige_vergunning_bereik), admitted through a
    non-EU labour route (kennismigrant, Blue Card, TWV/GVVA, points test) and not on a directive route
    that caps the stay (richtlijnroute overplaatsing_binnen_onderneming: Directive 2014/66/EU art. 12;
    seizoenarbeid: Directive 2014/36/EU art. 14).
    """

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(False)
        arbeid = is_labour_migration_route(persoon("toelatingsroute", period))
        if not arbeid.any():
            return arbeid
        begrensd = _on_directive_routes(persoon, period, DIRECTIVE_ROUTES_WITH_MAXIMUM_STAY)
        return arbeid & persoon("vijfjarige_vergunning_bereik", period) & ~begrensd


def _validity(persoon, period, parameters, rows):
    return int(proposal_parameters(parameters, period, PATH).geldigheidsduur_maanden)


def _application_month(persoon, period, rows):
    return at_rows(persoon("aanvraagdatum", period), rows).astype("datetime64[M]")


def _earliest_permanent_residence(persoon, period, parameters, rows):
    maand = _application_month(persoon, period, rows)
    return (maand + np.timedelta64(_validity(persoon, period, parameters, rows), "M")).astype("datetime64[D]")


def _family_reunification(persoon, period, parameters, rows):
    """At admission, by the reading (see the module docstring)."""
    lezing = proposal_parameters(parameters, period, PATH).gezinshereniging
    if not bool(lezing.na_vijf_jaar):
        return True
    recht = _on_directive_routes(persoon, period, DIRECTIVE_ROUTES_WITH_IMMEDIATE_FAMILY_REUNIFICATION, rows)
    if bool(lezing.huidige_rechten_behouden):
        huidig = at_rows(persoon("toegelaten", period), rows)
        huidig &= at_rows(persoon(PREVIOUS_NON_TEMPORARY, period), rows)
        recht |= huidig
    return recht


def _earliest_family_reunification(persoon, period, parameters, rows):
    direct = _application_month(persoon, period, rows).astype("datetime64[D]")
    toegestaan = at_rows(persoon("gezinshereniging_toegestaan", period), rows)
    return np.where(toegestaan, direct, _earliest_permanent_residence(persoon, period, parameters, rows))


@register(PATH)
class VijfjarigeVergunning(Proposal):
    parameter_path = "voorstellen.vijfjarige_vergunning"
    name = "Vijfjarige verblijfsvergunning voor alle arbeidsmigranten van buiten de EU (Adviesraad Migratie)"
    fase = 3

    def apply(self):
        keep_as(
            self,
            "verblijfsdoel_niet_tijdelijk",
            PREVIOUS_NON_TEMPORARY,
            "Niet-tijdelijk verblijfsdoel zonder de vijfjarige vergunning (het regime waarop de hervorming is toegepast)",
        )
        self.add_variable(vijfjarige_vergunning_verleend)
        decide_where(
            self,
            "vijfjarige_vergunning_verleend",
            {
                "verblijfsvergunning_geldigheidsduur_maanden": _validity,
                "verblijfsdoel_niet_tijdelijk": constant(True),
                "vroegste_maand_verblijf_onbepaalde_tijd": _earliest_permanent_residence,
                "gezinshereniging_toegestaan": _family_reunification,
                "vroegste_maand_gezinshereniging": _earliest_family_reunification,
            },
        )


def _reading(na_vijf_jaar: bool, huidige_rechten_behouden: bool):
    def zet(parameters):
        knoop = parameters.voorstellen.vijfjarige_vergunning.gezinshereniging
        for naam, waarde in (("na_vijf_jaar", na_vijf_jaar), ("huidige_rechten_behouden", huidige_rechten_behouden)):
            knoop.children[naam].update(period=None, start="2000-01-01", value=waarde)
        return parameters

    return zet


class VijfjarigeVergunningGezinDirect(VijfjarigeVergunning):
    """The reading 'family reunification at once for all' (not registered: for YAML tests and ``-r``;
    in a regime spec use ``vijfjarige_vergunning`` with a parameter file)."""

    name = "Vijfjarige vergunning, lezing: gezinshereniging direct voor iedereen"

    def apply(self):
        self.modify_parameters(modifier_function=_reading(False, True))
        super().apply()


class VijfjarigeVergunningGezinNaVijfJaar(VijfjarigeVergunning):
    """The reading 'family reunification after five years for all' (not registered, as above)."""

    name = "Vijfjarige vergunning, lezing: gezinshereniging na vijf jaar voor iedereen"

    def apply(self):
        self.modify_parameters(modifier_function=_reading(True, False))
        super().apply()
