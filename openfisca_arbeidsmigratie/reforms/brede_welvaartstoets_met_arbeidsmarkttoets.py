"""Reform ``brede_welvaartstoets_met_arbeidsmarkttoets``: the points test added to the labour-market test.

The cabinet keeps the test on priority supply (Kamerstuk 29861 nr. 153: "Daarbij past beleidsmatig
de toets op prioriteit genietend aanbod") and weighs tightening the kennismigrant scheme. This
variant keeps current law and adds the Adviesraad's points test as an extra condition, for the same
applicants as ``brede_welvaartstoets`` (``puntentoets_beslist``: its scope and its EU-directive routes):

* TWV/GVVA: the Wav labour-market test (priority supply, vacancy report, recruitment; Wav art. 8
  and 9) still applies (route_twv_gvva_open) and the points test must pass too;
* kennismigrant (an application through a recognised sponsor): the points test supplements the
  salary criterion (route_kennismigrant_open and the points test), or, with
  ``kennismigrant_puntentoets_vervangt_looncriterium`` true, replaces it (a reliable recognised
  sponsor, a market-conform wage paid by bank transfer, and the points test);
* EU-directive routes as under ``brede_welvaartstoets``.

Admitted applicants keep the route and the permit of current law (kennismigrant or twv_gvva); the
refusal ground is current law's where a current-law condition fails, else ``puntentoets_stap_1`` /
``puntentoets_totaal``. The points and the scope switches are those of brede_welvaartstoets; its own
parameters (parameters/voorstellen/brede_welvaartstoets_met_arbeidsmarkttoets) are the start date
and the kennismigrant switch. It cannot be combined with ``brede_welvaartstoets``.
"""

from __future__ import annotations

from openfisca_arbeidsmigratie.codes import eerste_waar
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import (
    Proposal,
    at_rows,
    proposal_parameters,
    replace_where,
    wrap_formula,
)
from openfisca_arbeidsmigratie.reforms.brede_welvaartstoets import (
    PREVIOUS_ROUTE,
    points_ground,
    prepare_points_test,
)

PATH = "brede_welvaartstoets_met_arbeidsmarkttoets"


def _replaces_salary_criterion(parameters, period) -> bool:
    return bool(proposal_parameters(parameters, period, PATH).kennismigrant_puntentoets_vervangt_looncriterium)


def _kennismigrant_route_open(persoon, period, parameters, rows):
    """The kennismigrant route with the points test (supplementing or replacing the salary
    criterion), for the persons ``rows``."""
    gehaald = at_rows(persoon("puntentoets_gehaald", period), rows)
    if not _replaces_salary_criterion(parameters, period):
        return at_rows(persoon("route_kennismigrant_open", period), rows) & gehaald
    return (
        at_rows(persoon.werkgever("erkend_referent_betrouwbaar", period), rows)
        & at_rows(persoon("kennismigrant_loon_marktconform_en_giraal", period), rows)
        & gehaald
    )


def _route(persoon, period, parameters, rows):
    twv = at_rows(persoon("route_twv_gvva_open", period), rows) & at_rows(persoon("puntentoets_gehaald", period), rows)
    return eerste_waar(
        [_kennismigrant_route_open(persoon, period, parameters, rows), twv],
        [Toelatingsroute.kennismigrant.index, Toelatingsroute.twv_gvva.index],
        Toelatingsroute.geweigerd.index,
    )


def _ground(persoon, period, parameters, vorige_grond, rows):
    toegelaten = _route(persoon, period, parameters, rows) != Toelatingsroute.geweigerd.index
    gehaald = at_rows(persoon("puntentoets_gehaald", period), rows)
    vorige_toegelaten = at_rows(persoon(PREVIOUS_ROUTE, period), rows) != Toelatingsroute.geweigerd.index
    punten = points_ground(persoon, period, rows)
    vorige_grond = at_rows(vorige_grond, rows)
    if _replaces_salary_criterion(parameters, period):
        # Through a recognised sponsor the salary criterion no longer applies: sponsor, then points.
        sponsor = at_rows(persoon.werkgever("erkend_referent", period), rows)
        betrouwbaar = at_rows(persoon.werkgever("erkend_referent_betrouwbaar", period), rows)
        kennismigrant = eerste_waar(
            [~betrouwbaar, ~gehaald],
            [Weigeringsgrond.kennismigrant_geen_erkend_referent.index, punten],
            Weigeringsgrond.overig.index,
        )
        vorige_grond = eerste_waar([sponsor], [kennismigrant], vorige_grond)
    return eerste_waar(
        [toegelaten, ~gehaald & vorige_toegelaten],
        [Weigeringsgrond.geen.index, punten],
        vorige_grond,
    )


@register(PATH)
class BredeWelvaartstoetsMetArbeidsmarkttoets(Proposal):
    parameter_path = "voorstellen.brede_welvaartstoets_met_arbeidsmarkttoets"
    name = "Brede welvaartstoets als extra voorwaarde naast de arbeidsmarkttoets (Wav) en de kennismigrantenregeling"

    def apply(self):
        if "puntentoets_beslist" in self.variables:
            msg = (
                "brede_welvaartstoets_met_arbeidsmarkttoets cannot be combined with brede_welvaartstoets: "
                "choose one of the two points-test variants."
            )
            raise ValueError(msg)
        prepare_points_test(self, PATH)

        def route(persoon, period, parameters, vorige):
            waarde = vorige(persoon, period, parameters)
            return replace_where(
                persoon, "puntentoets_beslist", period, waarde, lambda rows: _route(persoon, period, parameters, rows)
            )

        def grond(persoon, period, parameters, vorige):
            waarde = vorige(persoon, period, parameters)
            return replace_where(
                persoon, "puntentoets_beslist", period, waarde,
                lambda rows: _ground(persoon, period, parameters, waarde, rows),
            )

        wrap_formula(self, "toelatingsroute", route)
        wrap_formula(self, "weigeringsgrond", grond)
