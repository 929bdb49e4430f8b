"""Reform ``brede_welvaartstoets``: the Adviesraad Migratie's broad-welfare points test decides.

For every applicant whom current law would not admit through free movement (EU/EEA/Swiss
nationals, free labour-market access) or an exempt category (Wav art. 3), the points test replaces
the Wav labour-market test and the kennismigrant and EU Blue Card salary tests (Kamerstuk 29861
nr. 153, 9 January 2025). Such an applicant is admitted (route ``puntentoets``) when step 1 (the
job) passes and the total reaches the admission threshold; otherwise refused with ground
``puntentoets_stap_1`` or ``puntentoets_totaal``. The points are the variables
``puntentoets_*`` (variables/voorstellen/brede_welvaartstoets.py); the values are in
parameters/voorstellen/brede_welvaartstoets (all assumptions), the start date in its
``van_toepassing``.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._gemeenschappelijk import (
    KAMERBRIEF_29861_153,
    Voorstel,
    beslis_waar,
    bewaar_als,
    van_toepassing,
    voorstel,
)

PAD = "brede_welvaartstoets"
BUITEN_DE_TOETS = [Toelatingsroute.vrij_verkeer.index, Toelatingsroute.vrijgesteld.index]


class puntentoets_beslist(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De brede welvaartstoets beslist over de toelating van deze aanvrager"
    reference = KAMERBRIEF_29861_153
    documentation = """
    True while the reform applies (van_toepassing) for an applicant whom the previous regime would
    not admit through free movement or as an exempt category (toelatingsroute_zonder_brede_welvaartstoets
    not vrij_verkeer / vrijgesteld).
    """

    def formula(persoon, period, parameters):
        if not van_toepassing(parameters, period, PAD):
            return persoon.filled_array(False)
        route = persoon("toelatingsroute_zonder_brede_welvaartstoets", period)
        return ~np.isin(np.asarray(route), BUITEN_DE_TOETS)


def _route(persoon, period, parameters):
    gehaald = persoon("puntentoets_gehaald", period)
    return np.where(gehaald, Toelatingsroute.puntentoets.index, Toelatingsroute.geweigerd.index)


def _weigeringsgrond(persoon, period, parameters):
    return np.select(
        [persoon("puntentoets_gehaald", period), persoon("puntentoets_stap_1_gehaald", period)],
        [Weigeringsgrond.geen.index, Weigeringsgrond.puntentoets_totaal.index],
        Weigeringsgrond.puntentoets_stap_1.index,
    )


def _toegelaten_met_punten(persoon, period):
    """Admitted through the points test in the final regime (a later cap may still refuse)."""
    return persoon("toelatingsroute", period) == Toelatingsroute.puntentoets


def _geldigheidsduur(persoon, period, parameters):
    duur = int(voorstel(parameters, period, PAD).geldigheidsduur_maanden)
    return np.where(_toegelaten_met_punten(persoon, period), duur, 0)


def _niet_tijdelijk(persoon, period, parameters):
    """Admitted work gets a residence permit for work, like a GVVA 'arbeid in loondienst': a
    non-temporary purpose except seasonal work (Vb 2000 art. 3.5 lid 2 onder b). `toegelaten` and
    `gezinshereniging_toegestaan` follow from the route and this purpose (variables/toelating)."""
    return _toegelaten_met_punten(persoon, period) & ~persoon("seizoenarbeid", period)


@register(PAD)
class BredeWelvaartstoets(Voorstel):
    parameter_path = "voorstellen.brede_welvaartstoets"
    name = "Brede welvaartstoets (puntensysteem Adviesraad Migratie) vervangt arbeidsmarkttoets en looncriteria"

    def apply(self):
        bewaar_als(
            self,
            "toelatingsroute",
            "toelatingsroute_zonder_brede_welvaartstoets",
            "Toelatingsroute zonder de brede welvaartstoets (het regime waarop de hervorming is toegepast)",
        )
        self.add_variable(puntentoets_beslist)
        beslis_waar(
            self,
            "puntentoets_beslist",
            {
                "toelatingsroute": _route,
                "weigeringsgrond": _weigeringsgrond,
                "verblijfsvergunning_geldigheidsduur_maanden": _geldigheidsduur,
                "verblijfsdoel_niet_tijdelijk": _niet_tijdelijk,
            },
        )
