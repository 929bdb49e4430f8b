"""Reform ``brede_welvaartstoets``: the Adviesraad Migratie's broad-welfare points test decides.

Whom it reaches (Kamerstuk 29861 nr. 153, 9 January 2025; docs/reforms.md): an applicant for a first
admission for labour (``brede_welvaartstoets_bereik``, variables/voorstellen/bereik.py) whom the
previous regime would not admit through free movement (EU/EEA/Swiss nationals, free labour-market
access) or an exempt category (Wav art. 3). For such an applicant the points test replaces the Wav
labour-market test and the kennismigrant salary test: admitted (route ``puntentoets``) when step 1
(the job) passes and the total reaches the admission threshold; otherwise refused with ground
``puntentoets_stap_1`` or ``puntentoets_totaal``.

EU-directive routes stay (``richtlijnroute``): an applicant who meets the Blue Card conditions is
admitted with the Blue Card (also where current law files them as kennismigrant, a national
scheme the points test replaces); intra-corporate transferees, researchers and seasonal workers
keep the previous regime's decision. Where the directive lets a member state add a condition, the
switches ``richtlijnroutes.<route>`` make the points test an extra condition (default off).

The points are the variables ``puntentoets_*`` (variables/voorstellen/brede_welvaartstoets.py);
the values are in parameters/voorstellen/brede_welvaartstoets (all assumptions), the start date
in its ``van_toepassing``.
"""

from __future__ import annotations

import functools

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.codes import eerste_waar
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import (
    KAMERBRIEF_29861_153,
    Proposal,
    applies,
    at_rows,
    decide_where,
    keep_as,
    proposal_parameters,
    replace_where,
    wrap_formula,
)

PATH = "brede_welvaartstoets"
OUTSIDE_THE_TEST = [Toelatingsroute.vrij_verkeer.index, Toelatingsroute.vrijgesteld.index]
PREVIOUS_ROUTE = "toelatingsroute_zonder_brede_welvaartstoets"
#: Directive routes whose directive lets a member state add a national condition (the switch
#: voorstellen.brede_welvaartstoets.richtlijnroutes.<name>); see its parameter file.
ROUTES_WITH_EXTRA_CONDITION = ("europese_blauwe_kaart", "seizoenarbeid")


def _within_test(persoon, period, parameters, path: str):
    """In force, reached by the proposal, and not free movement / exempt under the previous regime."""
    if not applies(parameters, period, path):
        return persoon.filled_array(False)
    route = np.asarray(persoon(PREVIOUS_ROUTE, period))
    buiten = functools.reduce(np.logical_or, (route == index for index in OUTSIDE_THE_TEST))
    return persoon("brede_welvaartstoets_bereik", period) & ~buiten


def _directive_route(persoon, period):
    route = persoon("richtlijnroute", period)
    return route, route != route.possible_values.geen


def scope_variables(path: str) -> tuple[type[Variable], ...]:
    """The variables saying where the points test and where a directive route decides, switched on by
    ``voorstellen.<path>.van_toepassing`` (shared with the hybrid variant)."""

    class puntentoets_beslist(Variable):
        value_type = bool
        entity = Persoon
        definition_period = MONTH
        label = "De brede welvaartstoets beslist over de toelating van deze aanvrager"
        reference = KAMERBRIEF_29861_153
        documentation = """
        True while the reform applies (van_toepassing) for an applicant the proposal reaches
        (brede_welvaartstoets_bereik) whom the previous regime would not admit through free movement or
        as an exempt category (toelatingsroute_zonder_brede_welvaartstoets not vrij_verkeer / vrijgesteld)
        and who meets no EU-directive route (richtlijnroute `geen`).
        """

        def formula(persoon, period, parameters):
            binnen = _within_test(persoon, period, parameters, path)
            if not binnen.any():
                return binnen
            return binnen & ~_directive_route(persoon, period)[1]


    class puntentoets_richtlijnroute_behouden(Variable):
        value_type = bool
        entity = Persoon
        definition_period = MONTH
        label = "Onder de brede welvaartstoets blijft de EU-richtlijnroute van deze aanvrager bestaan"
        reference = [
            KAMERBRIEF_29861_153,
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32021L1883",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0066",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016L0801",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0036",
        ]
        documentation = """
        True while the reform applies for an applicant the proposal reaches who meets an EU-directive
        route (richtlijnroute): the directive's conditions decide, not the points test (unless the
        switch richtlijnroutes.<route> adds the points test as an extra condition).
        """

        def formula(persoon, period, parameters):
            binnen = _within_test(persoon, period, parameters, path)
            if not binnen.any():
                return binnen
            return binnen & _directive_route(persoon, period)[1]


    class puntentoets_extra_voorwaarde(Variable):
        value_type = bool
        entity = Persoon
        definition_period = MONTH
        label = "De puntentoets geldt als extra nationale voorwaarde op de EU-richtlijnroute van deze aanvrager"
        reference = [
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32021L1883",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0036",
        ]
        documentation = """
        puntentoets_richtlijnroute_behouden and the switch of the route is on:
        richtlijnroutes.europese_blauwe_kaart (Directive (EU) 2021/1883 art. 6 and art. 7 lid 2 onder a)
        or richtlijnroutes.seizoenarbeid (Directive 2014/36/EU art. 7 and art. 8 lid 3). No switch
        exists for intra-corporate transfer (2014/66/EU) and researchers (2016/801), whose conditions
        leave no such national test. Reads the switches of the reform's own parameters.
        """

        def formula(persoon, period, parameters):
            behouden = persoon("puntentoets_richtlijnroute_behouden", period)
            if not behouden.any():
                return behouden
            return behouden & _extra_condition(persoon, period, parameters)

    return puntentoets_beslist, puntentoets_richtlijnroute_behouden, puntentoets_extra_voorwaarde


def _extra_condition(persoon, period, parameters):
    """Per directive route, the switch voorstellen.brede_welvaartstoets.richtlijnroutes.<route>."""
    schakelaars = proposal_parameters(parameters, period, PATH).richtlijnroutes
    route = persoon("richtlijnroute", period)
    uit = persoon.filled_array(False)
    for naam in ROUTES_WITH_EXTRA_CONDITION:
        if bool(schakelaars[naam]):
            uit = uit | (route == route.possible_values[naam])
    return uit


def _route(persoon, period, parameters, rows):
    gehaald = at_rows(persoon("puntentoets_gehaald", period), rows)
    return eerste_waar([gehaald], [Toelatingsroute.puntentoets.index], Toelatingsroute.geweigerd.index)


def points_ground(persoon, period, rows=None):
    """The points test's refusal ground (geen when it passes), for everyone or for ``rows``."""
    gehaald = np.asarray(persoon("puntentoets_gehaald", period))
    stap_1 = np.asarray(persoon("puntentoets_stap_1_gehaald", period))
    if rows is not None:
        gehaald, stap_1 = gehaald.take(rows), stap_1.take(rows)
    return eerste_waar(
        [gehaald, stap_1],
        [Weigeringsgrond.geen.index, Weigeringsgrond.puntentoets_totaal.index],
        Weigeringsgrond.puntentoets_stap_1.index,
    )


def _admitted_by_points(persoon, period, rows):
    """Admitted through the points test in the final regime (a later cap may still refuse)."""
    return at_rows(persoon("toelatingsroute", period), rows) == Toelatingsroute.puntentoets.index


def _validity(persoon, period, parameters, rows):
    duur = int(proposal_parameters(parameters, period, PATH).geldigheidsduur_maanden)
    return _admitted_by_points(persoon, period, rows).astype(np.int32) * np.int32(duur)  # the variable's dtype


def _non_temporary(persoon, period, parameters, rows):
    """Admitted work gets a residence permit for work, like a GVVA 'arbeid in loondienst': a
    non-temporary purpose except seasonal work (Vb 2000 art. 3.5 lid 2 onder b). `toegelaten` and
    `gezinshereniging_toegestaan` follow from the route and this purpose (variables/toelating)."""
    return _admitted_by_points(persoon, period, rows) & ~at_rows(persoon("seizoenarbeid", period), rows)


def directive_route_outcome(persoon, period, vorige, rows):
    """The directive route's decision for the persons ``rows``: the Blue Card where its conditions
    are met, else ``vorige`` (the previous regime's route, everyone's).

    Where the points test is an extra condition (puntentoets_extra_voorwaarde) and fails, refused.
    """
    route = persoon("richtlijnroute", period)
    blauwe_kaart = at_rows(route, rows) == route.possible_values.europese_blauwe_kaart.index
    return eerste_waar(
        [_extra_condition_fails(persoon, period, rows), blauwe_kaart],
        [Toelatingsroute.geweigerd.index, Toelatingsroute.europese_blauwe_kaart.index],
        at_rows(vorige, rows),
    )


def _extra_condition_fails(persoon, period, rows):
    """For the persons ``rows``: the points test is the extra condition of their directive route and
    fails (no one while the switches are off: the points test is then not read)."""
    extra = at_rows(persoon("puntentoets_extra_voorwaarde", period), rows)
    if not extra.any():
        return extra
    return extra & ~at_rows(persoon("puntentoets_gehaald", period), rows)


def directive_route_ground(persoon, period, vorige_grond, vorige_route, rows):
    """Refusal ground on a directive route for the persons ``rows``: the points test's where it is
    the extra condition that fails; None where it fails for no one (the previous ground stays)."""
    extra_faalt = _extra_condition_fails(persoon, period, rows)
    if not extra_faalt.any():
        return None
    extra_faalt &= at_rows(vorige_route, rows) != Toelatingsroute.geweigerd.index  # admitted before
    return np.where(extra_faalt, points_ground(persoon, period, rows), at_rows(vorige_grond, rows))


DIRECTIVE_ROUTE_KEPT = "puntentoets_richtlijnroute_behouden"


def wrap_directive_routes(reform) -> None:
    """Toelatingsroute and weigeringsgrond on the directive routes (shared with the hybrid variant)."""

    def route(persoon, period, parameters, vorige):
        waarde = vorige(persoon, period, parameters)
        return replace_where(
            persoon, DIRECTIVE_ROUTE_KEPT, period, waarde,
            lambda rows: directive_route_outcome(persoon, period, waarde, rows),
        )

    def grond(persoon, period, parameters, vorige):
        waarde = vorige(persoon, period, parameters)
        return replace_where(
            persoon, DIRECTIVE_ROUTE_KEPT, period, waarde,
            lambda rows: directive_route_ground(persoon, period, waarde, persoon(PREVIOUS_ROUTE, period), rows),
        )

    wrap_formula(reform, "toelatingsroute", route)
    wrap_formula(reform, "weigeringsgrond", grond)


def prepare_points_test(reform, path: str) -> None:
    """What both points-test variants do first: keep the previous route, add the proposal's scope
    variables (``path``: its parameter folder) and keep the EU-directive routes."""
    keep_as(
        reform,
        "toelatingsroute",
        PREVIOUS_ROUTE,
        "Toelatingsroute zonder de brede welvaartstoets (het regime waarop de hervorming is toegepast)",
    )
    for variable in scope_variables(path):
        reform.add_variable(variable)
    wrap_directive_routes(reform)


@register(PATH)
class BredeWelvaartstoets(Proposal):
    parameter_path = "voorstellen.brede_welvaartstoets"
    name = "Brede welvaartstoets (puntensysteem Adviesraad Migratie) vervangt arbeidsmarkttoets en looncriteria"

    def apply(self):
        prepare_points_test(self, PATH)
        decide_where(
            self,
            "puntentoets_beslist",
            {
                "toelatingsroute": _route,
                "weigeringsgrond": lambda persoon, period, parameters, rows: points_ground(persoon, period, rows),
                "verblijfsvergunning_geldigheidsduur_maanden": _validity,
                "verblijfsdoel_niet_tijdelijk": _non_temporary,
            },
        )
