"""Reform ``vijfjarige_vergunning``: a five-year permit for every non-EU labour migrant.

The Adviesraad Migratie proposes (Kamerstuk 29861 nr. 153) that all labour migrants from outside
the EU first get a temporary residence permit for five years, then the prospect of permanent
residence and the right to family reunification, the same for all admission schemes. For every
applicant admitted through a non-EU labour route (kennismigrant, EU Blue Card, TWV/GVVA, points
test) while the reform applies:

* verblijfsvergunning_geldigheidsduur_maanden = geldigheidsduur_maanden (60);
* verblijfsdoel_niet_tijdelijk = True (also for seasonal work), hence
  uitzicht_op_verblijf_onbepaalde_tijd and gezinshereniging_toegestaan True;
* vroegste_maand_verblijf_onbepaalde_tijd = the month of the application + the permit's validity.

Free movement and exempt categories are untouched. Combine with a route reform in any order, e.g.
``brede_welvaartstoets+vijfjarige_vergunning``.
"""

from __future__ import annotations

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._gemeenschappelijk import (
    KAMERBRIEF_29861_153,
    Voorstel,
    beslis_waar,
    is_arbeidsmigratieroute,
    van_toepassing,
    voorstel,
)

PAD = "vijfjarige_vergunning"


class vijfjarige_vergunning_verleend(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De aanvrager krijgt de vijfjarige verblijfsvergunning voor arbeidsmigranten"
    reference = KAMERBRIEF_29861_153
    documentation = "While the reform applies: admitted through a non-EU labour route (kennismigrant, Blue Card, TWV/GVVA, points test)."

    def formula(persoon, period, parameters):
        if not van_toepassing(parameters, period, PAD):
            return persoon.filled_array(False)
        return is_arbeidsmigratieroute(persoon("toelatingsroute", period))


def _duur(persoon, period, parameters):
    return persoon.filled_array(int(voorstel(parameters, period, PAD).geldigheidsduur_maanden))


def _vroegste_maand(persoon, period, parameters):
    maand = persoon("aanvraagdatum", period).astype("datetime64[M]")
    return (maand + _duur(persoon, period, parameters).astype("timedelta64[M]")).astype(
        "datetime64[D]"
    )


@register(PAD)
class VijfjarigeVergunning(Voorstel):
    parameter_path = "voorstellen.vijfjarige_vergunning"
    name = "Vijfjarige verblijfsvergunning voor alle arbeidsmigranten van buiten de EU (Adviesraad Migratie)"
    fase = 3

    def apply(self):
        self.add_variable(vijfjarige_vergunning_verleend)
        beslis_waar(
            self,
            "vijfjarige_vergunning_verleend",
            {
                "verblijfsvergunning_geldigheidsduur_maanden": _duur,
                "verblijfsdoel_niet_tijdelijk": lambda persoon, period, parameters: (
                    persoon.filled_array(True)
                ),
                "vroegste_maand_verblijf_onbepaalde_tijd": _vroegste_maand,
            },
        )
